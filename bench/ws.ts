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
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort, httpPost, spawnServer } from '../test/helpers/server-process';
import { dropRedisPrefix } from '../test/helpers/test-app';
import { cpuPercentOver, cpuSeconds, cpuStallMicros, rssBytes, sleep, type BenchCodec } from './ws-shared';
import type { FromLoad } from './ws-shared';
import type { LoadResult, LoadUser, ToLoad } from './ws-shared';

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
const IDLE_CPU_MS = 5_000;
const DRAIN_SECONDS = 10;
/** the whole bench stops by itself after this long */
const WATCHDOG_MS = 10 * 60_000 + SECONDS * 2_000;
const children: ChildProcess[] = [];

interface Measured {
  label: string;
  connected: number;
  connectSeconds: number;
  rssBefore: number;
  rssIdle: number;
  idleCpu: number;
  runCpu: number;
  /** CPU of the database's server processes (PostgreSQL backends of the bench database) while sending */
  dbCpu?: number;
  /** percent of the sending window in which some task on the machine waited for a CPU */
  pressure?: number;
  result: LoadResult;
}

/** Forks the load process, connects C clients to `url`, measures idle, runs the sends; the server is `pid`. */
async function measure(
  label: string,
  url: string,
  pid: number,
  users: LoadUser[],
  dbPids?: () => Promise<number[]>,
): Promise<Measured> {
  const load = fork(path.resolve(__dirname, 'ws-load.ts'), [], { execArgv: ['-r', '@swc-node/register'] });
  children.push(load);
  const inbox: FromLoad[] = [];
  let wake: () => void = () => undefined;
  load.on('message', (m: FromLoad) => {
    inbox.push(m);
    wake();
  });
  const next = async <T extends FromLoad['t']>(t: T): Promise<Extract<FromLoad, { t: T }>> => {
    for (;;) {
      const m = inbox.shift();
      if (m?.t === 'fatal') throw new Error(m.message);
      if (m?.t === t) return m as Extract<FromLoad, { t: T }>;
      if (!m) {
        if (load.exitCode !== null) throw new Error(`load process exited with ${load.exitCode}`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  };
  load.on('exit', () => wake());
  const send = (m: ToLoad) => load.send(m);
  await sleep(1_000);
  const rssBefore = rssBytes(pid);
  send({ t: 'connect', url, users, codec: CODEC, platformID: PLATFORM });
  const c = await next('connected');
  if (c.failed) console.log(`${label}: ${c.failed} connections failed, first: ${c.firstError}`);
  await sleep(2_000);
  const rssIdle = rssBytes(pid);
  const idleCpu = await cpuPercentOver(pid, IDLE_CPU_MS);
  const cpu0 = cpuSeconds(pid);
  const stall0 = cpuStallMicros();
  const db0 = dbPids && new Map((await dbPids()).map((p) => [p, cpuSeconds(p)]));
  send({ t: 'run', seconds: SECONDS, senders: SENDERS, window: WINDOW, drainSeconds: DRAIN_SECONDS });
  const during = sleep(SECONDS * 1000).then(async () => {
    const stall = cpuStallMicros();
    const pressure = stall === undefined || stall0 === undefined ? undefined : (stall - stall0) / 1e4 / SECONDS;
    const runCpu = ((cpuSeconds(pid) - cpu0) / SECONDS) * 100;
    // a backend started during the window counts from zero
    const db = db0 && dbPids && (await dbPids()).reduce((sum, p) => sum + cpuSeconds(p) - (db0.get(p) ?? 0), 0);
    return { runCpu, pressure, dbCpu: db === undefined ? undefined : (db / SECONDS) * 100 };
  });
  const { result } = await next('result');
  send({ t: 'close' });
  const m = { label, connected: c.connected, connectSeconds: c.seconds, rssBefore, rssIdle, idleCpu };
  return { ...m, ...(await during), result };
}

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
  const nodeArgs = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : [];
  try {
    const server = await spawnServer({ LOG_LEVEL: 'warn', WS_PORT: String(wsPort), ...env }, { nodeArgs });
    children.push(server.child);
    try {
      const users = await registerUsers(server.base, tag);
      const m = await measure(`gateway (${storage})`, `ws://127.0.0.1:${wsPort}/`, server.child.pid!, users, dbPids);
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
  const port = await freePort();
  const relay = fork(path.resolve(__dirname, 'ws-relay.ts'), [String(port)], {
    execArgv: ['-r', '@swc-node/register'],
  });
  children.push(relay);
  await new Promise<void>((resolve, reject) => {
    relay.once('message', () => resolve());
    relay.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
  try {
    return await measure('baseline (bare ws relay)', `ws://127.0.0.1:${port}/`, relay.pid!, users);
  } finally {
    relay.kill('SIGTERM');
  }
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
/** milliseconds of CPU one delivered message cost a process that used `percent` of a core over the window */
const cpuPerMsg = (m: Measured, percent: number) =>
  ((percent / 100) * m.result.seconds * 1000) / Math.max(1, m.result.deliveredInWindow);

function report(m: Measured, stored?: number): void {
  const r = m.result;
  const perConn = (m.rssIdle - m.rssBefore) / Math.max(1, m.connected);
  console.log(
    [
      `${m.label}: ${m.connected} clients connected in ${f1(m.connectSeconds)} s, ${SENDERS} senders, ` +
        `${CODEC}, window ${WINDOW}, ${f1(r.seconds)} s`,
      `  delivered ${(r.deliveredInWindow / r.seconds).toFixed(0)} msgs/s ` +
        `(${r.deliveredInWindow} received by peers in the window; ${r.sent} sent, ${r.acked} acked in all)`,
      `  send→receive p50 ${f1(r.latency.p50)} ms, p99 ${f1(r.latency.p99)} ms, max ${f1(r.latency.max)} ms; ` +
        `ack p50 ${f1(r.ack.p50)} ms, p99 ${f1(r.ack.p99)} ms`,
      `  lost ${r.lost}, duplicated ${r.duplicated}, unacked ${r.sent - r.acked - r.ackErrors}, ` +
        `ack errors ${r.ackErrors}${r.firstAckError ? ` (${r.firstAckError})` : ''}, echo missing ${r.echoMissing}, ` +
        `echo duplicated ${r.echoDuplicated}, unexpected ${r.unexpected}, closed ${r.closedDuringRun}` +
        (stored === undefined ? '' : `, rows stored ${stored}`),
      `  server RSS ${f1(m.rssBefore / 2 ** 20)} MiB → ${f1(m.rssIdle / 2 ** 20)} MiB with the clients idle = ` +
        `${f1(perConn / 1024)} KiB per connection; idle CPU ${f1(m.idleCpu)}% of a core; ` +
        `CPU while sending ${f1(m.runCpu)}%; load process CPU ${f1(r.loadCpuPercent)}%` +
        (m.dbCpu === undefined ? '' : `; PostgreSQL CPU while sending ${f1(m.dbCpu)}%`) +
        (m.pressure === undefined ? '' : `; machine CPU pressure while sending ${f1(m.pressure)}%`),
      `  CPU per delivered message: server ${f2(cpuPerMsg(m, m.runCpu))} ms` +
        (m.dbCpu === undefined ? '' : `, PostgreSQL ${f2(cpuPerMsg(m, m.dbCpu))} ms`),
    ].join('\n'),
  );
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
  const load = os.loadavg().map(f1).join(' ');
  console.log(`${os.cpus().length} cores shared by server, database, Redis and load process; load average ${load}`);
  const tag = randomBytes(3).toString('hex');
  const g = await benchGateway(tag);
  report(g.m, g.stored);
  if (!BASELINE) return;
  const b = await benchRelay(g.users);
  report(b);
  const rate = (m: Measured) => m.result.deliveredInWindow / m.result.seconds;
  const perConn = (m: Measured) => (m.rssIdle - m.rssBefore) / Math.max(1, m.connected);
  console.log(
    `gateway / baseline: throughput ${(rate(g.m) / rate(b)).toFixed(2)}, ` +
      `p50 latency ${(g.m.result.latency.p50 / b.result.latency.p50).toFixed(1)}×, ` +
      `p99 latency ${(g.m.result.latency.p99 / b.result.latency.p99).toFixed(1)}×, ` +
      `RSS per connection ${(perConn(g.m) / perConn(b)).toFixed(1)}×`,
  );
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
