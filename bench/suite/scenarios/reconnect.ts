/*
 * Reconnect storm: N clients connect, all drop, each misses M messages (batch_send_msg while offline), then all
 * reconnect at once (500 handshakes in flight) and resync as the SDK does: newest seqs (1001), then a pull
 * (1002) from seq 1. Handshakes/s of the storm; every client must find every message, no seq missing.
 * Baseline: the same storm of handshakes on a bare `ws` server (no token, no resync).
 */
import { startBareFanout } from '../bare-server';
import { startCrowd } from '../crowd-client';
import type { ResyncResult } from '../crowd-protocol';
import { gatewayUsers } from '../gateway-users';
import { atLeast, atMost, row, type Row } from '../result';
import { call, sizeFromEnv, startTarget } from '../target';

const NAME = 'reconnect';
const STORM_CONCURRENCY = 500;

export async function reconnect(): Promise<Row[]> {
  const clients = sizeFromEnv('BENCH_RECONNECT_CLIENTS', 2000);
  const missed = sizeFromEnv('BENCH_RECONNECT_MISSED', 2);
  const crowd = startCrowd();
  let g: ResyncResult;
  let b: ResyncResult;
  try {
    const t = await startTarget();
    try {
      const [sender, ...users] = await gatewayUsers(t, 'rc', clients + 1);
      const c = await crowd.ask({ t: 'connect', url: t.ws, users, concurrency: 100 }, 'connected');
      if (c.connected !== clients) {
        throw new Error(`reconnect: ${c.connected} of ${clients} connected: ${c.firstError}`);
      }
      await crowd.ask({ t: 'disconnect' }, 'disconnected');
      const recvIDs = users.map((u) => u.userID);
      for (let k = 0; k < missed; k++) {
        const content = { content: `missed ${k}` };
        const r = await call<{ failedUserIDs: string[] }>(
          t.base,
          '/msg/batch_send_msg',
          { sendID: sender.userID, recvIDs, contentType: 101, sessionType: 1, content },
          t.admin,
        );
        if (r.failedUserIDs.length) throw new Error(`batch_send_msg failed for ${r.failedUserIDs.length} users`);
      }
      const storm = { concurrency: STORM_CONCURRENCY, expectedEach: missed };
      g = (await crowd.ask({ t: 'resync', url: t.ws, sync: true, ...storm }, 'resync')).result;
      await crowd.ask({ t: 'disconnect' }, 'disconnected');
    } finally {
      await t.stop();
    }
    const bare = await startBareFanout();
    try {
      const storm = { concurrency: STORM_CONCURRENCY, expectedEach: 0 };
      b = (await crowd.ask({ t: 'resync', url: bare.url, sync: false, ...storm }, 'resync')).result;
      await crowd.ask({ t: 'disconnect' }, 'disconnected');
    } finally {
      await bare.stop();
    }
  } finally {
    crowd.stop();
  }
  if (g.failed) console.log(`reconnect: ${g.failed} handshakes failed, first: ${g.firstError}`);
  const baselineLabel = 'bare ws handshakes';
  return [
    row(NAME, `authenticated handshakes/s (${clients} clients)`, g.handshakesPerSecond, 'handshakes/s', 'throughput', {
      baseline: b.handshakesPerSecond,
      baselineLabel,
      ...atLeast(1000),
    }),
    row(NAME, 'clients fully resynced', g.resynced, 'clients', 'other', { ...atLeast(clients) }),
    row(NAME, 'seq gaps', g.gaps, 'seqs', 'other', { ...atMost(0) }),
    row(NAME, 'sync requests retried after 1060 (busy)', g.retries, 'requests', 'other'),
    row(NAME, 'storm + resync of all', g.resyncSeconds * 1000, 'ms', 'latency', {
      baseline: b.handshakeSeconds * 1000,
      baselineLabel: 'bare ws, handshakes only',
    }),
  ];
}
