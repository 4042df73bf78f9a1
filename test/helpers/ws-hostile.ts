import type { Socket } from 'node:net';
import type { WsConnection } from '../../src/gateway/ws-connection';
import type { WsTestClient } from './ws-client';

/** The client stops reading: the kernel's buffers fill, then the server's queue for it. */
export function stopReading(c: WsTestClient): void {
  (c.ws as unknown as { _socket: Socket })._socket.pause();
}

/** Waits (polling server-side state, bounded) until the condition holds. */
export async function waitFor(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves when the server's end of a connection is closed; rejects after `ms`. */
export function serverSocketClosed(conn: WsConnection, ms: number): Promise<number> {
  const opened = Date.now();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server socket still open ${ms} ms later`)), ms);
    conn.socket.once('close', () => {
      clearTimeout(t);
      resolve(Date.now() - opened);
    });
  });
}

/** The only connection a user has on this node. */
export function onlyConnection(conns: ReadonlySet<WsConnection>): WsConnection {
  expect(conns.size).toBe(1);
  return [...conns][0];
}
