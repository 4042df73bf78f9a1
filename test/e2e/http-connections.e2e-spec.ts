import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { startTestApp, TestApp } from '../helpers/test-app';

const HEADERS_TIMEOUT_MS = 400;

/** A raw client socket: what it has received so far, and a promise of its closing. */
interface RawConn {
  socket: net.Socket;
  received(): string;
  closed: Promise<number>;
}

function connect(port: number): Promise<RawConn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const opened = Date.now();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => undefined);
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - opened)));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

async function until(cond: () => boolean | Promise<boolean>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

/** How long `conn` stays open, or -1 if it still is after `ms`. */
async function lifetime(conn: RawConn, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<number>((r) => (timer = setTimeout(() => r(-1), ms)));
  try {
    return await Promise.race([conn.closed, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A complete response (headers and a Content-Length body) in `text`, else undefined. */
function response(text: string): string | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1] ?? NaN);
  return Buffer.byteLength(text.slice(end + 4)) >= length ? text : undefined;
}

/** One keep-alive GET /healthz on an open raw connection; resolves with the status line. */
async function healthz(conn: RawConn): Promise<string> {
  const before = conn.received().length;
  conn.socket.write('GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n');
  await until(() => response(conn.received().slice(before)) !== undefined);
  return conn.received().slice(before).split('\r\n')[0];
}

describe('HTTP connection limits', () => {
  let t: TestApp;
  let port: number;
  const open: RawConn[] = [];
  beforeAll(async () => {
    t = await startTestApp({
      listen: true,
      env: {
        HTTP_MAX_CONNECTIONS: '2',
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '30000',
      },
    });
    port = ((t.app.getHttpServer() as http.Server).address() as AddressInfo).port;
  });
  afterEach(async () => {
    open.splice(0).forEach((c) => c.socket.destroy());
    const server = t.app.getHttpServer() as http.Server;
    await until(() => new Promise((r) => server.getConnections((_err, n) => r(n === 0))));
  });
  afterAll(() => t.close());

  const track = async (c: Promise<RawConn>) => {
    const conn = await c;
    open.push(conn);
    return conn;
  };

  it('closes connections over the cap while an existing one keeps being answered', async () => {
    const first = await track(connect(port));
    expect(await healthz(first)).toBe('HTTP/1.1 200 OK');
    const second = await track(connect(port));
    expect(await healthz(second)).toBe('HTTP/1.1 200 OK');
    const third = await track(connect(port));
    third.socket.write('GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n');
    await third.closed;
    expect(third.received()).toBe('');
    expect(await healthz(first)).toBe('HTTP/1.1 200 OK');
    expect(await healthz(second)).toBe('HTTP/1.1 200 OK');
  });

  it('closes a connection that sends half a request line within the header timeout', async () => {
    const half = await track(connect(port));
    half.socket.write('GET /healthz HT');
    const lived = await lifetime(half, 5_000);
    expect(lived).toBeGreaterThan(0);
    expect(lived).toBeLessThan(HEADERS_TIMEOUT_MS + 1_500);
  });

  it('closes a connection that sends nothing within the header timeout', async () => {
    const silent = await track(connect(port));
    const lived = await lifetime(silent, 5_000);
    expect(lived).toBeGreaterThan(0);
    expect(lived).toBeLessThan(HEADERS_TIMEOUT_MS + 1_500);
  });

  it('sends no X-Powered-By header', async () => {
    const res = await t.post('/auth/parse_token', { token: 'x' });
    expect(res.headers).not.toHaveProperty('x-powered-by');
    const health = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ port, host: '127.0.0.1', path: '/healthz', agent: false }, resolve),
    );
    health.resume();
    expect(health.statusCode).toBe(200);
    expect(health.headers).not.toHaveProperty('x-powered-by');
  });
});
