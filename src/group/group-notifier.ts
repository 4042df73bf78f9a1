import { Injectable } from '@nestjs/common';
import type { NoticeSeqs } from '../chat-store/member-records.repository';
import type { GroupInfo } from '../common/dto/group-info';
import { NotificationService } from '../notification/notification.service';
import type { MemberTip } from '../notification/group-tips';
import type { NotificationTips } from '../notification/tips';
import { SessionType } from '../protocol/message';
import { NotificationType } from '../protocol/notification-type';
import { SORT_ELEMENT, VersionLogRepository } from '../versionlog/version-log.repository';
import { User, UserService } from '../user/user.service';
import { GroupMemberRepository } from './group-member.repository';
import { GroupRepository } from './group.repository';
import { memberLogKey } from './group-versions';
import { GroupViews } from './group-views';
import type { GroupMemberRow } from './group.schema';

/** What most group tips share: the group after the change, the operator, the time and the member log head. */
export interface GroupContext {
  group: GroupInfo;
  opUser: MemberTip | null;
  operationTime: number;
  groupMemberVersion: number;
  groupMemberVersionID: string;
}

type GroupNoticeType =
  | NotificationType.GroupCreated
  | NotificationType.GroupInfoSet
  | NotificationType.MemberQuit
  | NotificationType.GroupOwnerTransferred
  | NotificationType.MemberKicked
  | NotificationType.MemberInvited
  | NotificationType.MemberEnter
  | NotificationType.GroupDismissed
  | NotificationType.GroupMemberMuted
  | NotificationType.GroupMemberCancelMuted
  | NotificationType.GroupMuted
  | NotificationType.GroupCancelMuted
  | NotificationType.GroupMemberInfoSet
  | NotificationType.GroupMemberSetToAdmin
  | NotificationType.GroupMemberSetToOrdinaryUser
  | NotificationType.GroupInfoSetAnnouncement
  | NotificationType.GroupInfoSetName;

type PersonalNoticeType =
  | NotificationType.JoinGroupApplication
  | NotificationType.GroupApplicationAccepted
  | NotificationType.GroupApplicationRejected;

export interface GroupNoticeOpts {
  /** a request's `sendMessage`: overrides whether a visible copy is stored */
  isSendMsg?: boolean;
  /** pushed to these users too (those who just left) */
  extraUserIDs?: string[];
  /** the operator's member row when it is gone from the table (dismissed, left) */
  opRow?: GroupMemberRow;
}

/** Group notifications 1501–1520 (spec/protocol.md §7.2), emitted after the change committed. */
@Injectable()
export class GroupNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly views: GroupViews,
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
    private readonly versions: VersionLogRepository,
    private readonly users: UserService,
  ) {}

  /** The shared part of the tips as of now. */
  async context(groupID: string, opUserID: string, opRow?: GroupMemberRow): Promise<GroupContext | undefined> {
    return (await this.contexts([groupID], opUserID, opRow)).get(groupID);
  }

  /** Contexts of many groups for one operator, in a fixed number of queries. */
  async contexts(
    groupIDs: readonly string[],
    opUserID: string,
    opRow?: GroupMemberRow,
  ): Promise<Map<string, GroupContext>> {
    const [rows, heads, opRows] = await Promise.all([
      this.groups.findGroups(groupIDs),
      this.versions.heads(groupIDs.map(memberLogKey)),
      opRow ? [opRow] : this.members.findPairs(groupIDs.map((groupID) => ({ groupID, userID: opUserID }))),
    ]);
    const [infos, opTips, opUser] = await Promise.all([
      this.views.groupInfos(rows),
      this.views.memberInfos(opRows),
      this.users.findUser(opUserID),
    ]);
    const tipOf = new Map(opTips.map((t) => [t.groupID, t]));
    const now = Date.now();
    const out = new Map<string, GroupContext>();
    for (const group of infos) {
      const head = heads.get(memberLogKey(group.groupID));
      out.set(group.groupID, {
        group,
        opUser: tipOf.get(group.groupID) ?? (opUser ? adminTip(group.groupID, opUser) : null),
        operationTime: now,
        groupMemberVersion: head?.version ?? 0,
        groupMemberVersionID: head?.logID ?? '',
      });
    }
    return out;
  }

  /** Per group, the member-log version at which the list's order last changed (`groupSortVersion` of 1516). */
  async sortVersions(groupIDs: readonly string[]): Promise<Map<string, number>> {
    const byKey = await this.versions.elementVersions(groupIDs.map(memberLogKey), SORT_ELEMENT);
    return new Map(groupIDs.flatMap((g) => (byKey.has(memberLogKey(g)) ? [[g, byKey.get(memberLogKey(g)) ?? 0]] : [])));
  }

  async memberTips(rows: readonly GroupMemberRow[]): Promise<MemberTip[]> {
    return this.views.memberInfos(rows);
  }

  /** A notification to the group (sessionType 3): every member gets it. Answers where it was stored. */
  async toGroup<T extends GroupNoticeType>(
    contentType: T,
    groupID: string,
    opUserID: string,
    tips: (ctx: GroupContext) => NotificationTips[T] | Promise<NotificationTips[T]>,
    opts: GroupNoticeOpts = {},
  ): Promise<NoticeSeqs> {
    const ctx = await this.context(groupID, opUserID, opts.opRow);
    if (!ctx) return { chat: 0, notification: 0 };
    const result = await this.notifications.notify({
      sendID: opUserID,
      recvID: groupID,
      sessionType: SessionType.Group,
      contentType,
      tips: await tips(ctx),
      isSendMsg: opts.isSendMsg,
      extraUserIDs: opts.extraUserIDs,
    });
    return { chat: result?.copySeq ?? 0, notification: result?.msg.seq ?? 0 };
  }

  /** Several notifications of one type to one group, sharing one context (one set of queries). */
  async toGroupEach<T extends GroupNoticeType, I>(
    contentType: T,
    groupID: string,
    opUserID: string,
    items: readonly I[],
    tips: (ctx: GroupContext, item: I) => NotificationTips[T],
  ): Promise<void> {
    if (!items.length) return;
    const ctx = await this.context(groupID, opUserID);
    if (!ctx) return;
    for (const item of items) {
      await this.notifications.notify({
        sendID: opUserID,
        recvID: groupID,
        sessionType: SessionType.Group,
        contentType,
        tips: tips(ctx, item),
      });
    }
  }

  /** One notification to each of several groups (a user's profile change), contexts loaded together. */
  async toGroups<T extends GroupNoticeType>(
    contentType: T,
    groupIDs: readonly string[],
    opUserID: string,
    tips: (ctx: GroupContext) => NotificationTips[T],
  ): Promise<void> {
    if (!groupIDs.length) return;
    for (const [groupID, ctx] of await this.contexts(groupIDs, opUserID)) {
      await this.notifications.notify({
        sendID: opUserID,
        recvID: groupID,
        sessionType: SessionType.Group,
        contentType,
        tips: tips(ctx),
      });
    }
  }

  /** A notification to some users one by one (sessionType 1): applications and their answers. */
  async toUsers<T extends PersonalNoticeType>(
    contentType: T,
    opUserID: string,
    recvIDs: readonly string[],
    tips: (recvID: string) => NotificationTips[T],
  ): Promise<void> {
    for (const recvID of new Set(recvIDs)) {
      await this.notifications.notify({
        sendID: opUserID,
        recvID,
        sessionType: SessionType.Single,
        contentType,
        tips: tips(recvID),
      });
    }
  }
}

/** An operator who is not a member (an app admin) appears with its user profile and role 0. */
function adminTip(groupID: string, user: User): MemberTip {
  return {
    groupID,
    userID: user.userID,
    roleLevel: 0,
    joinTime: 0,
    nickname: user.nickname,
    faceURL: user.faceURL,
    appMangerLevel: user.appMangerLevel,
    joinSource: 0,
    operatorUserID: '',
    ex: user.ex,
    muteEndTime: 0,
    inviterUserID: '',
  };
}
