import { Injectable } from '@nestjs/common';
import { and, count, eq, inArray } from 'drizzle-orm';
import { Db, DatabaseService } from '../infra/database/database.service';
import { GroupMemberRow, groupMembers, GroupRow, groups } from './group.schema';

export enum GroupStatus {
  Normal = 0,
  Dismissed = 2,
  Muted = 3,
}

export enum RoleLevel {
  Owner = 100,
  Admin = 60,
  Member = 20,
}

/** Groups and their members. The message path reads membership here; the group API will write it. */
@Injectable()
export class GroupRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = database.db;
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

  async findMember(groupID: string, userID: string): Promise<GroupMemberRow | undefined> {
    const rows = await this.db
      .select()
      .from(groupMembers)
      .where(and(eq(groupMembers.groupID, groupID), eq(groupMembers.userID, userID)))
      .limit(1);
    return rows[0];
  }

  async memberIDs(groupID: string, tx: Db = this.db): Promise<string[]> {
    const rows = await tx
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
