/*
 * A group of N members (10,000 by default), all connected as the JS SDK; one member sends text messages to the
 * group over the gateway, one a second, then bursts. Every receipt is timed (send → push at each member).
 * Baseline: a bare `ws` server relaying the same push frames, byte for byte, to the same connections.
 */
import { startBareFanout } from '../bare-server';
import { startCrowd } from '../crowd-client';
import type { FanoutPlan, FanoutResult } from '../crowd-protocol';
import { gatewayUsers } from '../gateway-users';
import { atMost, row, shareOfBaseline, type Row } from '../result';
import { call, newTag, sizeFromEnv, startTarget } from '../target';

const NAME = 'fanout';
const CONNECT_CONCURRENCY = 100;

export async function fanout(): Promise<Row[]> {
  const members = sizeFromEnv('BENCH_FANOUT_MEMBERS', 10_000);
  const plan: Omit<FanoutPlan, 'mode' | 'groupID'> = {
    steady: sizeFromEnv('BENCH_FANOUT_STEADY', 5),
    bursts: sizeFromEnv('BENCH_FANOUT_BURSTS', 2),
    burstSize: sizeFromEnv('BENCH_FANOUT_BURST_SIZE', 5),
    waitMs: 20_000,
  };
  const crowd = startCrowd();
  let g: FanoutResult;
  let b: FanoutResult;
  try {
    const t = await startTarget();
    let groupID: string;
    try {
      const users = await gatewayUsers(t, 'fo', members);
      groupID = `bench_${newTag()}`;
      await call(
        t.base,
        '/group/create_group',
        {
          ownerUserID: users[0].userID,
          memberUserIDs: users.slice(1).map((u) => u.userID),
          groupInfo: { groupID, groupName: 'bench fan-out', groupType: 2 },
        },
        t.admin,
      );
      const c = await crowd.ask({ t: 'connect', url: t.ws, users, concurrency: CONNECT_CONCURRENCY }, 'connected');
      if (c.connected !== members) throw new Error(`fanout: ${c.connected} of ${members} connected: ${c.firstError}`);
      g = (await crowd.ask({ t: 'fanout', plan: { ...plan, mode: 'gateway', groupID } }, 'fanout')).result;
      await crowd.ask({ t: 'disconnect' }, 'disconnected');
      const bare = await startBareFanout();
      try {
        await crowd.ask({ t: 'connect', url: bare.url, users, concurrency: CONNECT_CONCURRENCY }, 'connected');
        b = (await crowd.ask({ t: 'fanout', plan: { ...plan, mode: 'bare', groupID } }, 'fanout')).result;
        await crowd.ask({ t: 'disconnect' }, 'disconnected');
      } finally {
        await bare.stop();
      }
    } finally {
      await t.stop();
    }
  } finally {
    crowd.stop();
  }
  const baselineLabel = `bare ws fan-out, ${g.frameBytes} B frames`;
  return [
    row(NAME, `steady 1 msg/s p99, ${g.receivers} receivers`, g.steadyP99, 'ms', 'latency', {
      baseline: b.steadyP99,
      baselineLabel,
      ...atMost(300),
    }),
    shareOfBaseline(
      NAME,
      'burst receipts/s',
      g.burstReceiptsPerSecond,
      'frames/s',
      b.burstReceiptsPerSecond,
      baselineLabel,
      0.5,
    ),
    row(NAME, `burst p99 (${plan.bursts}×${plan.burstSize} msgs)`, g.burstP99, 'ms', 'latency', {
      baseline: b.burstP99,
      baselineLabel,
    }),
    row(NAME, 'receipts missing', g.expected - g.received, 'receipts', 'other', {
      baseline: b.expected - b.received,
      baselineLabel,
      ...atMost(0),
    }),
    row(NAME, 'receipts duplicated', g.duplicated, 'receipts', 'other', { ...atMost(0) }),
  ];
}
