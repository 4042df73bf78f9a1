import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, getTableColumns, gte, ilike, inArray, lte, notLike, or, sql, SQL } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { likeContains, likePrefix, queryRows } from '../infra/database/sql-util';
import { NOTIFICATION_PREFIX } from '../protocol/conversation-id';
import type { RevokeInfo } from '../protocol/msg-data';
import { MessageRow, messages, messageUserDeletes, NewMessageRow } from './message.schema';

const COLUMNS = Object.entries(getTableColumns(messages)).map(([prop, col]) => [prop, col.name] as const);

/** Seqs `from`..`to` (inclusive) of one conversation. */
export interface SeqSpan {
  conversationID: string;
  from: number;
  to: number;
}

export interface MessageRef {
  conversationID: string;
  seq: number;
}

export interface MessageFilter {
  sendID?: string;
  /** matches the receiver or the group */
  recvID?: string;
  contentType?: number;
  sessionTypes?: number[];
  /** ms, inclusive */
  from?: number;
  /** ms, exclusive */
  to?: number;
  /** substring of the message text (case-insensitive) */
  text?: string;
  /** leave out notifications and system messages */
  userMessagesOnly?: boolean;
}

/** Reads and maintenance of stored messages. Inserting is the writer's job (`MessageWriter`). */
@Injectable()
export class MessageRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  async bySeqs(conversationID: string, seqs: readonly number[]): Promise<MessageRow[]> {
    if (!seqs.length) return [];
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationID, conversationID), inArray(messages.seq, [...seqs])))
      .orderBy(asc(messages.seq));
  }

  /**
   * The stored messages of many seq ranges (and explicit seq lists) in one statement: a pull costs one query
   * whatever its number of ranges.
   */
  async inRanges(ranges: readonly SeqSpan[]): Promise<MessageRow[]> {
    if (!ranges.length) return [];
    return this.db
      .select()
      .from(messages)
      .where(
        sql`(${messages.conversationID}, ${messages.seq}) IN (
          SELECT v.cid, s FROM unnest(${sql.param(ranges.map((r) => r.conversationID))}::text[],
                                      ${sql.param(ranges.map((r) => r.from))}::bigint[],
                                      ${sql.param(ranges.map((r) => r.to))}::bigint[]) AS v(cid, lo, hi)
          CROSS JOIN LATERAL generate_series(v.lo, v.hi) AS s)`,
      )
      .orderBy(asc(messages.conversationID), asc(messages.seq));
  }

  /** Messages by (conversation, seq) pairs, in one statement. */
  async byRefs(refs: readonly MessageRef[]): Promise<MessageRow[]> {
    if (!refs.length) return [];
    return this.db
      .select()
      .from(messages)
      .where(
        sql`(${messages.conversationID}, ${messages.seq}) IN (
          SELECT * FROM unnest(${sql.param(refs.map((r) => r.conversationID))}::text[], ${sql.param(refs.map((r) => r.seq))}::bigint[]))`,
      )
      .orderBy(asc(messages.conversationID), asc(messages.seq));
  }

  /** Messages already stored under the given client IDs (resends), inside the writer's transaction. */
  async findByClientMsgIDs(tx: Tx, conversationIDs: readonly string[], clientMsgIDs: readonly string[]) {
    if (!conversationIDs.length || !clientMsgIDs.length) return [];
    return txOr(this.db, tx)
      .select()
      .from(messages)
      .where(
        and(inArray(messages.conversationID, [...conversationIDs]), inArray(messages.clientMsgID, [...clientMsgIDs])),
      );
  }

  /**
   * Inserts many messages with one parameter: a JSON array turned into rows by PostgreSQL
   * (json_populate_recordset). The query builder's per-value work was the largest CPU cost of a send.
   * Every column is given (a missing key would insert NULL rather than the column default).
   */
  async insertMany(tx: Tx, rows: readonly NewMessageRow[]): Promise<void> {
    if (!rows.length) return;
    const json = JSON.stringify(
      rows.map((r) => {
        const o: Record<string, unknown> = {};
        for (const [prop, name] of COLUMNS) o[name] = (r as Record<string, unknown>)[prop] ?? null;
        return o;
      }),
    );
    await txOr(this.db, tx).execute(
      sql`INSERT INTO messages SELECT * FROM json_populate_recordset(NULL::messages, ${json}::json)`,
    );
  }

  async bySeq(conversationID: string, seq: number): Promise<MessageRow | undefined> {
    return (await this.bySeqs(conversationID, [seq]))[0];
  }

  /** The newest stored message of each conversation, at or below an optional per-conversation cap. */
  async latest(
    conversationIDs: readonly string[],
    caps: Map<string, number> = new Map(),
  ): Promise<Map<string, MessageRow>> {
    if (!conversationIDs.length) return new Map();
    const ids = [...conversationIDs];
    const capValues = ids.map((id) => caps.get(id) || Number.MAX_SAFE_INTEGER);
    // one statement with two array parameters: the OR of (conversation, seq) pairs it replaced was built by the
    // query builder value by value, the largest cost of a conversation-list request, growing with its length
    const rows = await this.db
      .select()
      .from(messages)
      .where(
        sql`(${messages.conversationID}, ${messages.seq}) IN (
          SELECT v.cid, m.seq FROM unnest(${sql.param(ids)}::text[], ${sql.param(capValues)}::bigint[]) AS v(cid, cap)
          CROSS JOIN LATERAL (
            SELECT seq FROM messages WHERE conversation_id = v.cid AND seq <= v.cap ORDER BY seq DESC LIMIT 1
          ) m)`,
      );
    return new Map(rows.map((r) => [r.conversationID, r]));
  }

  /** Of the given messages, those `userID` deleted for themselves, as `conversationID:seq` keys. */
  async deletedForMany(userID: string, refs: readonly MessageRef[]): Promise<Set<string>> {
    if (!refs.length) return new Set();
    const rows = await queryRows<{ conversation_id: string; seq: string | number }>(
      this.db,
      sql`
      SELECT d.conversation_id, d.seq FROM message_user_deletes d
      JOIN unnest(${sql.param(refs.map((r) => r.conversationID))}::text[], ${sql.param(refs.map((r) => r.seq))}::bigint[]) AS v(cid, seq)
        ON d.conversation_id = v.cid AND d.seq = v.seq
      WHERE d.user_id = ${userID}`,
    );
    return new Set(rows.map((r) => `${r.conversation_id}:${Number(r.seq)}`));
  }

  async hideFor(userID: string, conversationID: string, seqs: readonly number[]): Promise<void> {
    if (!seqs.length) return;
    await this.db
      .insert(messageUserDeletes)
      .values(seqs.map((seq) => ({ userID, conversationID, seq })))
      .onConflictDoNothing();
  }

  /** Marks a message revoked unless it already is; false when it was. */
  async revoke(conversationID: string, seq: number, info: RevokeInfo): Promise<boolean> {
    const rows = await this.db
      .update(messages)
      .set({ revoke: info })
      .where(and(eq(messages.conversationID, conversationID), eq(messages.seq, seq), sql`${messages.revoke} IS NULL`))
      .returning({ seq: messages.seq });
    return rows.length > 0;
  }

  /** Marks the messages of others in [from, to] (and the listed extra seqs) read by `readerID`. */
  async markReadRange(
    conversationID: string,
    from: number,
    to: number,
    extra: readonly number[],
    readerID: string,
  ): Promise<void> {
    const inRange = from <= to ? and(gte(messages.seq, from), lte(messages.seq, to)) : undefined;
    const listed = extra.length ? inArray(messages.seq, [...extra]) : undefined;
    const which = inRange && listed ? or(inRange, listed) : (inRange ?? listed);
    if (!which) return;
    await this.db
      .update(messages)
      .set({ isRead: true })
      .where(
        and(
          eq(messages.conversationID, conversationID),
          which,
          sql`${messages.sendID} <> ${readerID}`,
          eq(messages.isRead, false),
        ),
      );
  }

  async markRead(conversationID: string, seqs: readonly number[], readerID: string): Promise<void> {
    if (!seqs.length) return;
    await this.db
      .update(messages)
      .set({ isRead: true })
      .where(
        and(
          eq(messages.conversationID, conversationID),
          inArray(messages.seq, [...seqs]),
          sql`${messages.sendID} <> ${readerID}`,
        ),
      );
  }

  /** Removes messages for everyone. */
  async deletePhysically(conversationID: string, seqs: readonly number[]): Promise<number> {
    if (!seqs.length) return 0;
    const rows = await this.db
      .delete(messages)
      .where(and(eq(messages.conversationID, conversationID), inArray(messages.seq, [...seqs])))
      .returning({ seq: messages.seq });
    await this.db
      .delete(messageUserDeletes)
      .where(and(eq(messageUserDeletes.conversationID, conversationID), inArray(messageUserDeletes.seq, [...seqs])));
    return rows.length;
  }

  /**
   * Removes every message sent before `before` (ms) in the given conversations (all when none given); returns the
   * conversations that lost messages and how many were removed.
   */
  async deleteBefore(tx: Tx, before: number, conversationIDs?: readonly string[]) {
    const scope = conversationIDs?.length ? inArray(messages.conversationID, [...conversationIDs]) : undefined;
    const removed = await txOr(this.db, tx)
      .delete(messages)
      .where(and(sql`${messages.sendTime} < ${before}`, scope))
      .returning({ conversationID: messages.conversationID });
    return { removed: removed.length, conversationIDs: [...new Set(removed.map((r) => r.conversationID))] };
  }

  async search(filter: MessageFilter, offset: number, limit: number): Promise<{ total: number; rows: MessageRow[] }> {
    const where = this.where(filter);
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select()
        .from(messages)
        .where(where)
        .orderBy(desc(messages.sendTime), desc(messages.seq))
        .offset(offset)
        .limit(limit),
      this.db
        .select({ n: sql<number>`count(*)::int` })
        .from(messages)
        .where(where),
    ]);
    return { total: n, rows };
  }

  /** Messages per sender or per group (most active first) and per UTC day, for the activity statistics. */
  async activity(filter: MessageFilter, by: 'sender' | 'group', ascending: boolean, offset: number, limit: number) {
    const where = this.where(filter);
    const day = sql<string>`to_char(to_timestamp(${messages.sendTime} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
    const n = sql<number>`count(*)::int`;
    const key = by === 'group' ? messages.groupID : messages.sendID;
    const [[totals], days, top] = await Promise.all([
      this.db
        .select({ msgCount: n, distinct: sql<number>`count(DISTINCT ${key})::int` })
        .from(messages)
        .where(where),
      this.db.select({ day, n }).from(messages).where(where).groupBy(day),
      this.db
        .select({ id: key, n })
        .from(messages)
        .where(where)
        .groupBy(key)
        .orderBy(ascending ? sql`count(*) ASC` : sql`count(*) DESC`, key)
        .offset(offset)
        .limit(limit),
    ]);
    return { ...totals, perDay: new Map(days.map((d) => [d.day, d.n])), top };
  }

  private where(f: MessageFilter): SQL | undefined {
    const conds: (SQL | undefined)[] = [notLike(messages.conversationID, likePrefix(NOTIFICATION_PREFIX))];
    if (f.sendID) conds.push(eq(messages.sendID, f.sendID));
    if (f.recvID) conds.push(sql`(${messages.recvID} = ${f.recvID} OR ${messages.groupID} = ${f.recvID})`);
    if (f.contentType) conds.push(eq(messages.contentType, f.contentType));
    if (f.sessionTypes?.length) conds.push(inArray(messages.sessionType, f.sessionTypes));
    if (f.from !== undefined) conds.push(gte(messages.sendTime, f.from));
    if (f.to !== undefined) conds.push(sql`${messages.sendTime} < ${f.to}`);
    if (f.userMessagesOnly) conds.push(sql`${messages.contentType} < 1000`);
    if (f.text) conds.push(ilike(messages.searchText, likeContains(f.text)));
    return and(...conds);
  }
}
