/*
 * What bench/ws.ts (the orchestrator) and bench/ws-load.ts (the load process) say to each other over the fork
 * IPC channel, and the small helpers both use.
 */
import * as fs from 'node:fs';
import WebSocket from 'ws';

export type BenchCodec = 'json' | 'gob' | 'gob+gzip' | 'json+gzip';

export interface LoadUser {
  userID: string;
  token: string;
}

/** orchestrator → load process */
export type ToLoad =
  | { t: 'connect'; url: string; users: LoadUser[]; codec: BenchCodec; platformID: number }
  | { t: 'run'; seconds: number; senders: number; window: number; drainSeconds: number }
  | { t: 'close' };

/** load process → orchestrator */
export type FromLoad =
  | { t: 'connected'; connected: number; failed: number; seconds: number; firstError?: string }
  | { t: 'result'; result: LoadResult }
  | { t: 'fatal'; message: string };

export interface LoadResult {
  seconds: number;
  sent: number;
  acked: number;
  /** acks with errCode ≠ 0, and the first such errMsg */
  ackErrors: number;
  firstAckError?: string;
  /** distinct messages the peer received by push, during the timed window */
  deliveredInWindow: number;
  /** distinct messages the peer received by push, by the end of the drain */
  delivered: number;
  /** acked, never received by the peer */
  lost: number;
  /** peer receipts beyond the first of a message */
  duplicated: number;
  /** acked messages whose echo (senderSync) never reached the sender, and echoes received twice */
  echoMissing: number;
  echoDuplicated: number;
  /** pushes that carried a message this run never sent */
  unexpected: number;
  /** connections closed during the run */
  closedDuringRun: number;
  /** send → peer receive and send → ack, milliseconds */
  latency: Percentiles;
  ack: Percentiles;
  /** the load process's own CPU over the timed window, in percent of one core */
  loadCpuPercent: number;
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export function percentiles(samples: number[]): Percentiles {
  if (!samples.length) return { p50: NaN, p99: NaN, max: NaN };
  const s = Float64Array.from(samples).sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
  return { p50: at(50), p99: at(99), max: s[s.length - 1] };
}

/** Resident set of a process in bytes (VmRSS of /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** CPU time (user + system) a process used so far, in seconds (/proc/<pid>/stat fields 14 and 15). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) may hold spaces: count fields after its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Percent of one core a process used over `ms`. */
export async function cpuPercentOver(pid: number, ms: number): Promise<number> {
  const before = cpuSeconds(pid);
  const t0 = process.hrtime.bigint();
  await sleep(ms);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return ((cpuSeconds(pid) - before) / wall) * 100;
}

/**
 * Microseconds so far during which some runnable task waited for a CPU (/proc/pressure/cpu); undefined without PSI.
 * Over a window it says how much of the machine other work took: on a shared box, the noise in these numbers.
 */
export function cpuStallMicros(): number | undefined {
  try {
    const m = /^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A full garbage collection in another Node process through its inspector (started with --inspect=127.0.0.1:0;
 * `url` is the ws:// address it prints), so that RSS is compared between two collected heaps, not two moments of
 * the collector's schedule.
 */
export async function collectGarbage(url: string): Promise<void> {
  const ws = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    await new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => (JSON.parse(data.toString('utf8')) as { id?: number }).id === 1 && resolve());
      ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    ws.close();
  }
}
