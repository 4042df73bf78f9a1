import { Injectable } from '@nestjs/common';
import { and, desc, eq, gt, inArray, or, sql, SQL } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { FriendRequestRow, friendRequests } from './friend.schema';

export enum HandleResult {
  Refused = -1,
  Pending = 0,
  Agreed = 1,
}

export interface HandleUpdate {
  handleResult: HandleResult;
  handlerUserID: string;
  handleMsg: string;
  handleTime: number;
}

@Injectable()
export class FriendRequestRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  async find(fromUserID: string, toUserID: string, tx?: Tx): Promise<FriendRequestRow | undefined> {
    const rows = await txOr(this.db, tx)
      .select()
      .from(friendRequests)
      .where(and(eq(friendRequests.fromUserID, fromUserID), eq(friendRequests.toUserID, toUserID)))
      .limit(1);
    return rows[0];
  }

  /** The applications between two users, both directions, newest first. */
  async findBoth(a: string, b: string): Promise<FriendRequestRow[]> {
    return this.db
      .select()
      .from(friendRequests)
      .where(
        or(
          and(eq(friendRequests.fromUserID, a), eq(friendRequests.toUserID, b)),
          and(eq(friendRequests.fromUserID, b), eq(friendRequests.toUserID, a)),
        ),
      )
      .orderBy(desc(friendRequests.createTime));
  }

  /** Creates the application, or resets an existing one to pending with the new message. */
  async upsertPending(tx: Tx, row: FriendRequestRow): Promise<void> {
    await txOr(this.db, tx)
      .insert(friendRequests)
      .values(row)
      .onConflictDoUpdate({
        target: [friendRequests.fromUserID, friendRequests.toUserID],
        set: {
          handleResult: HandleResult.Pending,
          reqMsg: row.reqMsg,
          ex: row.ex,
          createTime: row.createTime,
          handlerUserID: '',
          handleMsg: '',
          handleTime: 0,
        },
      });
  }

  /** Marks a pending application handled; false when it was not pending (handled concurrently). */
  async handle(tx: Tx, fromUserID: string, toUserID: string, h: HandleUpdate): Promise<boolean> {
    const rows = await txOr(this.db, tx)
      .update(friendRequests)
      .set(h)
      .where(
        and(
          eq(friendRequests.fromUserID, fromUserID),
          eq(friendRequests.toUserID, toUserID),
          eq(friendRequests.handleResult, HandleResult.Pending),
        ),
      )
      .returning({ id: friendRequests.fromUserID });
    return rows.length > 0;
  }

  /** A page of the applications to (`direction` 'to') or from a user, newest first, with the total. */
  async page(
    direction: 'to' | 'from',
    userID: string,
    handleResults: readonly number[] | undefined,
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: FriendRequestRow[] }> {
    const conds: SQL[] = [eq(direction === 'to' ? friendRequests.toUserID : friendRequests.fromUserID, userID)];
    if (handleResults?.length) conds.push(inArray(friendRequests.handleResult, [...handleResults]));
    const where = and(...conds);
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select()
        .from(friendRequests)
        .where(where)
        .orderBy(desc(friendRequests.createTime), desc(friendRequests.fromUserID), desc(friendRequests.toUserID))
        .offset(offset)
        .limit(limit),
      this.db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(friendRequests)
        .where(where),
    ]);
    return { total: n, rows };
  }

  /** Pending applications to a user, created after `since` (ms) when given. */
  async countPendingTo(userID: string, since: number): Promise<number> {
    const [{ n }] = await this.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(friendRequests)
      .where(
        and(
          eq(friendRequests.toUserID, userID),
          eq(friendRequests.handleResult, HandleResult.Pending),
          since > 0 ? gt(friendRequests.createTime, since) : undefined,
        ),
      );
    return n;
  }
}
