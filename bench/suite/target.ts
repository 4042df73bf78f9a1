/*
 * The server under test for one scenario: the built server (dist/) started as its own process on a fresh
 * PostgreSQL database and a Redis key prefix of its own when both answer, else on a temporary embedded database;
 * removed again when the scenario ends. Plus the HTTP helpers every scenario needs.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { freePort, httpPost, spawnServer } from '../../test/helpers/server-process';
import { dropRedisPrefix } from '../../test/helpers/test-app';
import { collectGarbage } from '../ws-shared';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = process.env.IM_SECRET ?? 'openIM123';

export interface Target {
  base: string;
  ws: string;
  pid: number;
  /** the scenario's own database, when on PostgreSQL */
  dbUrl?: string;
  storage: string;
  admin: string;
  /** a full GC in the server (through its inspector), so RSS readings compare collected heaps */
  gc: () => Promise<void>;
  /** process IDs of the PostgreSQL backends serving this database */
  dbPids: () => Promise<number[]>;
  stop: () => Promise<void>;
}

/** Children the run started, killed by the watchdog or on a crash. */
export const children = new Set<{ kill: (signal: NodeJS.Signals) => unknown }>();
/** Stop functions of the targets still running, so that the watchdog can still drop their databases. */
export const running = new Set<() => Promise<void>>();

let pgAndRedis: boolean | undefined;
async function servicesAnswer(): Promise<boolean> {
  if (process.env.BENCH_PGLITE === '1') return false;
  const c = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await c.connect();
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
    r.disconnect();
  }
}

export async function storageLabel(): Promise<string> {
  pgAndRedis ??= await servicesAnswer();
  return pgAndRedis ? 'PostgreSQL + Redis' : 'PGlite (embedded)';
}

/** BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops (see bench/profile-top.ts). */
function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

export async function startTarget(env: Record<string, string> = {}): Promise<Target> {
  const storage = await storageLabel();
  const tag = randomBytes(4).toString('hex');
  const cleanups: (() => Promise<void>)[] = [];
  let dbEnv: Record<string, string>;
  let dbUrl: string | undefined;
  let admin: Client | undefined;
  if (pgAndRedis) {
    const name = `imbench_${tag}`;
    admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    dbUrl = url.toString();
    dbEnv = { DATABASE_URL: dbUrl, REDIS_URL, REDIS_PREFIX: `${name}:` };
    const a = admin;
    cleanups.push(async () => {
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
      await dropRedisPrefix(REDIS_URL, `${name}:`);
    });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'im-bench-'));
    dbEnv = { DATA_DIR: dir };
    cleanups.push(() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })));
  }
  let inspector = '';
  const onStderr = (text: string) => (inspector ||= /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1] ?? '');
  const wsPort = await freePort();
  try {
    const server = await spawnServer(
      { LOG_LEVEL: 'warn', WS_PORT: String(wsPort), ...dbEnv, ...env },
      { nodeArgs: ['--inspect=127.0.0.1:0', ...profileArgs()], onStderr },
    );
    children.add(server.child);
    cleanups.unshift(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      children.delete(server.child);
    });
    const stop = async () => {
      running.delete(stop);
      for (const c of cleanups) await c().catch((err: Error) => console.error(`cleanup: ${err.message}`));
    };
    running.add(stop);
    const token = (await httpPost(server.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: SECRET })).data
      .token as string;
    return {
      base: server.base,
      ws: server.ws,
      pid: server.child.pid!,
      dbUrl,
      storage,
      admin: token,
      gc: () => collectGarbage(inspector),
      dbPids: async () =>
        admin
          ? (
              await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
            ).rows.map((r) => r.pid)
          : [],
      stop,
    };
  } catch (err) {
    for (const c of cleanups) await c().catch(() => undefined);
    throw err;
  }
}

/** POST returning data; any errCode ≠ 0 throws with the route named. */
export async function call<T = Record<string, unknown>>(
  base: string,
  route: string,
  body: unknown,
  token?: string,
): Promise<T> {
  const r = await httpPost(base, route, body, token);
  if (r.errCode) throw new Error(`${route}: ${r.errCode} ${r.errDlt}`);
  return r.data as T;
}

export async function registerUsers(t: Target, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    const users = ids.slice(i, i + 1000).map((userID) => ({ userID, nickname: userID }));
    await call(t.base, '/user/user_register', { users }, t.admin);
  }
}

/** User tokens, 32 requests in flight. */
export async function userTokens(t: Target, ids: string[], platformID: number): Promise<string[]> {
  const out = new Array<string>(ids.length);
  let i = 0;
  const worker = async () => {
    while (i < ids.length) {
      const k = i++;
      const d = await call<{ token: string }>(t.base, '/auth/get_user_token', { userID: ids[k], platformID }, t.admin);
      out[k] = d.token;
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return out;
}

export function newTag(): string {
  return randomBytes(3).toString('hex');
}

/** A positive integer from the environment (sizes of the scenarios; CI sets tiny ones). */
export function sizeFromEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
