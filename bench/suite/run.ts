/*
 * npm run bench [-- SCENARIO...] — the benchmark suite: every scenario against the built server, each with its
 * baseline measured in the same run; one table, bench/results/<date>.json and bench/results/<date>.png.
 *
 * Each scenario starts the server itself (dist/main.js) on a fresh PostgreSQL database and Redis key prefix when
 * both answer (BENCH_DATABASE_URL, BENCH_REDIS_URL; BENCH_PGLITE=1 forces the embedded database), drives it from
 * separate processes (wrk, or a forked Node `ws` load process) and removes its database and keys afterwards.
 * Sizes come from the environment (README "Performance"); BENCH_OUT sets the results folder.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeChart } from './chart';
import { formatTable, ratio, type Row } from './result';
import { children, running, storageLabel } from './target';
import { hasWrk } from './wrk';
import { restRead } from './scenarios/rest-read';
import { restSend } from './scenarios/rest-send';
import { storedBytes } from './scenarios/stored-bytes';
import { chat } from './scenarios/chat';
import { idleAndFanout } from './scenarios/crowd';
import { reconnect } from './scenarios/reconnect';
import { syncOffline } from './scenarios/sync-offline';

const SCENARIOS: Record<string, () => Promise<Row[]>> = {
  chat,
  // one crowd of connections serves both (see scenarios/crowd.ts): asking for either runs the two
  idle: idleAndFanout,
  fanout: idleAndFanout,
  reconnect,
  'sync-offline': syncOffline,
  'rest-read': restRead,
  'rest-send': restSend,
  'stored-bytes': storedBytes,
};
/** the suite stops itself after this long (BENCH_TIMEOUT_S) */
const WATCHDOG_MS = Number(process.env.BENCH_TIMEOUT_S ?? 1200) * 1000;
/** the scenarios that load the REST API with wrk */
const NEEDS_WRK = ['rest-read', 'rest-send'];

function fdLimit(): number {
  // a child inherits our limits, so the shell's answer is ours (Node has no getrlimit)
  return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in SCENARIOS));
  if (unknown.length) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  }
  if (!fs.existsSync(path.resolve(__dirname, '../../dist/main.js'))) throw new Error('run `npm run build` first');
  const names = asked.length ? asked : Object.keys(SCENARIOS);
  if (names.some((n) => NEEDS_WRK.includes(n)) && !hasWrk()) {
    throw new Error('wrk is needed for the REST scenarios (Debian package `wrk`)');
  }
  const started = new Date();
  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg(),
    fdLimit: fdLimit(),
    node: process.version,
    storage: await storageLabel(),
  };
  console.log(
    `${machine.cores} cores (${machine.cpu}), load average ${machine.loadAverageAtStart.map((n) => n.toFixed(1)).join(' ')}; ` +
      `server on ${machine.storage}; open-file limit ${machine.fdLimit}`,
  );
  const rows: Row[] = [];
  const timings: Record<string, number> = {};
  const failed: Record<string, string> = {};
  const done = new Set<() => Promise<Row[]>>();
  for (const name of names) {
    if (done.has(SCENARIOS[name])) continue;
    done.add(SCENARIOS[name]);
    const t0 = Date.now();
    console.log(`== ${name}`);
    try {
      const got = await SCENARIOS[name]();
      rows.push(...got);
      console.log(formatTable(got));
    } catch (err) {
      failed[name] = (err as Error).stack ?? String(err);
      console.error(`${name} failed: ${failed[name]}`);
    }
    timings[name] = (Date.now() - t0) / 1000;
    console.log(`   ${name}: ${timings[name].toFixed(0)} s`);
  }
  const seconds = (Date.now() - started.getTime()) / 1000;
  console.log(
    `\n${formatTable(rows)}\n\nsuite: ${seconds.toFixed(0)} s; load average now ${os.loadavg()[0].toFixed(1)}`,
  );
  const out = path.resolve(process.env.BENCH_OUT ?? path.join(__dirname, '../results'));
  fs.mkdirSync(out, { recursive: true });
  const stamp = started.toISOString().replace(/:/g, '-').replace(/\..*/, '');
  const base = path.join(out, asked.length ? `${stamp}-${names.join('+')}` : stamp);
  const json = {
    startedAt: started.toISOString(),
    seconds,
    command: `npm run bench${asked.length ? ` -- ${asked.join(' ')}` : ''}`,
    machine,
    loadAverageAtEnd: os.loadavg(),
    scenarioSeconds: timings,
    failed,
    rows: rows.map((r) => ({ ...r, ratio: ratio(r) })),
  };
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
  await writeChart(
    rows,
    `npm run bench, ${started.toISOString().slice(0, 16)} UTC, ${machine.cores} cores, ${machine.storage}`,
    `${base}.png`,
  );
  console.log(`wrote ${base}.json and ${base}.png`);
  if (Object.keys(failed).length) throw new Error(`failed: ${Object.keys(failed).join(', ')}`);
}

function killChildren(): void {
  for (const c of children) c.kill('SIGKILL');
}

/** Stops the servers still running (their databases are dropped once they let go of them) and the load processes. */
function abort(why: string): void {
  console.error(`bench: ${why}: stopping`);
  const stops = [...running].map((stop) => stop());
  killChildren();
  void Promise.race([Promise.allSettled(stops), new Promise((r) => setTimeout(r, 20_000))]).then(() => process.exit(1));
}

setTimeout(() => abort(`still running after ${WATCHDOG_MS / 1000} s`), WATCHDOG_MS).unref();
process.once('SIGINT', () => abort('interrupted'));
process.once('SIGTERM', () => abort('terminated'));

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    killChildren();
    process.exit(1);
  },
);
