import { Injectable } from '@nestjs/common';
import type { GroupInfo } from '../common/dto/group-info';
import { pageOf } from '../common/dto/pagination.dto';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import { ConversationRepository } from '../chat-store/conversation.repository';
import { DatabaseService } from '../infra/database/database.service';
import { groupConversationID } from '../protocol/conversation-id';
import { GroupAtType } from '../protocol/message';
import { NotificationType } from '../protocol/notification-type';
import { CONVERSATIONS_FLAGGED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import type {
  GetGroupAbstractInfoResp,
  GetGroupsReq,
  GetGroupsResp,
  GroupInfoForSet,
  SetGroupInfoExReq,
} from './dto/group.dto';
import { GroupDirectory } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupMembership } from './group-membership';
import { GroupNotifier } from './group-notifier';
import { GroupRules } from './group-rules';
import { GroupViews } from './group-views';
import { GroupPatch, GroupRepository } from './group.repository';

const OTHER_FIELDS = [
  'introduction',
  'faceURL',
  'ex',
  'needVerification',
  'lookMemberInfo',
  'applyMemberFriend',
] as const;

/** Reading and changing a group's own info. */
@Injectable()
export class GroupInfoService {
  constructor(
    private readonly database: DatabaseService,
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
    private readonly membership: GroupMembership,
    private readonly conversations: ConversationRepository,
    private readonly rules: GroupRules,
    private readonly views: GroupViews,
    private readonly notifier: GroupNotifier,
    private readonly directory: GroupDirectory,
    private readonly events: EventBus,
  ) {}

  async infos(groupIDs: readonly string[]): Promise<GroupInfo[]> {
    const rows = await this.groups.findGroups(groupIDs);
    const byID = new Map(rows.map((r) => [r.groupID, r]));
    const ordered = [...new Set(groupIDs)].flatMap((id) => byID.get(id) ?? []);
    return this.views.groupInfos(ordered);
  }

  /** The deprecated form: empty strings leave a field unchanged. */
  setInfo(caller: Caller, req: GroupInfoForSet): Promise<void> {
    const patch: GroupPatch = {};
    if (req.groupName) patch.groupName = req.groupName;
    if (req.notification) patch.notification = req.notification;
    if (req.introduction) patch.introduction = req.introduction;
    if (req.faceURL) patch.faceURL = req.faceURL;
    if (req.ex != null) patch.ex = req.ex;
    if (req.needVerification != null) patch.needVerification = req.needVerification;
    if (req.lookMemberInfo != null) patch.lookMemberInfo = req.lookMemberInfo;
    if (req.applyMemberFriend != null) patch.applyMemberFriend = req.applyMemberFriend;
    return this.apply(caller, req.groupID, patch);
  }

  /** Absent or null = unchanged, "" clears; a group name cannot be blank. */
  setInfoEx(caller: Caller, req: SetGroupInfoExReq): Promise<void> {
    if (req.groupName != null && !req.groupName.trim()) throw ImError.args('groupName must not be blank');
    const patch: GroupPatch = {};
    if (req.groupName != null) patch.groupName = req.groupName;
    if (req.notification != null) patch.notification = req.notification.trim();
    for (const k of OTHER_FIELDS) {
      const v = req[k];
      if (v != null) Object.assign(patch, { [k]: v });
    }
    return this.apply(caller, req.groupID, patch);
  }

  private async apply(caller: Caller, groupID: string, patch: GroupPatch): Promise<void> {
    let flagged: string[] = [];
    const changed = await this.database.transaction(async (tx) => {
      const row = await this.rules.active(groupID, tx, true);
      await this.rules.manager(caller, groupID, tx);
      const diff = (Object.keys(patch) as (keyof GroupPatch)[]).filter((k) => row[k] !== patch[k]);
      if (!diff.length) return [];
      const now = Date.now();
      if (diff.includes('notification')) {
        Object.assign(patch, { notificationUpdateTime: now, notificationUserID: caller.userID });
        // every member sees the announcement flag on the group conversation
        const ids = await this.members.memberIDs(groupID, tx);
        flagged = await this.conversations.update(tx, groupConversationID(groupID), ids, {
          groupAtType: GroupAtType.GroupNotification,
        });
      }
      await this.groups.update(tx, groupID, patch);
      await this.membership.groupTouched(tx, groupID);
      return diff;
    });
    if (!changed.length) return;
    this.directory.changed([groupID]);
    // a 1300 to each member whose record changed (ConversationTips), so their apps show the notice flag now, as
    // the reference's SetGroupInfo does through SetConversations (internal/rpc/group/group.go)
    if (flagged.length) {
      this.events.publish(CONVERSATIONS_FLAGGED, {
        conversationID: groupConversationID(groupID),
        ownerUserIDs: flagged,
      });
    }
    const op = caller.userID;
    if (changed.includes('notification')) {
      await this.notifier.toGroup(NotificationType.GroupInfoSetAnnouncement, groupID, op, (ctx) => ctx, {
        // an announcement taken away is no message to show
        isSendMsg: !!patch.notification,
      });
    }
    if (changed.includes('groupName')) {
      await this.notifier.toGroup(NotificationType.GroupInfoSetName, groupID, op, (ctx) => ctx);
    }
    if (changed.some((k) => (OTHER_FIELDS as readonly string[]).includes(k))) {
      await this.notifier.toGroup(NotificationType.GroupInfoSet, groupID, op, (ctx) => ({ ...ctx, muteTime: 0 }));
    }
  }

  async abstractInfo(caller: Caller, groupIDs: string[]): Promise<GetGroupAbstractInfoResp> {
    const found = await this.groups.findGroups(groupIDs);
    const missing = groupIDs.find((id) => !found.some((g) => g.groupID === id));
    if (missing !== undefined) throw ImError.notFound(`group ${missing} not found`);
    await this.rules.memberOfAll(caller, groupIDs);
    const [counts, hashes] = await Promise.all([
      this.members.memberCounts(groupIDs),
      this.members.listHashes(groupIDs),
    ]);
    return {
      groupAbstractInfos: groupIDs.map((groupID) => ({
        groupID,
        groupMemberNumber: counts.get(groupID) ?? 0,
        groupMemberListHash: hashes.get(groupID) ?? 0,
      })),
    };
  }

  async list(req: GetGroupsReq): Promise<GetGroupsResp> {
    const { offset, limit } = pageOf(req.pagination);
    const { total, rows } = await this.groups.page({ groupID: req.groupID, groupName: req.groupName }, offset, limit);
    const [infos, owners] = await Promise.all([
      this.views.groupInfos(rows),
      this.views.publicUsers(rows.map((r) => r.ownerUserID)),
    ]);
    return {
      total,
      groups: infos.map((groupInfo) => ({
        groupInfo,
        groupOwnerUserID: groupInfo.ownerUserID,
        groupOwnerUserName: owners.get(groupInfo.ownerUserID)?.nickname ?? '',
      })),
    };
  }
}
