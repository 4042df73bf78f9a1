import * as net from 'node:net';

/**
 * A TCP proxy to a database that can be frozen: while frozen it accepts connections and reads what is sent but
 * forwards nothing in either direction, as a network that silently drops packets would. Thawed, it delivers what
 * it held (to connections still open) and forwards again.
 */
export interface FreezableProxy {
  port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezableProxy(targetPort: number): Promise<FreezableProxy> {
  let frozen = false;
  const held: { to: net.Socket; chunk: Buffer }[] = [];
  const waiting = new Set<net.Socket>();
  const sockets = new Set<net.Socket>();

  const forward = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (frozen) held.push({ to, chunk });
      else if (!to.destroyed) to.write(chunk);
    });
    from.on('close', () => to.destroy());
  };
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => {
      sockets.delete(s);
      waiting.delete(s);
    });
  };
  const connectUpstream = (client: net.Socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    track(upstream);
    forward(client, upstream);
    forward(upstream, client);
  };

  const server = net.createServer((client) => {
    track(client);
    // No 'data' listener yet: what the client sends stays buffered until the connection is made.
    if (frozen) waiting.add(client);
    else connectUpstream(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const { to, chunk } of held.splice(0)) if (!to.destroyed) to.write(chunk);
      for (const client of [...waiting]) {
        waiting.delete(client);
        connectUpstream(client);
      }
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
