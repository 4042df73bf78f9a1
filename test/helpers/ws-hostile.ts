import { deflateRawSync } from 'node:zlib';
import type { Socket } from 'node:net';
import type { WsConnection } from '../../src/gateway/ws-connection';
import type { WsTestClient } from './ws-client';

/** The client stops reading: the kernel's buffers fill, then the server's queue for it. */
export function stopReading(c: WsTestClient): void {
  (c.ws as unknown as { _socket: Socket })._socket.pause();
}

/** Waits (polling server-side state, bounded) until the condition holds. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
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

/**
 * One client-to-server WebSocket frame as bytes (binary, final, mask key 0): with `deflated`, the payload is sent
 * permessage-deflate compressed (RSV1). Written straight to the TCP socket, many frames land in one chunk.
 */
export function rawClientFrame(payload: Buffer, deflated = false): Buffer {
  const body = deflated ? deflateRawSync(payload).subarray(0, -4) : payload;
  const first = 0x82 | (deflated ? 0x40 : 0);
  const len =
    body.length < 126
      ? Buffer.from([first, 0x80 | body.length])
      : Buffer.from([first, 0x80 | 126, body.length >> 8, body.length & 0xff]);
  if (body.length >= 65_536) throw new Error('frame too large for this helper');
  return Buffer.concat([len, Buffer.alloc(4), body]);
}

/** Writes bytes straight to a client's TCP socket, past its WebSocket sender. */
export function writeRaw(c: WsTestClient, bytes: Buffer): void {
  (c.ws as unknown as { _socket: Socket })._socket.write(bytes);
}
