/*
 * REST send_msg as the admin, 64 connections from wrk, each its own sender → receiver pair (bench/send.lua).
 * Baseline in the same run: raw batched INSERTs of rows shaped like the server's into a copy of the messages
 * table in the same database (PostgreSQL only): what the database alone takes.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { percentiles } from '../../ws-shared';
import { atLeast, atMost, row, type Row } from '../result';
import { newTag, registerUsers, sizeFromEnv, startTarget } from '../target';
import { wrk } from '../wrk';

const NAME = 'rest-send';

interface RawResult {
  perSecond: number;
  p99: number;
}

/** `clients` connections, each inserting batches of `batch` rows for `seconds`; per-row rate and batch p99. */
async function rawInserts(dbUrl: string, seconds: number, clients: number, batch: number): Promise<RawResult> {
  const setup = new Client({ connectionString: dbUrl });
  await setup.connect();
  await setup.query('CREATE TABLE bench_raw_messages (LIKE messages INCLUDING ALL)');
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new Client({ connectionString: dbUrl });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  let rows = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  try {
    await Promise.all(
      conns.map(async (c, ci) => {
        for (let n = 0; performance.now() < until; n++) {
          const values: unknown[] = [];
          const tuples: string[] = [];
          for (let k = 0; k < batch; k++) {
            const seq = n * batch + k + 1;
            const p = values.length;
            tuples.push(
              `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, 1, 1, 100, 101, $${p + 7}, $${p + 8}, $${p + 9}, $${p + 9}, 2)`,
            );
            values.push(
              `si_raw${ci}_peer${ci}`,
              seq,
              randomBytes(16).toString('hex'),
              randomBytes(16).toString('hex'),
              `raw${ci}`,
              `peer${ci}`,
              `{"content":"bench ${seq}"}`,
              `bench ${seq}`,
              Date.now(),
            );
          }
          const b0 = performance.now();
          await c.query(
            'INSERT INTO bench_raw_messages (conversation_id, seq, client_msg_id, server_msg_id, send_id, recv_id, ' +
              'sender_platform_id, session_type, msg_from, content_type, content, search_text, send_time, ' +
              `create_time, status) VALUES ${tuples.join(', ')}`,
            values,
          );
          latencies.push(performance.now() - b0);
          rows += batch;
        }
      }),
    );
  } finally {
    for (const c of conns) await c.end();
    await setup.query('DROP TABLE bench_raw_messages');
    await setup.end();
  }
  return { perSecond: rows / ((performance.now() - t0) / 1000), p99: percentiles(latencies).p99 };
}

export async function restSend(): Promise<Row[]> {
  const seconds = sizeFromEnv('BENCH_SEND_SECONDS', 10);
  const connections = sizeFromEnv('BENCH_SEND_CONNECTIONS', 64);
  const t = await startTarget();
  try {
    const tag = newTag();
    const ids = Array.from({ length: connections }, (_, i) => [`bs${tag}_${i}`, `br${tag}_${i}`]).flat();
    await registerUsers(t, ids);
    const s = await wrk(t.base, connections, seconds, 'send.lua', [t.admin, tag, String(connections), 'pairs']);
    if (s.failures) throw new Error(`send_msg: ${s.failures} failed answers of ${s.requests}`);
    let stored: number | undefined;
    let raw: RawResult | undefined;
    if (t.dbUrl) {
      const db = new Client({ connectionString: t.dbUrl });
      await db.connect();
      const r = await db.query<{ n: string }>("SELECT count(*) AS n FROM messages WHERE send_id LIKE 'bs%'");
      await db.end();
      stored = Number(r.rows[0].n);
      // every answered send is a stored row: the counts must add up
      if (stored < s.requests) throw new Error(`${s.requests} sends answered but ${stored} rows stored`);
      raw = await rawInserts(t.dbUrl, seconds, 4, 64);
    }
    const label = 'raw batched INSERT';
    return [
      row(NAME, 'send_msg msgs/s', s.perSecond, 'msgs/s', 'throughput', {
        baseline: raw?.perSecond,
        baselineLabel: raw && label,
        ...atLeast(2000),
      }),
      row(NAME, 'send_msg p99', s.p99, 'ms', 'latency', {
        baseline: raw?.p99,
        baselineLabel: raw && `${label}, per batch of 64`,
        ...atMost(100),
      }),
    ];
  } finally {
    await t.stop();
  }
}
