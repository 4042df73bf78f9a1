import { Injectable } from '@nestjs/common';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import { DatabaseService } from '../infra/database/database.service';
import type { MemberTip } from '../notification/group-tips';
import { GroupStatus, RoleLevel } from '../protocol/group';
import { NotificationType } from '../protocol/notification-type';
import type { SetGroupMemberInfo } from './dto/member.dto';
import { GroupDirectory } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupMembership } from './group-membership';
import { GroupNotifier } from './group-notifier';
import { GroupRules, outranks } from './group-rules';
import { GroupRepository } from './group.repository';
import type { GroupMemberRow } from './group.schema';

const key = (groupID: string, userID: string) => `${groupID}\u0000${userID}`;

/** Changing members: mutes, roles, group nicknames and faces. */
@Injectable()
export class GroupMemberAdminService {
  constructor(
    private readonly database: DatabaseService,
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
    private readonly membership: GroupMembership,
    private readonly rules: GroupRules,
    private readonly notifier: GroupNotifier,
    private readonly directory: GroupDirectory,
  ) {}

  /** Mutes a member for `seconds`, or lifts the mute (0). Owner mutes anyone but himself, admins mute members. */
  async mute(caller: Caller, groupID: string, userID: string, seconds: number): Promise<void> {
    await this.database.transaction(async (tx) => {
      await this.rules.active(groupID, tx, true);
      const target = await this.rules.member(groupID, userID, tx);
      if (!target) throw ImError.notFound(`${userID} is not a member of group ${groupID}`);
      const op = await this.rules.memberOrAdmin(caller, groupID, tx);
      if (!outranks(op?.roleLevel ?? 0, caller.isAdmin, target.roleLevel)) {
        throw ImError.noPermission(`${caller.userID} may not mute ${userID}`);
      }
      await this.members.setMuteEnd(tx, groupID, userID, seconds ? Date.now() + seconds * 1000 : 0);
      await this.membership.touched(tx, groupID, [userID]);
    });
    this.directory.changed([groupID]);
    const [row] = await this.members.findMembers(groupID, [userID]);
    const mutedUser = row ? (await this.notifier.memberTips([row]))[0] : null;
    if (seconds) {
      await this.notifier.toGroup(NotificationType.GroupMemberMuted, groupID, caller.userID, (ctx) => ({
        ...ctx,
        mutedUser,
        mutedSeconds: seconds,
      }));
    } else {
      await this.notifier.toGroup(NotificationType.GroupMemberCancelMuted, groupID, caller.userID, (ctx) => ({
        ...ctx,
        mutedUser,
      }));
    }
  }

  /** A batch of member changes (may span groups), all checked before any is written. */
  async setInfo(caller: Caller, items: SetGroupMemberInfo[]): Promise<void> {
    const seen = new Set<string>();
    for (const [i, m] of items.entries()) {
      if (seen.has(key(m.groupID, m.userID))) throw ImError.args(`members.${i}: ${m.userID} is listed twice`);
      seen.add(key(m.groupID, m.userID));
      if (m.roleLevel === RoleLevel.Owner) throw ImError.noPermission(`members.${i}.roleLevel: use transfer_group`);
      if (m.roleLevel != null && m.roleLevel !== RoleLevel.Admin && m.roleLevel !== RoleLevel.Member) {
        throw ImError.args(`members.${i}.roleLevel must be 60 (admin) or 20 (member)`);
      }
    }
    const groupIDs = [...new Set(items.map((m) => m.groupID))];
    const before = await this.database.transaction(async (tx) => {
      const groups = await this.groups.findGroups(groupIDs, tx);
      for (const id of groupIDs) {
        const g = groups.find((x) => x.groupID === id);
        if (!g) throw ImError.notFound(`group ${id} not found`);
        if (g.status === GroupStatus.Dismissed) throw new ImError(ErrCode.DismissedAlready, `group ${id} is dismissed`);
      }
      const pairs = [...items, ...groupIDs.map((groupID) => ({ groupID, userID: caller.userID }))];
      const rows = new Map((await this.members.findPairs(pairs, tx)).map((r) => [key(r.groupID, r.userID), r]));
      items.forEach((m, i) => this.check(caller, m, i, rows));
      await this.members.patchMany(
        tx,
        items.map((m) => ({
          groupID: m.groupID,
          userID: m.userID,
          nickname: m.nickname ?? null,
          faceURL: m.faceURL ?? null,
          roleLevel: m.roleLevel ?? null,
          ex: m.ex ?? null,
        })),
      );
      const resorted = items.filter(
        (m) => m.roleLevel != null && m.roleLevel !== rows.get(key(m.groupID, m.userID))?.roleLevel,
      );
      await this.membership.touchedMany(
        tx,
        items,
        resorted.map((m) => m.groupID),
      );
      return rows;
    });
    this.directory.changed(groupIDs);
    await this.announce(caller, items, before);
  }

  private check(caller: Caller, m: SetGroupMemberInfo, i: number, rows: Map<string, GroupMemberRow>): void {
    const target = rows.get(key(m.groupID, m.userID));
    if (!target) throw ImError.args(`members.${i}: ${m.userID} is not a member of group ${m.groupID}`);
    if (caller.isAdmin) return;
    const op = rows.get(key(m.groupID, caller.userID));
    if (!op) throw ImError.noPermission(`${caller.userID} is not a member of group ${m.groupID}`);
    const roleChange = m.roleLevel != null && m.roleLevel !== target.roleLevel;
    if (m.userID === caller.userID) {
      if (roleChange && op.roleLevel === RoleLevel.Owner) throw ImError.args('the owner cannot change his own role');
      if (roleChange && (m.roleLevel ?? 0) > op.roleLevel) throw ImError.noPermission('nobody may raise his own role');
      return;
    }
    if (op.roleLevel === RoleLevel.Owner) return;
    if (op.roleLevel === RoleLevel.Admin && target.roleLevel === RoleLevel.Member && !roleChange) return;
    throw ImError.noPermission(`${caller.userID} may not change ${m.userID} in group ${m.groupID}`);
  }

  /** 1517/1518 for role changes, 1516 for nickname, face or ex; one context per group. */
  private async announce(caller: Caller, items: SetGroupMemberInfo[], before: Map<string, GroupMemberRow>) {
    const after = new Map((await this.members.findPairs(items)).map((r) => [key(r.groupID, r.userID), r]));
    const tips = new Map(
      (await this.notifier.memberTips([...after.values()])).map((t) => [key(t.groupID, t.userID), t]),
    );
    const sortVersions = await this.notifier.sortVersions(items.map((m) => m.groupID));
    for (const groupID of new Set(items.map((m) => m.groupID))) {
      const mine = items.filter((m) => m.groupID === groupID);
      const changed = (m: SetGroupMemberInfo): MemberTip | null => tips.get(key(m.groupID, m.userID)) ?? null;
      const roleTo = (level: number) =>
        mine.filter((m) => m.roleLevel === level && before.get(key(m.groupID, m.userID))?.roleLevel !== level);
      const info = mine.filter((m) => m.nickname != null || m.faceURL != null || m.ex != null);
      const emit = (
        type:
          | NotificationType.GroupMemberSetToAdmin
          | NotificationType.GroupMemberSetToOrdinaryUser
          | NotificationType.GroupMemberInfoSet,
        list: SetGroupMemberInfo[],
      ) =>
        this.notifier.toGroupEach(type, groupID, caller.userID, list, (ctx, m) => ({
          ...ctx,
          changedUser: changed(m),
          groupSortVersion: sortVersions.get(groupID) ?? 0,
        }));
      await emit(NotificationType.GroupMemberSetToAdmin, roleTo(RoleLevel.Admin));
      await emit(NotificationType.GroupMemberSetToOrdinaryUser, roleTo(RoleLevel.Member));
      await emit(NotificationType.GroupMemberInfoSet, info);
    }
  }
}
