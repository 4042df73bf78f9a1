import { Injectable } from '@nestjs/common';
import { eq, inArray, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { queryRows } from '../infra/database/sql-util';
import { seqConversations } from './message.schema';

export interface SeqHead {
  conversationID: string;
  maxSeq: number;
  minSeq: number;
  maxSeqTime: number;
}

/** Per-conversation seq state: allocation (the writer's lock), heads for reads, min seq for clears. */
@Injectable()
export class SeqRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  async heads(conversationIDs: readonly string[], tx?: Tx): Promise<Map<string, SeqHead>> {
    if (!conversationIDs.length) return new Map();
    const rows = await txOr(this.db, tx)
      .select()
      .from(seqConversations)
      .where(inArray(seqConversations.conversationID, [...conversationIDs]));
    return new Map(rows.map((r) => [r.conversationID, r]));
  }

  /**
   * Takes `count` new seqs in each conversation and locks its row until the transaction ends; returns the max seq
   * before the allocation. One statement, rows in a fixed order: concurrent batches (and processes) queue on the
   * rows of the conversations they share, and a rolled-back batch gives its seqs back.
   */
  async allocate(tx: Tx, counts: ReadonlyMap<string, number>, now: number): Promise<Map<string, number>> {
    const cids = [...counts.keys()].sort();
    const heads = await queryRows<{ conversation_id: string; max_seq: string | number }>(
      txOr(this.db, tx),
      sql`
      INSERT INTO seq_conversations (conversation_id, max_seq, max_seq_time)
      SELECT c, n, ${now}::bigint FROM unnest(${sql.param(cids)}::text[], ${sql.param(cids.map((c) => counts.get(c) ?? 0))}::bigint[]) AS v(c, n)
      ON CONFLICT (conversation_id) DO UPDATE
        SET max_seq = seq_conversations.max_seq + EXCLUDED.max_seq, max_seq_time = EXCLUDED.max_seq_time
      RETURNING conversation_id, max_seq`,
    );
    return new Map(heads.map((h) => [h.conversation_id, Number(h.max_seq) - (counts.get(h.conversation_id) ?? 0)]));
  }

  /** Raises each conversation's min seq for everyone (clear for everyone): entries of (conversation, min seq). */
  async raiseMinSeqs(entries: readonly { conversationID: string; minSeq: number }[], tx?: Tx): Promise<void> {
    if (!entries.length) return;
    await txOr(this.db, tx).execute(sql`
      UPDATE seq_conversations s SET min_seq = GREATEST(s.min_seq, v.min_seq)
      FROM unnest(${sql.param(entries.map((e) => e.conversationID))}::text[],
                  ${sql.param(entries.map((e) => e.minSeq))}::bigint[]) AS v(cid, min_seq)
      WHERE s.conversation_id = v.cid`);
  }

  /**
   * After messages were removed: each conversation's min seq becomes its lowest seq still stored (past max seq
   * when none is left). Only the removed prefix goes below it; a kept message with a lower seq stays visible.
   */
  async raiseMinSeqsToStored(conversationIDs: readonly string[], tx?: Tx): Promise<void> {
    if (!conversationIDs.length) return;
    await txOr(this.db, tx).execute(sql`
      UPDATE seq_conversations s
      SET min_seq = GREATEST(s.min_seq, COALESCE((SELECT min(m.seq) FROM messages m WHERE m.conversation_id = s.conversation_id), s.max_seq + 1))
      WHERE s.conversation_id = ANY(${sql.param([...conversationIDs])}::text[])`);
  }

  /** Test and repair hook: sets a conversation's max seq (e.g. to build a long backlog without sending it). */
  async setMaxSeq(conversationID: string, maxSeq: number): Promise<void> {
    await this.db.update(seqConversations).set({ maxSeq }).where(eq(seqConversations.conversationID, conversationID));
  }
}
