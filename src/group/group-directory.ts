import { Injectable } from '@nestjs/common';
import type { GroupInfo } from '../common/dto/group-info';
import type { GroupAccess, GroupFacts, GroupMembers, MemberFacts } from '../chat-store/ports';
import type { Tx } from '../infra/database/database.service';
import { GroupRepository } from './group.repository';
import type { GroupRow } from './group.schema';

/** The group tables behind the ports the message store and the message features ask of groups. */
@Injectable()
export class GroupDirectory implements GroupAccess, GroupMembers {
  constructor(private readonly groups: GroupRepository) {}

  memberIDs(groupID: string, tx?: Tx): Promise<string[]> {
    return this.groups.memberIDs(groupID, tx);
  }

  async findGroups(groupIDs: readonly string[]): Promise<GroupFacts[]> {
    return (await this.groups.findGroups(groupIDs)).map((g) => ({ groupID: g.groupID, status: g.status }));
  }

  async findMembers(groupID: string, userIDs: readonly string[]): Promise<Map<string, MemberFacts>> {
    const rows = await this.groups.findMembers(groupID, [...new Set(userIDs)]);
    return new Map(
      rows.map((m) => [m.userID, { userID: m.userID, roleLevel: m.roleLevel, muteEndTime: m.muteEndTime }]),
    );
  }

  async rolesOf(userID: string, groupIDs: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.groups.membershipsOf(userID, [...new Set(groupIDs)]);
    return new Map(rows.map((m) => [m.groupID, m.roleLevel]));
  }

  async infos(groupIDs: readonly string[]): Promise<GroupInfo[]> {
    const [groups, counts] = await Promise.all([this.groups.findGroups(groupIDs), this.groups.memberCounts(groupIDs)]);
    return groups.map((g) => toGroupInfo(g, counts.get(g.groupID) ?? 0));
  }
}

export function toGroupInfo(g: GroupRow, memberCount: number): GroupInfo {
  return {
    groupID: g.groupID,
    groupName: g.groupName,
    notification: g.notification,
    introduction: g.introduction,
    faceURL: g.faceURL,
    ownerUserID: g.ownerUserID,
    createTime: g.createTime,
    memberCount,
    ex: g.ex,
    status: g.status,
    creatorUserID: g.creatorUserID,
    groupType: g.groupType,
    needVerification: g.needVerification,
    lookMemberInfo: g.lookMemberInfo,
    applyMemberFriend: g.applyMemberFriend,
    notificationUpdateTime: g.notificationUpdateTime,
    notificationUserID: g.notificationUserID,
  };
}
