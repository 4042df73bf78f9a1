import { getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../../infra/database/database.service';
import { messages, NewMessageRow } from '../msg.schema';

const COLUMNS = Object.entries(getTableColumns(messages)).map(([prop, col]) => [prop, col.name] as const);

/**
 * Inserts many messages with one parameter: a JSON array turned into rows by PostgreSQL
 * (json_populate_recordset). The query builder's per-value work was the largest CPU cost of a send.
 * Every column is given (a missing key would insert NULL rather than the column default).
 */
export async function insertMessages(tx: Db, rows: NewMessageRow[]): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const [prop, name] of COLUMNS) o[name] = (r as Record<string, unknown>)[prop] ?? null;
      return o;
    }),
  );
  await tx.execute(sql`INSERT INTO messages SELECT * FROM json_populate_recordset(NULL::messages, ${json}::json)`);
}
