import { Injectable } from '@nestjs/common';
import { and, asc, count, eq, getTableColumns, inArray, sql, SQL } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { anyText, queryRows } from '../infra/database/sql-util';
import { VersionChange, VersionLogRepository, VersionState } from '../versionlog/version-log.repository';
import { conversationLogKey, ConversationPatch, DEFAULT_SETTINGS, SYNCED_FIELDS } from './conversation-settings';
import { ConversationRow, conversations, NewConversationRow } from './conversation.schema';

const COLUMN_NAMES = Object.fromEntries(
  Object.entries(getTableColumns(conversations)).map(([prop, col]) => [prop, col.name]),
) as Record<keyof ConversationPatch, string>;

/** Records their owner has not deleted. */
export const VISIBLE = eq(conversations.hidden, false);

/** On revival, the settings given with the new record (EXCLUDED = the row that was to be inserted). */
export const REVIVED_SETTINGS = Object.fromEntries(
  Object.keys(DEFAULT_SETTINGS).map((k) => [
    k,
    sql.raw(`excluded.${getTableColumns(conversations)[k as keyof typeof DEFAULT_SETTINGS].name}`),
  ]),
);

/** Whether the patch changes one of `fields` of the row. */
function differs(
  row: ConversationRow,
  patch: ConversationPatch,
  fields: readonly (keyof ConversationPatch)[],
): boolean {
  return fields.some((k) => k in patch && row[k] !== patch[k]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Users' conversation records. Methods that take `tx` run inside the caller's transaction (the message store
 * creates records in the transaction that stores a conversation's first message).
 */
@Injectable()
export class ConversationRepository {
  private readonly db: Db;

  constructor(
    database: DatabaseService,
    private readonly versions: VersionLogRepository,
  ) {
    this.db = dbHandle(database);
  }

  /** Creates the records that do not exist yet; returns the created ones (and logs them as inserts). */
  async ensure(tx: Tx, rows: NewConversationRow[]): Promise<ConversationRow[]> {
    if (!rows.length) return [];
    const created = await txOr(this.db, tx)
      .insert(conversations)
      .values(rows)
      .onConflictDoUpdate({
        target: [conversations.ownerUserID, conversations.conversationID],
        // A deleted record comes back with the new settings and its old seq state.
        set: { hidden: false, ...REVIVED_SETTINGS },
        setWhere: sql`${conversations.hidden}`,
      })
      .returning();
    await this.log(
      tx,
      created.map((r) => [r.ownerUserID, r.conversationID, VersionState.Insert]),
    );
    return created;
  }

  /**
   * The conversation records a batch of messages implies, in one statement: missing records are created (and
   * logged as inserts), and each row's `hasReadSeq`, when higher, moves the owner's read position forward
   * (a sender has read what they sent). Rows must be unique by (owner, conversation).
   */
  async upsertForMessages(tx: Tx, rows: NewConversationRow[]): Promise<void> {
    if (!rows.length) return;
    rows.sort((a, b) =>
      a.ownerUserID === b.ownerUserID ? cmp(a.conversationID, b.conversationID) : cmp(a.ownerUserID, b.ownerUserID),
    );
    // Records their owners deleted come back (with their seq state) when a message arrives.
    const revived = await queryRows<{ owner_user_id: string; conversation_id: string }>(
      txOr(this.db, tx),
      sql`
      UPDATE conversations c SET hidden = false
      FROM unnest(${sql.param(rows.map((r) => r.ownerUserID))}::text[], ${sql.param(rows.map((r) => r.conversationID))}::text[]) AS v(owner, cid)
      WHERE c.owner_user_id = v.owner AND c.conversation_id = v.cid AND c.hidden
      RETURNING c.owner_user_id, c.conversation_id`,
    );
    const col = <K extends keyof NewConversationRow>(k: K) =>
      sql.param(rows.map((r) => r[k] ?? (k === 'hasReadSeq' ? 0 : '')));
    const changed = await queryRows<{ owner_user_id: string; conversation_id: string; inserted: boolean }>(
      txOr(this.db, tx),
      sql`
      INSERT INTO conversations (owner_user_id, conversation_id, conversation_type, user_id, group_id, has_read_seq, create_time)
      SELECT * FROM unnest(${col('ownerUserID')}::text[], ${col('conversationID')}::text[], ${col('conversationType')}::int[],
                           ${col('userID')}::text[], ${col('groupID')}::text[], ${col('hasReadSeq')}::bigint[], ${col('createTime')}::bigint[])
      ON CONFLICT (owner_user_id, conversation_id) DO UPDATE SET has_read_seq = EXCLUDED.has_read_seq
        WHERE conversations.has_read_seq < EXCLUDED.has_read_seq
      RETURNING owner_user_id, conversation_id, (xmax = 0) AS inserted`,
    );
    await this.log(
      tx,
      [...revived, ...changed.filter((r) => r.inserted)].map((r) => [
        r.owner_user_id,
        r.conversation_id,
        VersionState.Insert,
      ]),
    );
  }

  /** Moves read positions forward (never back): `has_read_seq = max(has_read_seq, seq)`. */
  async raiseReadSeqs(
    tx: Tx | undefined,
    entries: { ownerUserID: string; conversationID: string; seq: number }[],
  ): Promise<void> {
    if (!entries.length) return;
    await txOr(this.db, tx).execute(sql`
      UPDATE conversations c SET has_read_seq = v.seq
      FROM unnest(${sql.param(entries.map((e) => e.ownerUserID))}::text[],
                  ${sql.param(entries.map((e) => e.conversationID))}::text[],
                  ${sql.param(entries.map((e) => e.seq))}::bigint[]) AS v(owner, cid, seq)
      WHERE c.owner_user_id = v.owner AND c.conversation_id = v.cid AND c.has_read_seq < v.seq`);
  }

  async findOne(ownerUserID: string, conversationID: string): Promise<ConversationRow | undefined> {
    const rows = await this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.ownerUserID, ownerUserID), eq(conversations.conversationID, conversationID), VISIBLE))
      .limit(1);
    return rows[0];
  }

  /** Records by (owner, conversation) pairs, in one query. */
  async findPairs(pairs: readonly { ownerUserID: string; conversationID: string }[]): Promise<ConversationRow[]> {
    if (!pairs.length) return [];
    return this.db
      .select()
      .from(conversations)
      .where(
        sql`(${conversations.ownerUserID}, ${conversations.conversationID}) IN (SELECT * FROM unnest(${sql.param(pairs.map((p) => p.ownerUserID))}::text[], ${sql.param(pairs.map((p) => p.conversationID))}::text[]))`,
      );
  }

  async findMany(ownerUserID: string, conversationIDs: readonly string[]): Promise<ConversationRow[]> {
    if (!conversationIDs.length) return [];
    return this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.ownerUserID, ownerUserID), anyText(conversations.conversationID, conversationIDs)));
  }

  async listByOwner(ownerUserID: string): Promise<ConversationRow[]> {
    return this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.ownerUserID, ownerUserID), VISIBLE))
      .orderBy(asc(conversations.conversationID));
  }

  async pageByOwner(
    ownerUserID: string,
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: ConversationRow[] }> {
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select()
        .from(conversations)
        .where(and(eq(conversations.ownerUserID, ownerUserID), VISIBLE))
        .orderBy(asc(conversations.createTime), asc(conversations.conversationID))
        .offset(offset)
        .limit(limit),
      this.db
        .select({ n: count() })
        .from(conversations)
        .where(and(eq(conversations.ownerUserID, ownerUserID), VISIBLE)),
    ]);
    return { total: n, rows };
  }

  /** The records of some owners for one conversation (e.g. receivers' settings at send time). */
  async findForOwners(conversationID: string, ownerUserIDs: readonly string[]): Promise<ConversationRow[]> {
    if (!ownerUserIDs.length) return [];
    return this.db
      .select()
      .from(conversations)
      .where(
        and(eq(conversations.conversationID, conversationID), inArray(conversations.ownerUserID, [...ownerUserIDs])),
      );
  }

  /**
   * Applies a patch to some records (one conversation, several owners) and logs the owners whose synced fields
   * changed. Returns the owners whose record changed.
   */
  async update(
    tx: Tx,
    conversationID: string,
    ownerUserIDs: readonly string[],
    patch: ConversationPatch,
  ): Promise<string[]> {
    if (!ownerUserIDs.length || !Object.keys(patch).length) return [];
    const rows = await this.lock(
      txOr(this.db, tx),
      and(eq(conversations.conversationID, conversationID), inArray(conversations.ownerUserID, [...ownerUserIDs])),
    );
    const changed = rows.filter((row) => differs(row, patch, Object.keys(patch) as (keyof ConversationPatch)[]));
    if (!changed.length) return [];
    const owners = changed.map((r) => r.ownerUserID);
    await txOr(this.db, tx)
      .update(conversations)
      .set(patch)
      .where(and(eq(conversations.conversationID, conversationID), inArray(conversations.ownerUserID, owners)));
    await this.log(
      tx,
      changed
        .filter((row) => differs(row, patch, SYNCED_FIELDS))
        .map((r) => [r.ownerUserID, conversationID, VersionState.Update]),
    );
    return owners;
  }

  /** A patch per record of one owner (e.g. read position and min seq after a clear); logs synced changes. */
  async updateOwner(
    tx: Tx,
    ownerUserID: string,
    conversationIDs: readonly string[],
    patchOf: (row: ConversationRow) => ConversationPatch,
  ): Promise<ConversationRow[]> {
    if (!conversationIDs.length) return [];
    const rows = await this.lock(
      txOr(this.db, tx),
      and(eq(conversations.ownerUserID, ownerUserID), inArray(conversations.conversationID, [...conversationIDs])),
    );
    const logged: [string, string, VersionState][] = [];
    // one statement per set of patched fields (usually one): each row gets its own values from a JSON parameter
    const bySignature = new Map<string, { id: string; patch: ConversationPatch }[]>();
    for (const row of rows) {
      const patch = patchOf(row);
      const keys = Object.keys(patch).sort() as (keyof ConversationPatch)[];
      if (!differs(row, patch, keys)) continue;
      bySignature.set(keys.join(), [...(bySignature.get(keys.join()) ?? []), { id: row.conversationID, patch }]);
      if (differs(row, patch, SYNCED_FIELDS)) logged.push([ownerUserID, row.conversationID, VersionState.Update]);
      Object.assign(row, patch);
    }
    for (const [signature, items] of bySignature) {
      const names = signature.split(',').map((k) => COLUMN_NAMES[k as keyof ConversationPatch]);
      const values = items.map(({ id, patch }) => ({
        conversation_id: id,
        ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [COLUMN_NAMES[k as keyof ConversationPatch], v])),
      }));
      const set = sql.join(
        names.map((n) => sql`${sql.identifier(n)} = v.${sql.identifier(n)}`),
        sql`, `,
      );
      await txOr(this.db, tx).execute(sql`
        UPDATE conversations c SET ${set}
        FROM json_populate_recordset(NULL::conversations, ${JSON.stringify(values)}::json) v
        WHERE c.owner_user_id = ${ownerUserID} AND c.conversation_id = v.conversation_id`);
    }
    await this.log(tx, logged);
    return rows;
  }

  /** The visible records matching `where`, locked until the transaction ends. */
  private lock(db: Db, where: SQL | undefined): Promise<ConversationRow[]> {
    return db.select().from(conversations).where(and(where, VISIBLE)).for('update');
  }

  async delete(tx: Tx, ownerUserID: string, conversationIDs: readonly string[]): Promise<string[]> {
    if (!conversationIDs.length) return [];
    const rows = await txOr(this.db, tx)
      .update(conversations)
      .set({ hidden: true, ...DEFAULT_SETTINGS })
      .where(
        and(eq(conversations.ownerUserID, ownerUserID), inArray(conversations.conversationID, [...conversationIDs])),
      )
      .returning({ id: conversations.conversationID });
    await this.log(
      tx,
      rows.map((r) => [ownerUserID, r.id, VersionState.Delete]),
    );
    return rows.map((r) => r.id);
  }

  private async log(tx: Tx, entries: [string, string, VersionState][]): Promise<void> {
    const changes = new Map<string, VersionChange[]>();
    for (const [owner, elementID, state] of entries) {
      const key = conversationLogKey(owner);
      const list = changes.get(key) ?? [];
      list.push({ elementID, state });
      changes.set(key, list);
    }
    await this.versions.record(tx, changes);
  }
}
