/*
 * npm run bench:send — N concurrent senders over REST send_msg; prints msgs/s and p50/p99 ack latency.
 *
 * With BENCH_URL it loads that running server. Otherwise it starts the built server (dist/) itself, once on the
 * embedded database (a temporary DATA_DIR) and once on PostgreSQL (+ Redis) when they answer.
 *
 * The load comes from wrk (Debian package `wrk`) when it is installed: a C client costs the shared CPU far less
 * than a Node one. Without it (or with BENCH_CLIENT=node), from Node's http client.
 *
 * Env: BENCH_SENDERS (default 50), BENCH_MESSAGES (total for the Node client, default 20000), BENCH_SECONDS
 * (duration with wrk, default 15), BENCH_MODE `pairs` (each sender its own conversation, default) or `one`
 * (everyone into one conversation), BENCH_DATABASE_URL, BENCH_REDIS_URL.
 *
 * Besides msgs/s it prints the server's CPU time per message (Linux), which varies far less than msgs/s when
 * other work shares the machine: compare builds by that, run back to back.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
// The same process helpers the durability test uses.
import { httpPost, spawnServer } from '../test/helpers/server-process';
import { dropRedisPrefix } from '../test/helpers/test-app';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 50);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20000);
const MODE = process.env.BENCH_MODE ?? 'pairs';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WRK = process.env.BENCH_CLIENT !== 'node' && hasWrk();

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its version: it is there if it could be started at all.
    return (err as { code?: string }).code !== 'ENOENT';
  }
}
/**
 * CPU time (user + system, ms) the server process has used so far, from /proc on Linux; undefined elsewhere or for
 * a server given by BENCH_URL. CPU per message resists the noise of a shared machine better than msgs/s does.
 */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || !fs.existsSync(`/proc/${pid}/stat`)) return undefined;
  // fields after the command name: state is the 1st, utime the 12th, stime the 13th (in clock ticks)
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** ", server CPU x ms/msg" when both readings exist. */
function cpuPerMsg(before: number | undefined, after: number | undefined, msgs: number): string {
  return before === undefined || after === undefined || !msgs
    ? ''
    : `; server CPU ${((after - before) / msgs).toFixed(2)} ms/msg`;
}

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const post = httpPost;

async function run(base: string, label: string, pid?: number): Promise<void> {
  const admin = (
    await post(base, '/auth/get_admin_token', { userID: 'imAdmin', secret: process.env.IM_SECRET ?? 'openIM123' })
  ).data.token as string;
  const tag = randomBytes(3).toString('hex');
  const senders = Array.from({ length: SENDERS }, (_, i) => `bs${tag}_${i}`);
  const receivers = MODE === 'one' ? [`br${tag}_0`] : Array.from({ length: SENDERS }, (_, i) => `br${tag}_${i}`);
  const users = [...senders, ...receivers].map((userID) => ({ userID, nickname: userID }));
  for (let i = 0; i < users.length; i += 1000) {
    const r = await post(base, '/user/user_register', { users: users.slice(i, i + 1000) }, admin);
    if (r.errCode) throw new Error(`register: ${r.errDlt}`);
  }
  if (WRK) return runWrk(base, label, admin, tag, pid);
  const perSender = Math.ceil(MESSAGES / SENDERS);
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = cpuMs(pid);
  const started = process.hrtime.bigint();
  await Promise.all(
    senders.map(async (sendID, i) => {
      const recvID = receivers[MODE === 'one' ? 0 : i];
      for (let n = 0; n < perSender; n++) {
        const t0 = process.hrtime.bigint();
        const r = await post(
          base,
          '/msg/send_msg',
          {
            recvID,
            sendMsg: {
              sendID,
              senderPlatformID: 1,
              content: { content: `bench ${n}` },
              contentType: 101,
              sessionType: 1,
            },
          },
          admin,
        );
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (r.errCode) failures++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = cpuMs(pid);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))].toFixed(1);
  console.log(
    `${label}: ${latencies.length} msgs from ${SENDERS} senders (${MODE}) in ${seconds.toFixed(2)} s = ${(latencies.length / seconds).toFixed(0)} msgs/s; ` +
      `ack latency p50 ${pct(50)} ms, p99 ${pct(99)} ms; failures ${failures}${cpuPerMsg(cpuBefore, cpuAfter, latencies.length)}`,
  );
}

/** The same load from wrk (bench/send.lua builds the bodies and counts answers other than errCode 0). */
function runWrk(base: string, label: string, admin: string, tag: string, pid?: number): void {
  const args = [
    '-t1',
    `-c${SENDERS}`,
    `-d${SECONDS}s`,
    // latency spikes are measured, not cut off at wrk's default 2 s
    '--timeout',
    '30s',
    '-s',
    path.resolve(__dirname, 'send.lua'),
    base,
    '--',
    admin,
    tag,
    String(SENDERS),
    MODE,
  ];
  const cpuBefore = cpuMs(pid);
  const out = execFileSync('wrk', args, { encoding: 'utf8' });
  const cpuAfter = cpuMs(pid);
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`wrk gave no result:\n${out}`);
  const [requests, seconds, p50, p99, failures] = line.split(' ').slice(1).map(Number);
  if (failures) console.log(out.split('\n').find((l) => l.startsWith('ERRORS ')));
  console.log(
    `${label}: ${requests} msgs from ${SENDERS} senders (${MODE}, wrk) in ${seconds.toFixed(2)} s = ${(requests / seconds).toFixed(0)} msgs/s; ` +
      `ack latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; failures ${failures}${cpuPerMsg(cpuBefore, cpuAfter, requests)}`,
  );
}

async function withServer(label: string, env: Record<string, string>, after?: () => Promise<void>): Promise<void> {
  const server = await spawnServer({ LOG_LEVEL: 'warn', ...env });
  try {
    await run(server.base, label, server.child.pid);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await after?.();
  }
}

async function pgAvailable(): Promise<boolean> {
  const c = new Client({ connectionString: PG_URL });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_URL) return run(process.env.BENCH_URL, process.env.BENCH_URL);
  if (!fs.existsSync(path.resolve(__dirname, '../dist/main.js'))) throw new Error('run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'im-bench-'));
  await withServer('PGlite (embedded)', { DATA_DIR: dataDir }, () =>
    Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })),
  );
  if (!(await pgAvailable())) {
    console.log(`PostgreSQL at ${PG_URL} not reachable: PostgreSQL run skipped`);
    return;
  }
  const name = `imbench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    await withServer('PostgreSQL + Redis', { DATABASE_URL: url.toString(), REDIS_URL, REDIS_PREFIX: `${name}:` });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await dropRedisPrefix(REDIS_URL, `${name}:`).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
