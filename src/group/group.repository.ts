import { Injectable } from '@nestjs/common';
import { and, count, eq, inArray } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { GroupMemberRow, groupMembers, GroupRow, groups } from './group.schema';

/** Groups and their members. The message path reads them through the ports (`GroupDirectory`). */
@Injectable()
export class GroupRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  async findGroup(groupID: string): Promise<GroupRow | undefined> {
    const rows = await this.db.select().from(groups).where(eq(groups.groupID, groupID)).limit(1);
    return rows[0];
  }

  async findGroups(groupIDs: readonly string[]): Promise<GroupRow[]> {
    if (!groupIDs.length) return [];
    return this.db
      .select()
      .from(groups)
      .where(inArray(groups.groupID, [...groupIDs]));
  }

  async findMembers(groupID: string, userIDs: readonly string[]): Promise<GroupMemberRow[]> {
    if (!userIDs.length) return [];
    return this.db
      .select()
      .from(groupMembers)
      .where(and(eq(groupMembers.groupID, groupID), inArray(groupMembers.userID, [...userIDs])));
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
      .where(eq(groupMembers.groupID, groupID));
    return rows.map((r) => r.id);
  }

  async memberCounts(groupIDs: readonly string[]): Promise<Map<string, number>> {
    if (!groupIDs.length) return new Map();
    const rows = await this.db
      .select({ g: groupMembers.groupID, n: count() })
      .from(groupMembers)
      .where(inArray(groupMembers.groupID, [...groupIDs]))
      .groupBy(groupMembers.groupID);
    return new Map(rows.map((r) => [r.g, r.n]));
  }

  /** Creates a group with its members in one transaction. */
  async insertGroup(group: GroupRow, members: GroupMemberRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.insert(groups).values(group);
      if (members.length) await tx.insert(groupMembers).values(members);
    });
  }

  async removeMembers(groupID: string, userIDs: readonly string[]): Promise<void> {
    if (!userIDs.length) return;
    await this.db
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupID, groupID), inArray(groupMembers.userID, [...userIDs])));
  }
}
