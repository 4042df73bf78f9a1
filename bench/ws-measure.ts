/*
 * One measurement of the gateway bench (bench/ws.ts and the suite's chat and idle scenarios): a forked load
 * process (bench/ws-load.ts) connects the clients to a target, the target's RSS and idle CPU are read, then the
 * senders send closed-loop for the window. startRelay() starts the bare `ws` relay baseline (bench/ws-relay.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { cpuPercentOver, cpuSeconds, cpuStallMicros, rssBytes, sleep } from './ws-shared';
import type { BenchCodec, FromLoad, LoadUser, ToLoad } from './ws-shared';
import type { Measured } from './ws-report';

const IDLE_CPU_MS = 5_000;
const DRAIN_SECONDS = 10;

/** What is measured: its WebSocket address and process, and optionally a GC trigger and database processes. */
export interface Target {
  label: string;
  url: string;
  pid: number;
  gc: () => Promise<void>;
  dbPids?: () => Promise<number[]>;
}

export interface LoadOptions {
  seconds: number;
  senders: number;
  window: number;
  codec: BenchCodec;
  platformID: number;
  /** every child started here, so that the caller can kill them on a crash */
  children: Set<ChildProcess> | ChildProcess[];
}

function track(children: LoadOptions['children'], c: ChildProcess): void {
  if (Array.isArray(children)) children.push(c);
  else children.add(c);
}

export async function measure(
  { label, url, pid, gc, dbPids }: Target,
  users: LoadUser[],
  o: LoadOptions,
): Promise<Measured> {
  const load = fork(path.resolve(__dirname, 'ws-load.ts'), [], { execArgv: ['-r', '@swc-node/register'] });
  track(o.children, load);
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
  await gc();
  await sleep(1_000);
  const rssBefore = rssBytes(pid);
  send({ t: 'connect', url, users, codec: o.codec, platformID: o.platformID });
  const c = await next('connected');
  if (c.failed) console.log(`${label}: ${c.failed} connections failed, first: ${c.firstError}`);
  await sleep(2_000);
  await gc();
  await sleep(1_000);
  const rssIdle = rssBytes(pid);
  const idleCpu = await cpuPercentOver(pid, IDLE_CPU_MS);
  const cpu0 = cpuSeconds(pid);
  const stall0 = cpuStallMicros();
  const db0 = dbPids && new Map((await dbPids()).map((p) => [p, cpuSeconds(p)]));
  const SECONDS = o.seconds;
  send({ t: 'run', seconds: SECONDS, senders: o.senders, window: o.window, drainSeconds: DRAIN_SECONDS });
  const during = sleep(SECONDS * 1000).then(async () => {
    const stall = cpuStallMicros();
    const window = Math.max(SECONDS, 0.001);
    const pressure = stall === undefined || stall0 === undefined ? undefined : (stall - stall0) / 1e4 / window;
    const runCpu = ((cpuSeconds(pid) - cpu0) / window) * 100;
    // a backend started during the window counts from zero
    const db = db0 && dbPids && (await dbPids()).reduce((sum, p) => sum + cpuSecondsOr0(p) - (db0.get(p) ?? 0), 0);
    return { runCpu, pressure, dbCpu: db === undefined ? undefined : (db / window) * 100 };
  });
  const { result } = await next('result');
  send({ t: 'close' });
  const m = { label, connected: c.connected, connectSeconds: c.seconds, rssBefore, rssIdle, idleCpu };
  return { ...m, ...(await during), result };
}

/** CPU seconds of a process that may have exited meanwhile (a database backend): 0 then. */
function cpuSecondsOr0(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
}

/** The bare relay baseline on a port of its own; `gc` collects its garbage, `stop` ends it. */
export async function startRelay(
  port: number,
  children: LoadOptions['children'],
): Promise<{ url: string; pid: number; gc: () => Promise<void>; stop: () => void }> {
  const relay = fork(path.resolve(__dirname, 'ws-relay.ts'), [String(port)], {
    // the relay collects garbage when asked (the gateway's GC goes through its inspector)
    execArgv: ['--expose-gc', '-r', '@swc-node/register'],
  });
  track(children, relay);
  await new Promise<void>((resolve, reject) => {
    relay.once('message', () => resolve());
    relay.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
  const gc = () =>
    new Promise<void>((resolve) => {
      relay.once('message', () => resolve());
      relay.send('gc');
    });
  return { url: `ws://127.0.0.1:${port}/`, pid: relay.pid!, gc, stop: () => relay.kill('SIGTERM') };
}
