/*
 * Idle connections and group fan-out on one crowd of N clients (10,000 by default), connected once per target:
 * connecting them costs minutes here, twice would not fit the suite's ten minutes.
 *
 * Idle: the clients connected as the JS SDK with its heartbeats, nothing sent; server RSS after a full GC minus
 * the RSS before they connected, ÷ N; the server's CPU over 5 s. Then fan-out: all N are members of one group;
 * member 0 sends text messages to it over the gateway, one a second, then bursts; every receipt is timed.
 * Baseline of both: a bare `ws` server (bench/suite/bare-fanout.ts) holding the same clients and relaying the
 * same push frames, byte for byte.
 */
import { startBareFanout } from '../bare-server';
import { startCrowd, type Crowd } from '../crowd-client';
import type { FanoutPlan, FanoutResult } from '../crowd-protocol';
import { gatewayUsers } from '../gateway-users';
import { atMost, row, shareOfBaseline, type Row } from '../result';
import { call, newTag, sizeFromEnv, sleep, startTarget } from '../target';
import { cpuPercentOver, rssBytes } from '../../ws-shared';
import type { LoadUser } from '../../ws-shared';

const CONNECT_CONCURRENCY = 100;
const IDLE_CPU_MS = 5_000;

interface Idle {
  connected: number;
  connectSeconds: number;
  perConnKiB: number;
  idleCpu: number;
}

/** Connects the crowd to `url` and reads the server's RSS and idle CPU around it. */
async function connectIdle(
  crowd: Crowd,
  s: { url: string; pid: number; gc: () => Promise<void> },
  users: LoadUser[],
): Promise<Idle> {
  await s.gc();
  await sleep(1_000);
  const before = rssBytes(s.pid);
  const c = await crowd.ask({ t: 'connect', url: s.url, users, concurrency: CONNECT_CONCURRENCY }, 'connected');
  if (c.connected !== users.length) {
    throw new Error(`${c.connected} of ${users.length} clients connected, first error: ${c.firstError}`);
  }
  await sleep(2_000);
  await s.gc();
  await sleep(1_000);
  const perConnKiB = (rssBytes(s.pid) - before) / users.length / 1024;
  const idleCpu = await cpuPercentOver(s.pid, IDLE_CPU_MS);
  return { connected: c.connected, connectSeconds: c.seconds, perConnKiB, idleCpu };
}

export async function idleAndFanout(): Promise<Row[]> {
  const members = sizeFromEnv('BENCH_FANOUT_MEMBERS', 10_000);
  const plan: Omit<FanoutPlan, 'mode' | 'groupID'> = {
    steady: sizeFromEnv('BENCH_FANOUT_STEADY', 5),
    bursts: sizeFromEnv('BENCH_FANOUT_BURSTS', 2),
    burstSize: sizeFromEnv('BENCH_FANOUT_BURST_SIZE', 5),
    waitMs: 20_000,
  };
  const crowd = startCrowd();
  let gi: Idle, bi: Idle;
  let g: FanoutResult, b: FanoutResult;
  try {
    const t = await startTarget();
    let groupID: string;
    let users: LoadUser[];
    try {
      users = await gatewayUsers(t, 'cr', members);
      groupID = `bench_${newTag()}`;
      const memberUserIDs = users.slice(1).map((u) => u.userID);
      const groupInfo = { groupID, groupName: 'bench fan-out', groupType: 2 };
      await call(t.base, '/group/create_group', { ownerUserID: users[0].userID, memberUserIDs, groupInfo }, t.admin);
      gi = await connectIdle(crowd, { url: t.ws, pid: t.pid, gc: t.gc }, users);
      g = (await crowd.ask({ t: 'fanout', plan: { ...plan, mode: 'gateway', groupID } }, 'fanout')).result;
      await crowd.ask({ t: 'disconnect' }, 'disconnected');
    } finally {
      await t.stop();
    }
    const bare = await startBareFanout();
    try {
      bi = await connectIdle(crowd, bare, users);
      b = (await crowd.ask({ t: 'fanout', plan: { ...plan, mode: 'bare', groupID } }, 'fanout')).result;
      await crowd.ask({ t: 'disconnect' }, 'disconnected');
    } finally {
      await bare.stop();
    }
  } finally {
    crowd.stop();
  }
  if (g.firstSendError) console.log(`fanout: ${g.failedSends} sends refused, first: ${g.firstSendError}`);
  const bare = 'bare ws server';
  const frames = `bare ws fan-out, ${g.frameBytes} B frames`;
  return [
    row('idle', 'connections held', gi.connected, 'conns', 'other', { baseline: bi.connected, baselineLabel: bare }),
    row('idle', 'server RSS per connection', gi.perConnKiB, 'KiB', 'other', {
      baseline: bi.perConnKiB,
      baselineLabel: bare,
      ...atMost(10),
    }),
    row('idle', 'idle CPU', gi.idleCpu, '% of a core', 'other', {
      baseline: bi.idleCpu,
      baselineLabel: bare,
      ...atMost(5),
    }),
    row('idle', 'connect rate (100 in flight)', gi.connected / gi.connectSeconds, 'conns/s', 'throughput', {
      baseline: bi.connected / bi.connectSeconds,
      baselineLabel: bare,
    }),
    row('fanout', `steady 1 msg/s p99, ${g.receivers} receivers`, g.steadyP99, 'ms', 'latency', {
      baseline: b.steadyP99,
      baselineLabel: frames,
      ...atMost(300),
    }),
    shareOfBaseline(
      'fanout',
      'burst receipts/s',
      g.burstReceiptsPerSecond,
      'frames/s',
      b.burstReceiptsPerSecond,
      frames,
      0.5,
    ),
    row('fanout', `burst p99 (${plan.bursts}×${plan.burstSize} msgs)`, g.burstP99, 'ms', 'latency', {
      baseline: b.burstP99,
      baselineLabel: frames,
    }),
    row('fanout', 'receipts missing', g.expected - g.received, 'receipts', 'other', {
      baseline: b.expected - b.received,
      baselineLabel: frames,
      ...atMost(0),
    }),
    row('fanout', 'sends refused by the server', g.failedSends, 'msgs', 'other', {
      baseline: b.failedSends,
      baselineLabel: frames,
      ...atMost(0),
    }),
    row('fanout', 'receipts duplicated', g.duplicated, 'receipts', 'other', { ...atMost(0) }),
  ];
}
