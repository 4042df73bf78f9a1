import { Injectable } from '@nestjs/common';
import { and, count, desc, eq, gt, inArray, sql, SQL } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { GroupRequestRow, groupRequests } from './group.schema';

export interface RequestFilter {
  groupIDs?: readonly string[];
  userID?: string;
  handleResults?: readonly number[];
}

/** Applications to join groups: one row per (group, user), replaced by a new application. */
@Injectable()
export class GroupRequestRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  /** Stores applications, each replacing the previous one of the same user for the same group (pending again). */
  async upsertMany(tx: Tx, rows: GroupRequestRow[]): Promise<void> {
    if (!rows.length) return;
    await txOr(this.db, tx)
      .insert(groupRequests)
      .values(rows)
      .onConflictDoUpdate({
        target: [groupRequests.groupID, groupRequests.userID],
        set: {
          handleResult: 0,
          reqMsg: sqlExcluded('req_msg'),
          handleMsg: '',
          reqTime: sqlExcluded('req_time'),
          handleUserID: '',
          handleTime: 0,
          ex: sqlExcluded('ex'),
          joinSource: sqlExcluded('join_source'),
          inviterUserID: sqlExcluded('inviter_user_id'),
        },
      });
  }

  async find(groupID: string, userID: string, tx?: Tx): Promise<GroupRequestRow | undefined> {
    const rows = await txOr(this.db, tx)
      .select()
      .from(groupRequests)
      .where(and(eq(groupRequests.groupID, groupID), eq(groupRequests.userID, userID)))
      .limit(1);
    return rows[0];
  }

  /** Marks a pending application handled; undefined when there is none pending (handled already, or absent). */
  async handle(
    tx: Tx,
    groupID: string,
    userID: string,
    h: { handleResult: number; handleMsg: string; handleUserID: string; handleTime: number },
  ): Promise<GroupRequestRow | undefined> {
    const rows = await txOr(this.db, tx)
      .update(groupRequests)
      .set(h)
      .where(
        and(eq(groupRequests.groupID, groupID), eq(groupRequests.userID, userID), eq(groupRequests.handleResult, 0)),
      )
      .returning();
    return rows[0];
  }

  async page(
    filter: RequestFilter,
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: GroupRequestRow[] }> {
    if (filter.groupIDs && !filter.groupIDs.length) return { total: 0, rows: [] };
    const where = this.where(filter);
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select()
        .from(groupRequests)
        .where(where)
        .orderBy(desc(groupRequests.reqTime), desc(groupRequests.userID))
        .offset(offset)
        .limit(limit),
      this.db.select({ n: count() }).from(groupRequests).where(where),
    ]);
    return { total: n, rows };
  }

  async byUsers(groupID: string, userIDs: readonly string[]): Promise<GroupRequestRow[]> {
    if (!userIDs.length) return [];
    return this.db
      .select()
      .from(groupRequests)
      .where(and(eq(groupRequests.groupID, groupID), inArray(groupRequests.userID, [...userIDs])))
      .orderBy(desc(groupRequests.reqTime));
  }

  async unhandledCount(groupIDs: readonly string[], since: number): Promise<number> {
    if (!groupIDs.length) return 0;
    const [{ n }] = await this.db
      .select({ n: count() })
      .from(groupRequests)
      .where(
        and(
          inArray(groupRequests.groupID, [...groupIDs]),
          eq(groupRequests.handleResult, 0),
          since > 0 ? gt(groupRequests.reqTime, since) : undefined,
        ),
      );
    return n;
  }

  private where(f: RequestFilter): SQL | undefined {
    return and(
      f.groupIDs ? inArray(groupRequests.groupID, [...f.groupIDs]) : undefined,
      f.userID !== undefined ? eq(groupRequests.userID, f.userID) : undefined,
      f.handleResults?.length ? inArray(groupRequests.handleResult, [...f.handleResults]) : undefined,
    );
  }
}

function sqlExcluded(column: string): SQL {
  return sql.raw(`excluded.${column}`);
}
