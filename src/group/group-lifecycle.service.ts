import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { randomInt } from 'node:crypto';
import type { GroupInfo } from '../common/dto/group-info';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import { DatabaseService } from '../infra/database/database.service';
import { isUniqueViolation } from '../infra/database/sql-util';
import { GroupStatus, RoleLevel } from '../protocol/group';
import { NotificationType } from '../protocol/notification-type';
import { UserService } from '../user/user.service';
import type { CreateGroupReq, DismissGroupReq, TransferGroupOwnerReq } from './dto/group.dto';
import { GroupDirectory } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupMembership, memberRow } from './group-membership';
import { GroupNotifier } from './group-notifier';
import { GroupRules } from './group-rules';
import { GroupViews } from './group-views';
import { GroupRepository } from './group.repository';
import type { GroupMemberRow, GroupRow } from './group.schema';
import { WebhookService } from '../webhook/webhook.service';
import { currentOperationID } from '../common/context/request-context';

/** Members listed in the 1501 tips: enough for clients to show who is in; a 10,000-member list is not sent. */
const CREATED_TIPS_MEMBERS = 1000;
const JOIN_SOURCE_INVITATION = 2;

/** Creating, transferring, muting and dismissing groups. */
@Injectable()
export class GroupLifecycleService {
  constructor(
    private readonly database: DatabaseService,
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
    private readonly membership: GroupMembership,
    private readonly rules: GroupRules,
    private readonly views: GroupViews,
    private readonly notifier: GroupNotifier,
    private readonly directory: GroupDirectory,
    private readonly users: UserService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhookService,
  ) {}

  async create(caller: Caller, req: CreateGroupReq): Promise<GroupInfo> {
    const ownerID = req.ownerUserID || caller.userID;
    if (ownerID !== caller.userID && !caller.isAdmin) {
      throw ImError.noPermission('only an app administrator may create a group for another owner');
    }
    const admins = req.adminUserIDs ?? [];
    const plain = req.memberUserIDs ?? [];
    const seen = new Set<string>([ownerID]);
    for (const [field, ids] of [
      ['adminUserIDs', admins],
      ['memberUserIDs', plain],
    ] as const) {
      for (const id of ids) {
        if (seen.has(id)) throw ImError.args(`${field}: ${id} is listed twice (owner, admins and members differ)`);
        seen.add(id);
      }
    }
    if (seen.size > this.config.groupMaxMembers) {
      throw ImError.args(
        `memberUserIDs: a group has at most ${this.config.groupMaxMembers} members (GROUP_MAX_MEMBERS)`,
      );
    }
    await this.users.requireUsers([...seen]);
    const g = req.groupInfo;
    const now = Date.now();
    const groupID = g.groupID || String(randomInt(1_000_000_000, 10_000_000_000));
    const row: GroupRow = {
      groupID,
      groupName: g.groupName ?? '',
      notification: g.notification ?? '',
      introduction: g.introduction ?? '',
      faceURL: g.faceURL ?? '',
      ownerUserID: ownerID,
      createTime: now,
      ex: g.ex ?? '',
      status: GroupStatus.Normal,
      creatorUserID: g.creatorUserID || caller.userID,
      groupType: 2,
      needVerification: g.needVerification ?? 0,
      lookMemberInfo: g.lookMemberInfo ?? 0,
      applyMemberFriend: g.applyMemberFriend ?? 0,
      notificationUpdateTime: g.notification ? now : 0,
      notificationUserID: g.notification ? caller.userID : '',
    };
    const how = { joinSource: JOIN_SOURCE_INVITATION, operatorUserID: caller.userID, inviterUserID: caller.userID };
    const rows = [
      memberRow(groupID, ownerID, RoleLevel.Owner, now, how),
      ...admins.map((id) => memberRow(groupID, id, RoleLevel.Admin, now, how)),
      ...plain.map((id) => memberRow(groupID, id, RoleLevel.Member, now, how)),
    ];
    const hookBody = () => ({
      operationID: currentOperationID() ?? '',
      ...row,
      memberCount: rows.length,
      initMemberList: rows.map((m) => ({ userID: m.userID, roleLevel: m.roleLevel })),
    });
    if (this.webhooks.enabled('beforeCreateGroup')) await this.webhooks.before('beforeCreateGroup', hookBody());
    try {
      await this.database.transaction(async (tx) => {
        if (await this.groups.findGroup(groupID, tx)) throw groupExists(groupID);
        await this.groups.insert(tx, row);
        await this.membership.add(tx, groupID, rows, now, true);
      });
    } catch (err) {
      // two creations of one groupID at once: the loser learns it here
      if (isUniqueViolation(err)) throw groupExists(groupID);
      throw err;
    }
    this.directory.changed([groupID]);
    if (this.webhooks.enabled('afterCreateGroup')) this.webhooks.after('afterCreateGroup', hookBody());
    await this.notifier.toGroup(
      NotificationType.GroupCreated,
      groupID,
      caller.userID,
      async (ctx) => ({
        ...ctx,
        memberList: await this.notifier.memberTips(rows.slice(0, CREATED_TIPS_MEMBERS)),
        groupOwnerUser: (await this.notifier.memberTips([rows[0]]))[0],
      }),
      { isSendMsg: req.sendMessage },
    );
    if (row.notification) {
      await this.notifier.toGroup(NotificationType.GroupInfoSetAnnouncement, groupID, caller.userID, (ctx) => ctx, {
        isSendMsg: true,
      });
    }
    return (await this.views.groupInfos([row]))[0];
  }

  async transfer(caller: Caller, req: TransferGroupOwnerReq): Promise<void> {
    if (req.oldOwnerUserID === req.newOwnerUserID) throw ImError.args('newOwnerUserID must differ from oldOwnerUserID');
    const now = Date.now();
    const { oldRow, unmuted } = await this.database.transaction(async (tx) => {
      await this.rules.active(req.groupID, tx, true);
      const found = await this.members.findMembers(req.groupID, [req.oldOwnerUserID, req.newOwnerUserID], tx);
      const byID = new Map(found.map((m) => [m.userID, m]));
      const before = byID.get(req.oldOwnerUserID);
      const next = byID.get(req.newOwnerUserID);
      if (!before) throw ImError.args(`oldOwnerUserID ${req.oldOwnerUserID} is not a member`);
      if (!next) throw ImError.args(`newOwnerUserID ${req.newOwnerUserID} is not a member`);
      if (before.roleLevel !== RoleLevel.Owner) throw ImError.noPermission(`${req.oldOwnerUserID} is not the owner`);
      if (!caller.isAdmin && caller.userID !== req.oldOwnerUserID) {
        throw ImError.noPermission('only the owner may transfer the group');
      }
      const wasMuted = next.muteEndTime > now;
      if (wasMuted) await this.members.setMuteEnd(tx, req.groupID, next.userID, 0);
      await this.members.setRole(tx, req.groupID, next.userID, RoleLevel.Owner);
      await this.members.setRole(tx, req.groupID, before.userID, next.roleLevel);
      await this.groups.update(tx, req.groupID, { ownerUserID: next.userID });
      await this.membership.touched(tx, req.groupID, [before.userID, next.userID], true);
      await this.membership.groupTouched(tx, req.groupID);
      return { oldRow: before, unmuted: wasMuted };
    });
    this.directory.changed([req.groupID]);
    const after = new Map(
      (await this.members.findMembers(req.groupID, [req.oldOwnerUserID, req.newOwnerUserID])).map((m) => [m.userID, m]),
    );
    const tip = async (r: GroupMemberRow | undefined) => (r ? (await this.notifier.memberTips([r]))[0] : null);
    if (unmuted) {
      await this.notifier.toGroup(NotificationType.GroupMemberCancelMuted, req.groupID, caller.userID, async (ctx) => ({
        ...ctx,
        mutedUser: await tip(after.get(req.newOwnerUserID)),
      }));
    }
    await this.notifier.toGroup(NotificationType.GroupOwnerTransferred, req.groupID, caller.userID, async (ctx) => ({
      ...ctx,
      newGroupOwner: await tip(after.get(req.newOwnerUserID)),
      oldGroupOwner: oldRow.userID,
      oldGroupOwnerInfo: await tip(after.get(req.oldOwnerUserID)),
    }));
  }

  async dismiss(caller: Caller, req: DismissGroupReq): Promise<void> {
    const op = await this.database.transaction(async (tx) => {
      const group = await this.rules.group(req.groupID, tx, true);
      if (!req.deleteMember && group.status === GroupStatus.Dismissed) {
        throw new ImError(ErrCode.DismissedAlready, `group ${req.groupID} is dismissed`);
      }
      const op = await this.rules.member(req.groupID, caller.userID, tx);
      if (!caller.isAdmin && op?.roleLevel !== RoleLevel.Owner) {
        throw ImError.noPermission('only the owner may dismiss the group');
      }
      await this.groups.update(tx, req.groupID, { status: GroupStatus.Dismissed });
      await this.membership.groupTouched(tx, req.groupID);
      // As the reference's DismissGroup: the member rows go only when asked. Kept, they let a former member's
      // fresh login read the sender info of the group's history (the SDKs' dismiss sends deleteMember false).
      if (req.deleteMember) await this.membership.removeAll(tx, req.groupID);
      return op;
    });
    this.directory.changed([req.groupID]);
    if (req.deleteMember) return;
    await this.notifier.toGroup(NotificationType.GroupDismissed, req.groupID, caller.userID, (ctx) => ctx, {
      isSendMsg: req.sendMessage,
      opRow: op,
    });
  }

  async mute(caller: Caller, groupID: string, muted: boolean): Promise<void> {
    await this.database.transaction(async (tx) => {
      await this.rules.active(groupID, tx, true);
      await this.rules.manager(caller, groupID, tx);
      await this.groups.update(tx, groupID, { status: muted ? GroupStatus.Muted : GroupStatus.Normal });
      await this.membership.groupTouched(tx, groupID);
    });
    this.directory.changed([groupID]);
    const type = muted ? NotificationType.GroupMuted : NotificationType.GroupCancelMuted;
    await this.notifier.toGroup(type, groupID, caller.userID, (ctx) => ctx);
  }
}

function groupExists(groupID: string): ImError {
  return new ImError(ErrCode.GroupIDExisted, `group ${groupID} exists already`);
}
