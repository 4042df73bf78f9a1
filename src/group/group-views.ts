import { Injectable } from '@nestjs/common';
import type { GroupInfo } from '../common/dto/group-info';
import type { Tx } from '../infra/database/database.service';
import { UserService } from '../user/user.service';
import type { GroupMemberFullInfo, PublicUserInfo } from './dto/common';
import type { GroupRequest } from './dto/request.dto';
import { toGroupInfo } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupRepository } from './group.repository';
import type { GroupMemberRow, GroupRequestRow, GroupRow } from './group.schema';

/** Rows as the API shows them: groups with member counts, members with the user's name and face as fallback. */
@Injectable()
export class GroupViews {
  constructor(
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
    private readonly users: UserService,
  ) {}

  /** Groups in the order of `rows`, with their member counts (one query). */
  async groupInfos(rows: readonly GroupRow[], tx?: Tx): Promise<GroupInfo[]> {
    const counts = await this.members.memberCounts(
      rows.map((g) => g.groupID),
      tx,
    );
    return rows.map((g) => toGroupInfo(g, counts.get(g.groupID) ?? 0));
  }

  async groupInfo(groupID: string, tx?: Tx): Promise<GroupInfo | undefined> {
    const row = await this.groups.findGroup(groupID, tx);
    return row ? (await this.groupInfos([row], tx))[0] : undefined;
  }

  /** Members with their user's nickname and face where the group has none (one user query). */
  async memberInfos(rows: readonly GroupMemberRow[]): Promise<GroupMemberFullInfo[]> {
    const users = new Map((await this.users.getUsersInfo(rows.map((r) => r.userID))).map((u) => [u.userID, u]));
    return rows.map((r) => {
      const u = users.get(r.userID);
      return {
        groupID: r.groupID,
        userID: r.userID,
        roleLevel: r.roleLevel,
        joinTime: r.joinTime,
        nickname: r.nickname || (u?.nickname ?? ''),
        faceURL: r.faceURL || (u?.faceURL ?? ''),
        appMangerLevel: 0,
        joinSource: r.joinSource,
        operatorUserID: r.operatorUserID,
        ex: r.ex,
        muteEndTime: r.muteEndTime,
        inviterUserID: r.inviterUserID,
      };
    });
  }

  async publicUsers(userIDs: readonly string[]): Promise<Map<string, PublicUserInfo>> {
    const users = await this.users.getUsersInfo(userIDs);
    return new Map(
      users.map((u) => [u.userID, { userID: u.userID, nickname: u.nickname, faceURL: u.faceURL, ex: u.ex }]),
    );
  }

  /** Applications with their group and applicant (two or three queries whatever their number). */
  async requests(rows: readonly GroupRequestRow[], withUser = true): Promise<GroupRequest[]> {
    const groupRows = await this.groups.findGroups(rows.map((r) => r.groupID));
    const groups = new Map((await this.groupInfos(groupRows)).map((g) => [g.groupID, g]));
    const users = withUser ? await this.publicUsers(rows.map((r) => r.userID)) : new Map<string, PublicUserInfo>();
    return rows.flatMap((r) => {
      const groupInfo = groups.get(r.groupID);
      if (!groupInfo) return [];
      return [
        {
          userInfo: users.get(r.userID) ?? (withUser ? { userID: r.userID, nickname: '', faceURL: '', ex: '' } : null),
          groupInfo,
          handleResult: r.handleResult,
          reqMsg: r.reqMsg,
          handleMsg: r.handleMsg,
          reqTime: r.reqTime,
          handleUserID: r.handleUserID,
          handleTime: r.handleTime,
          ex: r.ex,
          joinSource: r.joinSource,
          inviterUserID: r.inviterUserID,
        },
      ];
    });
  }
}
