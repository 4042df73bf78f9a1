import { Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { anyText, queryRows } from '../infra/database/sql-util';
import { seqConversations } from './message.schema';
import { OwnerColumns, sameOwners, StreamOwners, toColumns } from './stream-owners';

export interface SeqHead extends OwnerColumns {
  conversationID: string;
  maxSeq: number;
  minSeq: number;
  maxSeqTime: number;
}

/** What a batch asks of a conversation's stream: new seqs, for these owners (unchecked when absent). */
export interface SeqWant {
  count: number;
  owners?: StreamOwners;
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
      .where(anyText(seqConversations.conversationID, conversationIDs));
    return new Map(rows.map((r) => [r.conversationID, r]));
  }

  /**
   * Takes `count` new seqs in each conversation and locks its row until the transaction ends; returns the max seq
   * before the allocation. A new stream records its owners; a conversation whose recorded owners differ from the
   * ones asked for is left untouched and absent from the answer (the caller refuses those sends). One statement,
   * rows in a fixed order: concurrent batches (and processes) queue on the rows of the conversations they share,
   * and a rolled-back batch gives its seqs back.
   */
  async allocate(tx: Tx, wants: ReadonlyMap<string, SeqWant>, now: number): Promise<Map<string, number>> {
    const cids = [...wants.keys()].sort();
    const owners = cids.map((c) => toColumns(wants.get(c)?.owners));
    const heads = await queryRows<{ conversation_id: string; max_seq: string | number }>(
      txOr(this.db, tx),
      sql`
      INSERT INTO seq_conversations AS s (conversation_id, max_seq, max_seq_time, owner_kind, owner_a, owner_b)
      SELECT * FROM unnest(${sql.param(cids)}::text[], ${sql.param(cids.map((c) => wants.get(c)?.count ?? 0))}::bigint[],
                           ${sql.param(cids.map(() => now))}::bigint[], ${sql.param(owners.map((o) => o.ownerKind))}::smallint[],
                           ${sql.param(owners.map((o) => o.ownerA))}::text[], ${sql.param(owners.map((o) => o.ownerB))}::text[])
      ON CONFLICT (conversation_id) DO UPDATE
        SET max_seq = s.max_seq + EXCLUDED.max_seq, max_seq_time = EXCLUDED.max_seq_time,
            owner_kind = CASE WHEN s.owner_kind = 0 THEN EXCLUDED.owner_kind ELSE s.owner_kind END,
            owner_a = CASE WHEN s.owner_kind = 0 THEN EXCLUDED.owner_a ELSE s.owner_a END,
            owner_b = CASE WHEN s.owner_kind = 0 THEN EXCLUDED.owner_b ELSE s.owner_b END
        WHERE s.owner_kind = 0 OR EXCLUDED.owner_kind = 0
           OR (s.owner_kind = EXCLUDED.owner_kind AND s.owner_a = EXCLUDED.owner_a AND s.owner_b = EXCLUDED.owner_b)
      RETURNING conversation_id, max_seq`,
    );
    return new Map(
      heads.map((h) => [h.conversation_id, Number(h.max_seq) - (wants.get(h.conversation_id)?.count ?? 0)]),
    );
  }

  /**
   * Makes sure a stream exists for these owners (a record is about to be made for it): creates it, or takes an
   * ownerless one; false when it belongs to others.
   */
  async claim(conversationID: string, owners: StreamOwners, tx?: Tx): Promise<boolean> {
    const o = toColumns(owners);
    const rows = await queryRows<{ owner_kind: number; owner_a: string; owner_b: string }>(
      txOr(this.db, tx),
      sql`
      INSERT INTO seq_conversations AS s (conversation_id, owner_kind, owner_a, owner_b)
      VALUES (${conversationID}, ${o.ownerKind}, ${o.ownerA}, ${o.ownerB})
      ON CONFLICT (conversation_id) DO UPDATE
        SET owner_kind = EXCLUDED.owner_kind, owner_a = EXCLUDED.owner_a, owner_b = EXCLUDED.owner_b
        WHERE s.owner_kind = 0
      RETURNING owner_kind, owner_a, owner_b`,
    );
    if (rows.length) return true;
    const head = (await this.heads([conversationID], tx)).get(conversationID);
    return !!head && sameOwners(head, owners);
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
