import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { anyText, queryRows } from '../infra/database/sql-util';
import { FriendRow, friends } from './friend.schema';

export type NewFriendRow = Omit<FriendRow, 'seq'>;
export type FriendPatch = Partial<Pick<FriendRow, 'remark' | 'ex' | 'isPinned'>>;

/** Whether one user has another as friend and whether they block them (both directed: owner → target). */
export interface Relation {
  ownerUserID: string;
  targetUserID: string;
  friend: boolean;
  blocked: boolean;
}

/** The list order: pinned friends first, then in the order they were added. */
const LIST_ORDER = [desc(friends.isPinned), asc(friends.seq)];

@Injectable()
export class FriendRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  /** One page of a friend list and the list's size, in one query. */
  async page(ownerUserID: string, offset: number, limit: number): Promise<{ total: number; rows: FriendRow[] }> {
    const rows = await this.db
      .select({ row: friends, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(friends)
      .where(eq(friends.ownerUserID, ownerUserID))
      .orderBy(...LIST_ORDER)
      .offset(offset)
      .limit(limit);
    // a page past the end has no rows to carry the total
    const total = rows[0]?.total ?? (offset > 0 ? await this.count(ownerUserID) : 0);
    return { total, rows: rows.map((r) => r.row) };
  }

  async count(ownerUserID: string): Promise<number> {
    return (await this.countMany([ownerUserID])).get(ownerUserID) ?? 0;
  }

  /** Friend counts of several owners (absent = 0). */
  async countMany(ownerUserIDs: readonly string[], tx?: Tx): Promise<Map<string, number>> {
    if (!ownerUserIDs.length) return new Map();
    const rows = await txOr(this.db, tx)
      .select({ owner: friends.ownerUserID, n: sql<number>`count(*)`.mapWith(Number) })
      .from(friends)
      .where(inArray(friends.ownerUserID, [...ownerUserIDs]))
      .groupBy(friends.ownerUserID);
    return new Map(rows.map((r) => [r.owner, r.n]));
  }

  /** The owner's rows for these friends (those that exist), in list order. */
  async find(ownerUserID: string, friendUserIDs: readonly string[], tx?: Tx): Promise<FriendRow[]> {
    if (!friendUserIDs.length) return [];
    return txOr(this.db, tx)
      .select()
      .from(friends)
      .where(and(eq(friends.ownerUserID, ownerUserID), anyText(friends.friendUserID, friendUserIDs)))
      .orderBy(...LIST_ORDER);
  }

  /** All friend IDs of an owner, in list order. */
  async ids(ownerUserID: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: friends.friendUserID })
      .from(friends)
      .where(eq(friends.ownerUserID, ownerUserID))
      .orderBy(...LIST_ORDER);
    return rows.map((r) => r.id);
  }

  /** The users who have `friendUserID` in their list. */
  async ownersOf(friendUserID: string): Promise<string[]> {
    const rows = await this.db
      .select({ owner: friends.ownerUserID })
      .from(friends)
      .where(eq(friends.friendUserID, friendUserID));
    return rows.map((r) => r.owner);
  }

  /** Creates the rows that do not exist yet; returns those it created. */
  async insertMissing(tx: Tx, rows: NewFriendRow[]): Promise<FriendRow[]> {
    if (!rows.length) return [];
    return txOr(this.db, tx).insert(friends).values(rows).onConflictDoNothing().returning();
  }

  /** Removes one directed row; whether it existed. */
  async delete(tx: Tx, ownerUserID: string, friendUserID: string): Promise<boolean> {
    const rows = await txOr(this.db, tx)
      .delete(friends)
      .where(and(eq(friends.ownerUserID, ownerUserID), eq(friends.friendUserID, friendUserID)))
      .returning({ id: friends.friendUserID });
    return rows.length > 0;
  }

  /** Changes the owner's rows of these friends (only existing ones); returns the friend IDs changed. */
  async update(tx: Tx, ownerUserID: string, friendUserIDs: readonly string[], patch: FriendPatch): Promise<string[]> {
    if (!friendUserIDs.length || !Object.keys(patch).length) return [];
    const rows = await txOr(this.db, tx)
      .update(friends)
      .set(patch)
      .where(and(eq(friends.ownerUserID, ownerUserID), inArray(friends.friendUserID, [...friendUserIDs])))
      .returning({ id: friends.friendUserID });
    return rows.map((r) => r.id);
  }

  /** For each (owner, target) pair: is target the owner's friend, has the owner blocked target. One query. */
  async relations(pairs: readonly { ownerUserID: string; targetUserID: string }[]): Promise<Relation[]> {
    if (!pairs.length) return [];
    const rows = await queryRows<{ o: string; t: string; friend: boolean; blocked: boolean }>(
      this.db,
      sql`
      SELECT k.o, k.t,
        EXISTS (SELECT 1 FROM friends f WHERE f.owner_user_id = k.o AND f.friend_user_id = k.t) AS friend,
        EXISTS (SELECT 1 FROM blacks b WHERE b.owner_user_id = k.o AND b.block_user_id = k.t) AS blocked
      FROM unnest(${sql.param(pairs.map((p) => p.ownerUserID))}::text[],
                  ${sql.param(pairs.map((p) => p.targetUserID))}::text[]) AS k(o, t)`,
    );
    return rows.map((r) => ({ ownerUserID: r.o, targetUserID: r.t, friend: r.friend, blocked: r.blocked }));
  }
}
