import { Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { queryRows } from '../infra/database/sql-util';
import { pushOutbox, PushOutboxRow } from './push-outbox.schema';

/** The offline-push outbox: filled by the writer, drained by the push module's workers on any node. */
@Injectable()
export class PushOutboxRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  async enqueue(tx: Tx, refs: readonly { conversationID: string; seq: number }[], now: number): Promise<void> {
    if (!refs.length) return;
    await txOr(this.db, tx)
      .insert(pushOutbox)
      .values(refs.map((r) => ({ ...r, dueAt: now })));
  }

  /**
   * Leases up to `limit` due rows (oldest first) until `now + leaseMs`: one statement, rows another node holds are
   * skipped, so several nodes share the outbox. A node that dies holding a lease leaves the rows due again after it.
   */
  async claim(now: number, leaseMs: number, limit: number): Promise<PushOutboxRow[]> {
    const rows = await queryRows<{
      id: string | number;
      conversation_id: string;
      seq: string | number;
      attempts: number;
    }>(
      this.db,
      sql`UPDATE push_outbox SET due_at = ${now + leaseMs}, attempts = attempts + 1
          WHERE id IN (SELECT id FROM push_outbox WHERE due_at <= ${now} ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING id, conversation_id, seq, attempts`,
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        conversationID: r.conversation_id,
        seq: Number(r.seq),
        dueAt: now + leaseMs,
        attempts: r.attempts,
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** Deletes a claimed row; false when another node already finished it (its lease had run out). */
  async finish(tx: Tx, id: number): Promise<boolean> {
    const gone = await txOr(this.db, tx)
      .delete(pushOutbox)
      .where(eq(pushOutbox.id, id))
      .returning({ id: pushOutbox.id });
    return gone.length > 0;
  }
}
