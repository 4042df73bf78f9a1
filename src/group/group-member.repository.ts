import { Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { likeContains, queryRows } from '../infra/database/sql-util';
import { GroupMemberRow, groupMembers } from './group.schema';

/** The fields of a member that set_group_member_info changes (null = unchanged). */
export interface MemberPatch {
  groupID: string;
  userID: string;
  nickname: string | null;
  faceURL: string | null;
  roleLevel: number | null;
  ex: string | null;
}

const ORDER = [desc(groupMembers.roleLevel), asc(groupMembers.joinTime), asc(groupMembers.userID)];

/** Group members. Every write takes the caller's transaction; lists are paged and counted in SQL. */
@Injectable()
export class GroupMemberRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  /** Inserts members in one statement whatever their number (arrays, not one parameter per value). */
  async insertMany(tx: Tx, rows: readonly GroupMemberRow[]): Promise<void> {
    if (!rows.length) return;
    const col = <K extends keyof GroupMemberRow>(k: K) => sql.param(rows.map((r) => r[k]));
    await txOr(this.db, tx).execute(sql`
      INSERT INTO group_members (group_id, user_id, role_level, join_time, nickname, face_url, join_source,
                                 operator_user_id, inviter_user_id, ex, mute_end_time)
      SELECT * FROM unnest(${col('groupID')}::text[], ${col('userID')}::text[], ${col('roleLevel')}::int[],
                           ${col('joinTime')}::bigint[], ${col('nickname')}::text[], ${col('faceURL')}::text[],
                           ${col('joinSource')}::int[], ${col('operatorUserID')}::text[], ${col('inviterUserID')}::text[],
                           ${col('ex')}::text[], ${col('muteEndTime')}::bigint[])`);
  }

  /** Removes members; returns the IDs that were members. */
  async deleteMany(tx: Tx, groupID: string, userIDs: readonly string[]): Promise<string[]> {
    if (!userIDs.length) return [];
    const rows = await txOr(this.db, tx)
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupID, groupID), inArray(groupMembers.userID, [...userIDs])))
      .returning({ id: groupMembers.userID });
    return rows.map((r) => r.id);
  }

  async deleteAll(tx: Tx, groupID: string): Promise<string[]> {
    const rows = await txOr(this.db, tx)
      .delete(groupMembers)
      .where(eq(groupMembers.groupID, groupID))
      .returning({ id: groupMembers.userID });
    return rows.map((r) => r.id);
  }

  async findMembers(groupID: string, userIDs: readonly string[], tx?: Tx): Promise<GroupMemberRow[]> {
    if (!userIDs.length) return [];
    return txOr(this.db, tx)
      .select()
      .from(groupMembers)
      .where(and(eq(groupMembers.groupID, groupID), inArray(groupMembers.userID, [...new Set(userIDs)])));
  }

  async allMembers(groupID: string, tx?: Tx): Promise<GroupMemberRow[]> {
    return txOr(this.db, tx)
      .select()
      .from(groupMembers)
      .where(eq(groupMembers.groupID, groupID))
      .orderBy(...ORDER);
  }

  /** Members of several groups at once, by (group, user) pairs. */
  async findPairs(pairs: readonly { groupID: string; userID: string }[], tx?: Tx): Promise<GroupMemberRow[]> {
    if (!pairs.length) return [];
    return txOr(this.db, tx)
      .select()
      .from(groupMembers)
      .where(
        sql`(${groupMembers.groupID}, ${groupMembers.userID}) IN (SELECT * FROM unnest(${sql.param(pairs.map((p) => p.groupID))}::text[], ${sql.param(pairs.map((p) => p.userID))}::text[]))`,
      );
  }

  /** What the send path needs of every member of some groups (ID, role, mute), in one query. */
  async factsOfGroups(
    groupIDs: readonly string[],
  ): Promise<Pick<GroupMemberRow, 'groupID' | 'userID' | 'roleLevel' | 'muteEndTime'>[]> {
    if (!groupIDs.length) return [];
    return this.db
      .select({
        groupID: groupMembers.groupID,
        userID: groupMembers.userID,
        roleLevel: groupMembers.roleLevel,
        muteEndTime: groupMembers.muteEndTime,
      })
      .from(groupMembers)
      .where(inArray(groupMembers.groupID, [...groupIDs]))
      .orderBy(asc(groupMembers.userID));
  }

  /** One user's memberships among some groups. */
  async membershipsOf(userID: string, groupIDs: readonly string[]): Promise<GroupMemberRow[]> {
    if (!groupIDs.length) return [];
    return this.db
      .select()
      .from(groupMembers)
      .where(and(eq(groupMembers.userID, userID), inArray(groupMembers.groupID, [...groupIDs])));
  }

  async memberIDs(groupID: string, tx?: Tx): Promise<string[]> {
    const rows = await txOr(this.db, tx)
      .select({ id: groupMembers.userID })
      .from(groupMembers)
      .where(eq(groupMembers.groupID, groupID))
      .orderBy(asc(groupMembers.userID));
    return rows.map((r) => r.id);
  }

  async memberCounts(groupIDs: readonly string[], tx?: Tx): Promise<Map<string, number>> {
    if (!groupIDs.length) return new Map();
    const rows = await txOr(this.db, tx)
      .select({ g: groupMembers.groupID, n: count() })
      .from(groupMembers)
      .where(inArray(groupMembers.groupID, [...new Set(groupIDs)]))
      .groupBy(groupMembers.groupID);
    return new Map(rows.map((r) => [r.g, r.n]));
  }

  /**
   * A hash of each group's member list (IDs, roles, names, mutes), computed in SQL so that large groups are never
   * loaded: the first 16 hex digits of an MD5, as a number.
   */
  async listHashes(groupIDs: readonly string[]): Promise<Map<string, number>> {
    if (!groupIDs.length) return new Map();
    const rows = await queryRows<{ g: string; h: string }>(
      this.db,
      sql`SELECT group_id AS g, substr(md5(string_agg(
                 concat_ws(chr(31), user_id, role_level, nickname, face_url, ex, mute_end_time, join_time),
                 chr(30) ORDER BY user_id)), 1, 13) AS h
          FROM group_members WHERE group_id = ANY(${sql.param([...groupIDs])}::text[]) GROUP BY group_id`,
    );
    // 13 hex digits = 52 bits: exact in a JSON number
    return new Map(rows.map((r) => [r.g, parseInt(r.h, 16)]));
  }

  /** A page of a group's members (owner, admins, then by join time), optionally by role and name. */
  async page(
    groupID: string,
    filter: { roles?: number[]; keyword?: string },
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: GroupMemberRow[] }> {
    const kw = filter.keyword ? likeContains(filter.keyword) : undefined;
    const where = and(
      eq(groupMembers.groupID, groupID),
      filter.roles ? inArray(groupMembers.roleLevel, filter.roles) : undefined,
      kw
        ? sql`(${groupMembers.nickname} ILIKE ${kw} OR ${groupMembers.userID} ILIKE ${kw} OR (${groupMembers.nickname} = '' AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = ${groupMembers.userID} AND u.nickname ILIKE ${kw})))`
        : undefined,
    );
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select()
        .from(groupMembers)
        .where(where)
        .orderBy(...ORDER)
        .offset(offset)
        .limit(limit),
      this.db.select({ n: count() }).from(groupMembers).where(where),
    ]);
    return { total: n, rows };
  }

  /** The groups a user is in, in join order: a page of IDs and the total. */
  async pageJoined(userID: string, offset: number, limit: number): Promise<{ total: number; groupIDs: string[] }> {
    const where = eq(groupMembers.userID, userID);
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select({ g: groupMembers.groupID })
        .from(groupMembers)
        .where(where)
        .orderBy(asc(groupMembers.joinTime), asc(groupMembers.groupID))
        .offset(offset)
        .limit(limit),
      this.db.select({ n: count() }).from(groupMembers).where(where),
    ]);
    return { total: n, groupIDs: rows.map((r) => r.g) };
  }

  async joinedGroupIDs(userID: string): Promise<string[]> {
    const rows = await this.db
      .select({ g: groupMembers.groupID })
      .from(groupMembers)
      .where(eq(groupMembers.userID, userID))
      .orderBy(asc(groupMembers.groupID));
    return rows.map((r) => r.g);
  }

  /** The owners and admins of some groups. */
  async managers(groupIDs: readonly string[]): Promise<GroupMemberRow[]> {
    if (!groupIDs.length) return [];
    return this.db
      .select()
      .from(groupMembers)
      .where(and(inArray(groupMembers.groupID, [...new Set(groupIDs)]), gte(groupMembers.roleLevel, 60)));
  }

  /** The groups in which a user is owner or admin. */
  async managedGroupIDs(userID: string): Promise<string[]> {
    const rows = await this.db
      .select({ g: groupMembers.groupID })
      .from(groupMembers)
      .where(and(eq(groupMembers.userID, userID), gte(groupMembers.roleLevel, 60)));
    return rows.map((r) => r.g);
  }

  /** The groups of a user whose member entry shows the user's own nickname or face (no group-specific one). */
  async groupsShowingProfile(userID: string): Promise<string[]> {
    const rows = await this.db
      .select({ g: groupMembers.groupID })
      .from(groupMembers)
      .where(
        and(eq(groupMembers.userID, userID), sql`(${groupMembers.nickname} = '' OR ${groupMembers.faceURL} = '')`),
      );
    return rows.map((r) => r.g);
  }

  async setRole(tx: Tx, groupID: string, userID: string, roleLevel: number): Promise<void> {
    await txOr(this.db, tx)
      .update(groupMembers)
      .set({ roleLevel })
      .where(and(eq(groupMembers.groupID, groupID), eq(groupMembers.userID, userID)));
  }

  async setMuteEnd(tx: Tx, groupID: string, userID: string, muteEndTime: number): Promise<void> {
    await txOr(this.db, tx)
      .update(groupMembers)
      .set({ muteEndTime })
      .where(and(eq(groupMembers.groupID, groupID), eq(groupMembers.userID, userID)));
  }

  /** Applies many member patches in one statement (null fields keep their value). */
  async patchMany(tx: Tx, patches: readonly MemberPatch[]): Promise<void> {
    if (!patches.length) return;
    const values = patches.map((p) => ({
      group_id: p.groupID,
      user_id: p.userID,
      nickname: p.nickname,
      face_url: p.faceURL,
      role_level: p.roleLevel,
      ex: p.ex,
    }));
    await txOr(this.db, tx).execute(sql`
      UPDATE group_members m SET nickname = COALESCE(v.nickname, m.nickname), face_url = COALESCE(v.face_url, m.face_url),
             role_level = COALESCE(v.role_level, m.role_level), ex = COALESCE(v.ex, m.ex)
      FROM json_populate_recordset(NULL::group_members, ${JSON.stringify(values)}::json) v
      WHERE m.group_id = v.group_id AND m.user_id = v.user_id`);
  }
}
