/* Load from wrk (a C client: on a shared 2-core machine it takes far less CPU than a Node client would). */
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';

export interface WrkResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** answers other than HTTP 200 with errCode 0, and socket errors */
  failures: number;
}

export function hasWrk(): boolean {
  if (process.env.BENCH_CLIENT === 'node') return false;
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its version: it is there if it could be started at all
    return (err as { code?: string }).code !== 'ENOENT';
  }
}

/** Runs wrk with `script` (a .lua file in bench/) and its arguments; parses its RESULT line. */
export function wrk(
  url: string,
  connections: number,
  seconds: number,
  script: string,
  args: string[],
): Promise<WrkResult> {
  const argv = [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    // latency spikes are measured, not cut off at wrk's default 2 s
    '--timeout',
    '30s',
    '-s',
    path.resolve(__dirname, '..', script),
    url,
    '--',
    ...args,
  ];
  return new Promise((resolve, reject) => {
    execFile('wrk', argv, { encoding: 'utf8' }, (err, out) => {
      const line = out?.split('\n').find((l) => l.startsWith('RESULT '));
      if (err || !line) return reject(new Error(`wrk failed: ${err?.message ?? ''}\n${out}`));
      const [requests, secs, p50, p99, failures] = line.split(' ').slice(1).map(Number);
      resolve({ requests, seconds: secs, perSecond: requests / secs, p50, p99, failures });
    });
  });
}
