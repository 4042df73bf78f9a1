import { Injectable } from '@nestjs/common';
import { and, count, desc, eq, lt, ne, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { anyText, likeContains, queryRows } from '../infra/database/sql-util';
import { GroupStatus } from '../protocol/group';
import { GroupMemberRepository } from './group-member.repository';
import { GroupMemberRow, GroupRow, groups } from './group.schema';

export type GroupPatch = Partial<Omit<GroupRow, 'groupID' | 'createTime' | 'creatorUserID'>>;

/** Groups (the rows). Members live in {@link GroupMemberRepository}; the message path reads both through ports. */
@Injectable()
export class GroupRepository {
  private readonly db: Db;

  constructor(
    database: DatabaseService,
    private readonly members: GroupMemberRepository,
  ) {
    this.db = dbHandle(database);
  }

  async findGroup(groupID: string, tx?: Tx): Promise<GroupRow | undefined> {
    const rows = await txOr(this.db, tx).select().from(groups).where(eq(groups.groupID, groupID)).limit(1);
    return rows[0];
  }

  /** The group row locked until the transaction ends: membership changes of one group run one at a time. */
  async lockGroup(tx: Tx, groupID: string): Promise<GroupRow | undefined> {
    const rows = await txOr(this.db, tx).select().from(groups).where(eq(groups.groupID, groupID)).for('update');
    return rows[0];
  }

  async findGroups(groupIDs: readonly string[], tx?: Tx): Promise<GroupRow[]> {
    if (!groupIDs.length) return [];
    return txOr(this.db, tx)
      .select()
      .from(groups)
      .where(anyText(groups.groupID, [...new Set(groupIDs)]));
  }

  async insert(tx: Tx, group: GroupRow): Promise<void> {
    await txOr(this.db, tx).insert(groups).values(group);
  }

  async update(tx: Tx, groupID: string, patch: GroupPatch): Promise<GroupRow | undefined> {
    if (!Object.keys(patch).length) return this.findGroup(groupID, tx);
    const rows = await txOr(this.db, tx).update(groups).set(patch).where(eq(groups.groupID, groupID)).returning();
    return rows[0];
  }

  /** Creates a group with its members in one transaction (test fixtures; the API goes through GroupLifecycle). */
  async insertGroup(group: GroupRow, members: GroupMemberRow[]): Promise<void> {
    await this.db.transaction(async (t) => {
      const tx = t as unknown as Tx;
      await this.insert(tx, group);
      await this.members.insertMany(tx, members);
    });
  }

  memberIDs(groupID: string, tx?: Tx): Promise<string[]> {
    return this.members.memberIDs(groupID, tx);
  }

  findMembers(groupID: string, userIDs: readonly string[], tx?: Tx): Promise<GroupMemberRow[]> {
    return this.members.findMembers(groupID, userIDs, tx);
  }

  membershipsOf(userID: string, groupIDs: readonly string[]): Promise<GroupMemberRow[]> {
    return this.members.membershipsOf(userID, groupIDs);
  }

  memberCounts(groupIDs: readonly string[]): Promise<Map<string, number>> {
    return this.members.memberCounts(groupIDs);
  }

  /** Groups for the admin console: by ID, or by name (dismissed ones left out), newest first. */
  async page(
    filter: { groupID?: string; groupName?: string },
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: GroupRow[] }> {
    const where = filter.groupID
      ? eq(groups.groupID, filter.groupID)
      : and(
          ne(groups.status, GroupStatus.Dismissed),
          filter.groupName ? sql`${groups.groupName} ILIKE ${likeContains(filter.groupName)}` : undefined,
        );
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select()
        .from(groups)
        .where(where)
        .orderBy(desc(groups.createTime), desc(groups.groupID))
        .offset(offset)
        .limit(limit),
      this.db.select({ n: count() }).from(groups).where(where),
    ]);
    return { total: n, rows };
  }

  /** Groups created per UTC day in [start, end), all groups, and those created before start. */
  async createdPerDay(
    start: number,
    end: number,
  ): Promise<{ total: number; before: number; perDay: [string, number][] }> {
    const [[{ total }], [{ before }], days] = await Promise.all([
      this.db.select({ total: count() }).from(groups),
      this.db.select({ before: count() }).from(groups).where(lt(groups.createTime, start)),
      queryRows<{ day: string; n: number }>(
        this.db,
        sql`SELECT to_char(to_timestamp(create_time / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
            FROM groups WHERE create_time >= ${start} AND create_time < ${end} GROUP BY 1 ORDER BY 1`,
      ),
    ]);
    return { total, before, perDay: days.map((d) => [d.day, d.n]) };
  }
}
