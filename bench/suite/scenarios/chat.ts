/*
 * Single chat over the gateway: C clients connected as the JS SDK, S of them sending text messages closed-loop
 * to online peers (send → commit → push). Baseline: the same load on the bare `ws` relay (bench/ws-relay.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../../test/helpers/server-process';
import { measure, startRelay, type LoadOptions } from '../../ws-measure';
import type { Measured } from '../../ws-report';
import { gatewayUsers, PLATFORM } from '../gateway-users';
import { atLeast, atMost, row, type Row } from '../result';
import { children, sizeFromEnv, startTarget } from '../target';

const NAME = 'chat';

const rate = (m: Measured) => m.result.deliveredInWindow / m.result.seconds;

export async function chat(): Promise<Row[]> {
  const clients = sizeFromEnv('BENCH_CHAT_CLIENTS', 1000);
  const opts: LoadOptions = {
    seconds: sizeFromEnv('BENCH_CHAT_SECONDS', 10),
    senders: Math.min(sizeFromEnv('BENCH_CHAT_SENDERS', 100), Math.floor(clients / 2)),
    window: 1,
    codec: 'json',
    platformID: PLATFORM,
    children: children as Set<ChildProcess>,
  };
  const t = await startTarget();
  let g: Measured;
  let users;
  try {
    users = await gatewayUsers(t, 'ch', clients);
    g = await measure({ label: 'gateway', url: t.ws, pid: t.pid, gc: t.gc, dbPids: t.dbPids }, users, opts);
  } finally {
    await t.stop();
  }
  const relay = await startRelay(await freePort(), children as Set<ChildProcess>);
  let b: Measured;
  try {
    b = await measure({ label: 'relay', url: relay.url, pid: relay.pid, gc: relay.gc }, users, opts);
  } finally {
    relay.stop();
  }
  const r = g.result;
  // the counts must add up: every acked message reached its peer exactly once
  if (r.delivered + r.lost !== r.acked) {
    throw new Error(`chat: ${r.acked} acked but ${r.delivered} delivered and ${r.lost} lost`);
  }
  const baselineLabel = 'bare ws relay';
  return [
    row(NAME, 'delivered msgs/s', rate(g), 'msgs/s', 'throughput', {
      baseline: rate(b),
      baselineLabel,
      ...atLeast(5000),
    }),
    row(NAME, 'send→receive p99', r.latency.p99, 'ms', 'latency', {
      baseline: b.result.latency.p99,
      baselineLabel,
      ...atMost(100),
    }),
    row(NAME, 'lost + duplicated', r.lost + r.duplicated, 'msgs', 'other', { ...atMost(0) }),
    row(NAME, 'messages acked', r.acked, 'msgs', 'other', { baseline: b.result.acked, baselineLabel }),
  ];
}
