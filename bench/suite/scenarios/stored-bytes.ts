/*
 * Bytes stored per text message: pg_total_relation_size('messages') (heap, TOAST and every index) ÷ rows.
 * The server writes S messages itself (batch_send_msg, 1,000 receivers a request; 5,000 by default); the table
 * is then grown to N rows (100,000) by copying those rows in SQL under fresh conversation IDs, message IDs and
 * times, so that the indexes see as many distinct keys as N real messages would give them. PostgreSQL only.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { atMost, row, type Row } from '../result';
import { call, newTag, registerUsers, sizeFromEnv, startTarget } from '../target';

const NAME = 'stored-bytes';
const RECEIVERS = 1000;

const COLUMNS =
  'conversation_id, seq, client_msg_id, server_msg_id, send_id, recv_id, group_id, sender_platform_id, ' +
  'sender_nickname, sender_face_url, session_type, msg_from, content_type, content, search_text, send_time, ' +
  'create_time, status, is_read, options, offline_push_info, at_user_id_list, attached_info, ex, revoke';

async function perRow(db: Client): Promise<{ rows: number; bytes: number }> {
  await db.query('VACUUM ANALYZE messages');
  const r = await db.query<{ n: string; size: string }>(
    "SELECT count(*) AS n, pg_total_relation_size('messages') AS size FROM messages",
  );
  return { rows: Number(r.rows[0].n), bytes: Number(r.rows[0].size) };
}

/** Where the bytes are: heap, TOAST and each index, per row, so a change to the schema shows what it saved. */
async function printBreakdown(db: Client, rows: number): Promise<void> {
  const r = await db.query<{ part: string; size: string }>(
    `SELECT 'heap' AS part, pg_relation_size('messages') AS size
     UNION ALL SELECT 'toast', pg_total_relation_size(reltoastrelid) FROM pg_class
       WHERE relname = 'messages' AND reltoastrelid <> 0
     UNION ALL SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index
       WHERE indrelid = 'messages'::regclass`,
  );
  const parts = r.rows.map((p) => `${p.part} ${(Number(p.size) / rows).toFixed(0)}`);
  console.log(`stored-bytes: B/row by part: ${parts.join(', ')}`);
  const cols = COLUMNS.split(', ');
  const c = await db.query<Record<string, string>>(
    `SELECT ${cols.map((col) => `avg(pg_column_size(${col}))::int AS ${col}`).join(', ')} FROM messages`,
  );
  const sizes = cols.map((col) => `${col} ${c.rows[0][col]}`);
  console.log(`stored-bytes: heap B/row by column: ${sizes.join(', ')}`);
}

export async function storedBytes(): Promise<Row[]> {
  const total = sizeFromEnv('BENCH_STORE_MESSAGES', 100_000);
  const byServer = Math.min(total, sizeFromEnv('BENCH_STORE_SERVER_MESSAGES', 5_000));
  const t = await startTarget();
  try {
    if (!t.dbUrl) {
      console.log('stored-bytes: needs PostgreSQL (pg_total_relation_size of the server database): skipped');
      return [];
    }
    const tag = newTag();
    const sender = `sb${tag}_sender`;
    const receivers = Array.from({ length: Math.min(RECEIVERS, byServer) }, (_, i) => `sb${tag}_${i}`);
    await registerUsers(t, [sender, ...receivers]);
    const t0 = performance.now();
    for (let sent = 0, k = 0; sent < byServer; k++) {
      const recvIDs = receivers.slice(0, byServer - sent);
      const content = { content: `stored message ${k}: a sentence of ordinary length, as people type them` };
      const r = await call<{ failedUserIDs: string[] }>(
        t.base,
        '/msg/batch_send_msg',
        { sendID: sender, recvIDs, contentType: 101, sessionType: 1, content },
        t.admin,
      );
      if (r.failedUserIDs.length) throw new Error(`batch_send_msg failed for ${r.failedUserIDs.length} users`);
      sent += recvIDs.length;
    }
    const writeSeconds = (performance.now() - t0) / 1000;
    const db = new Client({ connectionString: t.dbUrl });
    await db.connect();
    try {
      const server = await perRow(db);
      if (server.rows < byServer) throw new Error(`${byServer} messages sent but ${server.rows} rows stored`);
      for (let copy = 1; copy < 1000; copy++) {
        const have = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0].n);
        if (have >= total) break;
        await db.query(
          `INSERT INTO messages (${COLUMNS}) SELECT conversation_id || '_copy${copy}', seq, ` +
            `md5(client_msg_id || '${copy}'), md5(server_msg_id || '${copy}'), send_id, recv_id || '_copy${copy}', ` +
            `group_id, sender_platform_id, sender_nickname, sender_face_url, session_type, msg_from, content_type, ` +
            `content, search_text || ' ${copy}', send_time + ${copy}, create_time + ${copy}, status, is_read, ` +
            `options, offline_push_info, at_user_id_list, attached_info, ex, revoke ` +
            `FROM messages WHERE conversation_id NOT LIKE '%\\_copy%' ORDER BY conversation_id, seq LIMIT $1`,
          [total - have],
        );
      }
      const grown = await perRow(db);
      await printBreakdown(db, grown.rows);
      return [
        row(
          NAME,
          `bytes per message, ${server.rows.toLocaleString('en-US')} written by the server`,
          server.bytes / server.rows,
          'B',
          'other',
          {
            ...atMost(600),
          },
        ),
        row(
          NAME,
          `bytes per message, ${grown.rows.toLocaleString('en-US')} rows`,
          grown.bytes / grown.rows,
          'B',
          'other',
          {
            ...atMost(600),
          },
        ),
        row(NAME, 'batch_send_msg write rate', server.rows / writeSeconds, 'msgs/s', 'throughput'),
      ];
    } finally {
      await db.end();
    }
  } finally {
    await t.stop();
  }
}
