import { ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { freshDatabase } from './database';
import { dropRedisPrefix } from './test-app';

/** The built server (dist/main.js) as a separate process, for tests that kill or restart it. */
export interface ServerProcess {
  base: string;
  /** the WebSocket gateway, `ws://127.0.0.1:<WS_PORT>/` */
  ws: string;
  child: ChildProcess;
  /** resolves when the process has exited */
  exited: Promise<void>;
}

const MAIN = path.resolve(__dirname, '../../dist/main.js');

/** A port nobody listens on right now (the kernel's pick), so a spawned server rarely races another process. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface SpawnOptions {
  /** receives the server's stderr (still shown on the test's stderr) */
  onStderr?: (text: string) => void;
  /** options for node itself, before the script (e.g. --cpu-prof, which NODE_OPTIONS does not take) */
  nodeArgs?: string[];
}

export async function spawnServer(env: Record<string, string>, opts: SpawnOptions = {}): Promise<ServerProcess> {
  // A port taken between our check and the server's listen makes it exit at start-up: try another.
  for (let attempt = 0; ; attempt++) {
    try {
      return await spawnOnce(env, await freePort(), opts);
    } catch (err) {
      if (attempt >= 2 || !(err instanceof StartupExit)) throw err;
    }
  }
}

class StartupExit extends Error {}

async function spawnOnce(env: Record<string, string>, port: number, opts: SpawnOptions): Promise<ServerProcess> {
  const wsPort = env.WS_PORT ?? String(await freePort());
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN], {
    env: { ...process.env, API_PORT: String(port), LOG_LEVEL: 'error', ...env, WS_PORT: wsPort },
    stdio: ['ignore', 'ignore', opts.onStderr ? 'pipe' : 'inherit'],
  });
  const { onStderr } = opts;
  if (onStderr) {
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      onStderr(chunk.toString('utf8'));
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  // a gateway-only node has no REST API: its gateway port answers /healthz
  const health = env.ROLE === 'gateway' ? `http://127.0.0.1:${wsPort}/healthz` : `${base}/healthz`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new StartupExit(`server exited with ${child.exitCode} during start-up`);
    const ok = await new Promise<boolean>((resolve) =>
      http.get(health, (res) => resolve(res.statusCode === 200)).on('error', () => resolve(false)),
    );
    if (ok) return { base, ws: `ws://127.0.0.1:${wsPort}/`, child, exited };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy');
}

export interface Envelope {
  errCode: number;
  errDlt: string;
  data: Record<string, unknown>;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POST over a real socket; rejects when the connection breaks (e.g. the server was killed). */
export function httpPost(base: string, route: string, body: unknown, token?: string): Promise<Envelope> {
  const payload = Buffer.from(JSON.stringify(body));
  const url = new URL(route, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...(token ? { token } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope);
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface ProcessStorage {
  /** environment for spawnServer: the same storage for every process started with it */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * Storage that outlives a server process: a temporary DATA_DIR for the embedded database, or a fresh database
 * on the PostgreSQL of DATABASE_URL; with REDIS_URL a fresh key prefix too.
 */
export async function processStorage(): Promise<ProcessStorage> {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const db = await freshDatabase(process.env.DATABASE_URL);
    env = { DATABASE_URL: db.url };
    cleanup = db.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'im-proc-'));
    env = { DATA_DIR: dir };
    cleanup = () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true }));
  }
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    const prefix = `improc:${randomBytes(4).toString('hex')}:`;
    env = { ...env, REDIS_URL: redisUrl, REDIS_PREFIX: prefix };
    const dropStorage = cleanup;
    cleanup = async () => {
      await dropStorage();
      await dropRedisPrefix(redisUrl, prefix);
    };
  }
  return { env, cleanup };
}

/** GET over a real socket: the status and the parsed JSON body. */
export function httpGetJson(base: string, route: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(route, base), { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            resolve({ status: res.statusCode ?? 0, body });
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
