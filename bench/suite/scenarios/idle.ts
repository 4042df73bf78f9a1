/*
 * Idle connections: N clients (≥ 9,000 by default) connected as the JS SDK with their heartbeats, nothing sent.
 * Server RSS per connection (after a full GC, minus the RSS before they connected) and idle CPU. Baseline: a bare
 * `ws` server (bench/ws-relay.ts) holding the same number.
 */
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../../test/helpers/server-process';
import { measure, startRelay, type LoadOptions } from '../../ws-measure';
import type { Measured } from '../../ws-report';
import { gatewayUsers, PLATFORM } from '../gateway-users';
import { atMost, row, type Row } from '../result';
import { children, sizeFromEnv, startTarget } from '../target';

const NAME = 'idle';

const perConnKiB = (m: Measured) => (m.rssIdle - m.rssBefore) / Math.max(1, m.connected) / 1024;

export async function idle(): Promise<Row[]> {
  const clients = sizeFromEnv('BENCH_IDLE_CLIENTS', 9000);
  const opts: LoadOptions = {
    seconds: 0,
    senders: 0,
    window: 1,
    codec: 'json',
    platformID: PLATFORM,
    children: children as Set<ChildProcess>,
  };
  const t = await startTarget();
  let g: Measured;
  let users;
  try {
    users = await gatewayUsers(t, 'id', clients);
    g = await measure({ label: 'gateway', url: t.ws, pid: t.pid, gc: t.gc }, users, opts);
  } finally {
    await t.stop();
  }
  const relay = await startRelay(await freePort(), children as Set<ChildProcess>);
  let b: Measured;
  try {
    b = await measure({ label: 'bare ws', url: relay.url, pid: relay.pid, gc: relay.gc }, users, opts);
  } finally {
    relay.stop();
  }
  if (g.connected !== clients) throw new Error(`idle: ${g.connected} of ${clients} clients connected`);
  const baselineLabel = 'bare ws server';
  return [
    row(NAME, 'connections held', g.connected, 'conns', 'other', { baseline: b.connected, baselineLabel }),
    row(NAME, 'server RSS per connection', perConnKiB(g), 'KiB', 'other', {
      baseline: perConnKiB(b),
      baselineLabel,
      ...atMost(10),
    }),
    row(NAME, 'idle CPU', g.idleCpu, '% of a core', 'other', { baseline: b.idleCpu, baselineLabel, ...atMost(5) }),
    row(NAME, 'connect rate', g.connected / g.connectSeconds, 'conns/s', 'throughput', {
      baseline: b.connected / b.connectSeconds,
      baselineLabel,
    }),
  ];
}
