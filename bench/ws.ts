/*
 * npm run bench:ws — the WebSocket gateway under load, and a bare `ws` relay under the same load as the baseline.
 *
 * Starts the built server (dist/) on a fresh PostgreSQL database + a Redis key prefix of its own (both removed
 * afterwards; --pglite for the embedded database instead), registers C users, then forks the load process
 * (bench/ws-load.ts): C clients connect, the server's RSS and CPU are read with them idle, then S of them send
 * single-chat text messages closed-loop to online peers for the duration. The same load then runs against
 * bench/ws-relay.ts.
 *
 * Flags (or env): --clients BENCH_WS_CLIENTS (2000), --senders BENCH_WS_SENDERS (200), --seconds BENCH_WS_SECONDS
 * (15), --codec BENCH_WS_CODEC (json | gob | gob+gzip | json+gzip), --window BENCH_WS_WINDOW (sends in flight per
 * sender, 1), --pglite BENCH_WS_PGLITE=1, --no-baseline BENCH_WS_BASELINE=0, --cpu-prof BENCH_WS_CPU_PROF=<dir>
 * (the server writes a .cpuprofile there on exit); BENCH_DATABASE_URL, BENCH_REDIS_URL.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort, httpPost, spawnServer } from '../test/helpers/server-process';
import { dropRedisPrefix } from '../test/helpers/test-app';
import { collectGarbage } from './ws-shared';
import type { BenchCodec, LoadUser } from './ws-shared';
import { compare, report, type Measured } from './ws-report';
import { measure, startRelay, type LoadOptions } from './ws-measure';

const argv = process.argv.slice(2);
function opt(flag: string, env: string, fallback: string): string {
  const i = argv.indexOf(`--${flag}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : (process.env[env] ?? fallback);
}
const CLIENTS = Number(opt('clients', 'BENCH_WS_CLIENTS', '2000'));
const SENDERS = Number(opt('senders', 'BENCH_WS_SENDERS', '200'));
const SECONDS = Number(opt('seconds', 'BENCH_WS_SECONDS', '15'));
const WINDOW = Number(opt('window', 'BENCH_WS_WINDOW', '1'));
const CODEC = opt('codec', 'BENCH_WS_CODEC', 'json') as BenchCodec;
const PGLITE = argv.includes('--pglite') || process.env.BENCH_WS_PGLITE === '1';
const BASELINE = !argv.includes('--no-baseline') && process.env.BENCH_WS_BASELINE !== '0';
const CPU_PROF = opt('cpu-prof', 'BENCH_WS_CPU_PROF', '');
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** the JS SDK connects as Web, the Go SDK as (say) Android */
const PLATFORM = CODEC.startsWith('json') ? 5 : 2;
/** the whole bench stops by itself after this long */
const WATCHDOG_MS = 10 * 60_000 + SECONDS * 2_000;
const children: ChildProcess[] = [];
const loadOptions: LoadOptions = {
  seconds: SECONDS,
  senders: SENDERS,
  window: WINDOW,
  codec: CODEC,
  platformID: PLATFORM,
  children,
};

async function registerUsers(base: string, tag: string): Promise<LoadUser[]> {
  const secret = process.env.IM_SECRET ?? 'openIM123';
  const admin = (await httpPost(base, '/auth/get_admin_token', { userID: 'imAdmin', secret })).data.token as string;
  const ids = Array.from({ length: CLIENTS }, (_, i) => `bw${tag}_${i}`);
  for (let i = 0; i < ids.length; i += 1000) {
    const users = ids.slice(i, i + 1000).map((userID) => ({ userID, nickname: userID }));
    const r = await httpPost(base, '/user/user_register', { users }, admin);
    if (r.errCode) throw new Error(`register: ${r.errDlt}`);
  }
  const out: LoadUser[] = new Array<LoadUser>(ids.length);
  let i = 0;
  const worker = async () => {
    while (i < ids.length) {
      const k = i++;
      const r = await httpPost(base, '/auth/get_user_token', { userID: ids[k], platformID: PLATFORM }, admin);
      if (r.errCode) throw new Error(`token: ${r.errDlt}`);
      out[k] = { userID: ids[k], token: r.data.token as string };
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return out;
}

/** The server: its storage, the users, the measurement; storage removed afterwards. */
async function benchGateway(tag: string): Promise<{ m: Measured; stored?: number; users: LoadUser[] }> {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let storage: string;
  let countStored: (() => Promise<number>) | undefined;
  let dbPids: (() => Promise<number[]>) | undefined;
  if (PGLITE) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'im-bench-ws-'));
    env = { DATA_DIR: dir };
    cleanup = () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true }));
    storage = 'PGlite (embedded)';
  } else {
    const name = `imbench_ws_${tag}`;
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect().catch((err: Error) => {
      throw new Error(`PostgreSQL at ${PG_URL} not reachable (${err.message}): set BENCH_DATABASE_URL or use --pglite`);
    });
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString(), REDIS_URL, REDIS_PREFIX: `${name}:` };
    dbPids = async () =>
      (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])).rows
        .map((r) => r.pid)
        .filter((p) => fs.existsSync(`/proc/${p}/stat`));
    countStored = async () => {
      const db = new Client({ connectionString: url.toString() });
      await db.connect();
      const r = await db.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE content_type = 101');
      await db.end();
      return Number(r.rows[0].n);
    };
    cleanup = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await dropRedisPrefix(REDIS_URL, `${name}:`);
    };
    storage = 'PostgreSQL + Redis';
  }
  const wsPort = await freePort();
  // the inspector (loopback, a port of the kernel's choice) is how the bench asks the server for a full GC
  const nodeArgs = [
    '--inspect=127.0.0.1:0',
    ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : []),
  ];
  let inspector = '';
  const onStderr = (text: string) => (inspector ||= /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1] ?? '');
  try {
    const server = await spawnServer({ LOG_LEVEL: 'warn', WS_PORT: String(wsPort), ...env }, { nodeArgs, onStderr });
    children.push(server.child);
    try {
      const users = await registerUsers(server.base, tag);
      const label = `gateway (${storage})`;
      const url = `ws://127.0.0.1:${wsPort}/`;
      const m = await measure(
        { label, url, pid: server.child.pid!, gc: () => collectGarbage(inspector), dbPids },
        users,
        loadOptions,
      );
      return { m, stored: await countStored?.(), users };
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  } finally {
    await cleanup();
  }
}

async function benchRelay(users: LoadUser[]): Promise<Measured> {
  const relay = await startRelay(await freePort(), children);
  try {
    const label = 'baseline (bare ws relay)';
    return await measure({ label, url: relay.url, pid: relay.pid, gc: relay.gc }, users, loadOptions);
  } finally {
    relay.stop();
  }
}

function fdLimit(): number {
  // a child inherits our limits, so the shell's answer is ours (Node has no getrlimit)
  return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.resolve(__dirname, '../dist/main.js'))) throw new Error('run `npm run build` first');
  const limit = fdLimit();
  if (limit < CLIENTS + 256) {
    throw new Error(
      `open-file limit ${limit} is too low for ${CLIENTS} clients (server and load process each hold one ` +
        `descriptor per connection): run \`ulimit -n ${CLIENTS + 1024}\` first, or lower BENCH_WS_CLIENTS`,
    );
  }
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  console.log(`${os.cpus().length} cores shared by server, database, Redis and load process; load average ${load}`);
  const tag = randomBytes(3).toString('hex');
  const setup = `${SENDERS} senders, ${CODEC}, window ${WINDOW}`;
  const g = await benchGateway(tag);
  report(g.m, setup, g.stored);
  if (!BASELINE) return;
  const b = await benchRelay(g.users);
  report(b, setup);
  compare(g.m, b);
}

setTimeout(() => {
  console.error('bench:ws took too long: stopping');
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
}, WATCHDOG_MS).unref();

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    process.exit(1);
  },
);
