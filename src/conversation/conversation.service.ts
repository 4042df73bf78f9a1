import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { GROUP_ACCESS, GroupAccess } from '../chat-store/ports';
import { SeqRepository } from '../chat-store/seq.repository';
import { groupOwners, pairOwners } from '../chat-store/stream-owners';
import { DatabaseService } from '../infra/database/database.service';
import { GroupStatus } from '../protocol/group';
import { groupConversationID, notificationChatConversationID, singleConversationID } from '../protocol/conversation-id';
import { RecvMsgOpt, SessionType } from '../protocol/message';
import { NotificationType } from '../protocol/notification-type';
import { NotificationService } from '../notification/notification.service';
import type { ConversationSetPrivateTips } from '../notification/tips';
import { ConversationTips } from './conversation-tips';
import { idHash } from '../versionlog/id-hash';
import { changesSince, incrementalAnswer } from '../versionlog/incremental';
import { VersionLogRepository } from '../versionlog/version-log.repository';
import {
  ConversationInfo,
  ConversationReqDto,
  DeleteConversationsReq,
  GetFullConversationIDsResp,
  GetIncrementalConversationResp,
  GetOwnerConversationResp,
  SetConversationsReq,
} from './conversation.dto';
import { ConversationRepository } from '../chat-store/conversation.repository';
import { conversationLogKey, ConversationPatch } from '../chat-store/conversation-settings';
import type { ConversationRow } from '../chat-store/conversation.schema';

export function toConversationInfo(r: ConversationRow): ConversationInfo {
  return {
    ownerUserID: r.ownerUserID,
    conversationID: r.conversationID,
    recvMsgOpt: r.recvMsgOpt,
    conversationType: r.conversationType,
    userID: r.userID,
    groupID: r.groupID,
    isPinned: r.isPinned,
    attachedInfo: r.attachedInfo,
    isPrivateChat: r.isPrivateChat,
    groupAtType: r.groupAtType,
    ex: r.ex,
    burnDuration: r.burnDuration,
    minSeq: r.minSeq,
    maxSeq: r.maxSeq,
    msgDestructTime: r.msgDestructTime,
    latestMsgDestructTime: r.latestMsgDestructTime,
    isMsgDestruct: r.isMsgDestruct,
  };
}

const DAY_MS = 86_400_000;

@Injectable()
export class ConversationService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repo: ConversationRepository,
    private readonly versions: VersionLogRepository,
    @Inject(GROUP_ACCESS) private readonly groups: GroupAccess,
    private readonly seqs: SeqRepository,
    private readonly notifications: NotificationService,
    private readonly tips: ConversationTips,
  ) {}

  async getAll(caller: Caller, ownerUserID: string): Promise<ConversationInfo[]> {
    assertSelfOrAdmin(caller, ownerUserID);
    return (await this.repo.listByOwner(ownerUserID)).map(toConversationInfo);
  }

  async getOne(caller: Caller, ownerUserID: string, conversationID: string): Promise<ConversationInfo> {
    assertSelfOrAdmin(caller, ownerUserID);
    const row = await this.repo.findOne(ownerUserID, conversationID);
    if (!row) throw ImError.notFound(`${ownerUserID} has no conversation ${conversationID}`);
    return toConversationInfo(row);
  }

  async getMany(caller: Caller, ownerUserID: string, conversationIDs: string[]): Promise<ConversationInfo[]> {
    assertSelfOrAdmin(caller, ownerUserID);
    return (await this.repo.findMany(ownerUserID, conversationIDs)).map(toConversationInfo);
  }

  async pageOwner(
    caller: Caller,
    userID: string,
    req: { pageNumber: number; showNumber: number },
  ): Promise<GetOwnerConversationResp> {
    assertSelfOrAdmin(caller, userID);
    const { offset, limit } = pageOf(req);
    const { total, rows } = await this.repo.pageByOwner(userID, offset, limit);
    return { total, conversations: rows.map(toConversationInfo) };
  }

  async idsWhere(caller: Caller, userID: string, keep: (r: ConversationRow) => boolean): Promise<string[]> {
    assertSelfOrAdmin(caller, userID);
    return (await this.repo.listByOwner(userID)).filter(keep).map((r) => r.conversationID);
  }

  notNotifyIDs(caller: Caller, userID: string): Promise<string[]> {
    return this.idsWhere(caller, userID, (r) => r.recvMsgOpt === RecvMsgOpt.ReceiveNotNotify);
  }

  pinnedIDs(caller: Caller, userID: string): Promise<string[]> {
    return this.idsWhere(caller, userID, (r) => r.isPinned);
  }

  /** Of `userIDs`, those to push offline for this conversation: not muted (recvMsgOpt 0, or no record). */
  async offlinePushUserIDs(conversationID: string, userIDs: string[]): Promise<string[]> {
    const records = await this.repo.findForOwners(conversationID, userIDs);
    const muted = new Set(records.filter((r) => r.recvMsgOpt !== RecvMsgOpt.Receive).map((r) => r.ownerUserID));
    return [...new Set(userIDs)].filter((id) => !muted.has(id));
  }

  async fullIDs(caller: Caller, userID: string, clientHash: number | undefined): Promise<GetFullConversationIDsResp> {
    assertSelfOrAdmin(caller, userID);
    const [head, rows] = await Promise.all([
      this.versions.head(conversationLogKey(userID)),
      this.repo.listByOwner(userID),
    ]);
    const ids = rows.map((r) => r.conversationID);
    const equal = !!clientHash && clientHash === idHash(ids);
    return { version: head.version, versionID: head.logID, equal, conversationIDs: equal ? null : ids };
  }

  async incremental(
    caller: Caller,
    req: { userID: string; versionID?: string; version?: number },
  ): Promise<GetIncrementalConversationResp> {
    assertSelfOrAdmin(caller, req.userID);
    const c = await changesSince(this.versions, conversationLogKey(req.userID), req.versionID, req.version);
    return incrementalAnswer(c, async (ids) => {
      const rows = await this.repo.findMany(req.userID, ids);
      return new Map(rows.map((r) => [r.conversationID, toConversationInfo(r)]));
    });
  }

  /**
   * Creates or updates one conversation's record for each user; users whose record changed get 1300.
   * `isPrivateChat` on a single chat is mirrored on the peer's record and announced with 1701.
   */
  async set(caller: Caller, req: SetConversationsReq): Promise<void> {
    req.userIDs.forEach((id) => assertSelfOrAdmin(caller, id));
    const conv = req.conversation;
    const type = conv.conversationType === SessionType.WriteGroup ? SessionType.Group : conv.conversationType;
    await this.checkConversation(type, conv, req.userIDs);
    const patch = patchOf(conv);
    const now = Date.now();
    const owners =
      type === SessionType.Group ? groupOwners(conv.groupID ?? '') : pairOwners(req.userIDs[0], conv.userID ?? '');
    const changed = await this.database.transaction(async (tx) => {
      // a record is made only for a stream of its own pair or group (pair IDs can collide)
      if (!(await this.seqs.claim(conv.conversationID, owners, tx))) {
        throw ImError.noPermission(`conversation ${conv.conversationID} belongs to other users`);
      }
      const created = await this.repo.ensure(
        tx,
        req.userIDs.map((owner) => ({
          ownerUserID: owner,
          conversationID: conv.conversationID,
          conversationType: type,
          userID: type === SessionType.Group ? '' : (conv.userID ?? ''),
          groupID: type === SessionType.Group ? (conv.groupID ?? '') : '',
          createTime: now,
          ...patch,
        })),
      );
      const existing = req.userIDs.filter((id) => !created.some((c) => c.ownerUserID === id));
      const updated = await this.repo.update(tx, conv.conversationID, existing, patch);
      return [...created.map((c) => c.ownerUserID), ...updated];
    });
    await this.tips.changed(changed, [conv.conversationID]);
    if (conv.isPrivateChat != null && type !== SessionType.Group && conv.userID) {
      await this.setPrivate(type, req.userIDs, conv.conversationID, conv.userID, conv.isPrivateChat);
    }
  }

  async delete(caller: Caller, req: DeleteConversationsReq): Promise<void> {
    assertSelfOrAdmin(caller, req.ownerUserID);
    // optional fields may come as null (the DTO lets null through as absent)
    if ((req.needDeleteTime == null) === !req.conversationIDs?.length) {
      throw ImError.args('exactly one of needDeleteTime and conversationIDs must be given');
    }
    let ids = req.conversationIDs ?? [];
    if (req.needDeleteTime) {
      const records = await this.repo.listByOwner(req.ownerUserID);
      const heads = await this.seqs.heads(records.map((r) => r.conversationID));
      const cutoff = Date.now() - req.needDeleteTime * DAY_MS;
      ids = records
        .filter((r) => (heads.get(r.conversationID)?.maxSeqTime || r.createTime) < cutoff)
        .map((r) => r.conversationID);
    }
    await this.database.transaction((tx) => this.repo.delete(tx, req.ownerUserID, ids));
  }

  async updateExForUser(caller: Caller, userID: string, ex: string | null | undefined): Promise<void> {
    assertSelfOrAdmin(caller, userID);
    if (ex == null) return;
    const records = await this.repo.listByOwner(userID);
    await this.database.transaction((tx) =>
      this.repo.updateOwner(
        tx,
        userID,
        records.map((r) => r.conversationID),
        () => ({ ex }),
      ),
    );
  }

  private async setPrivate(
    type: SessionType.Single | SessionType.Notification,
    owners: string[],
    conversationID: string,
    peer: string,
    isPrivate: boolean,
  ): Promise<void> {
    await this.database.transaction(async (tx) => {
      await this.repo.ensure(tx, [
        {
          ownerUserID: peer,
          conversationID,
          conversationType: type,
          userID: owners[0],
          createTime: Date.now(),
        },
      ]);
      await this.repo.update(tx, conversationID, [...owners, peer], { isPrivateChat: isPrivate });
    });
    for (const owner of owners) {
      const tips: ConversationSetPrivateTips = { recvID: peer, sendID: owner, isPrivate, conversationID };
      await this.notifications.notify({
        sendID: owner,
        recvID: peer,
        sessionType: type,
        contentType: NotificationType.ConversationPrivateChat,
        tips,
      });
    }
  }

  /** The conversation ID must be the one its type and peer/group imply, for every owner. */
  private async checkConversation(type: number, conv: ConversationReqDto, owners: string[]): Promise<void> {
    if (type === SessionType.Group) {
      if (!conv.groupID) throw ImError.args('conversation.groupID is required for a group conversation');
      if (conv.conversationID !== groupConversationID(conv.groupID)) {
        throw ImError.args('conversation.conversationID does not match groupID');
      }
      const [group] = await this.groups.findGroups([conv.groupID]);
      if (!group) throw ImError.notFound(`group ${conv.groupID} not found`);
      if (group.status === GroupStatus.Dismissed) {
        throw new ImError(ErrCode.DismissedAlready, `group ${conv.groupID} is dismissed`);
      }
      return;
    }
    if (type !== SessionType.Single && type !== SessionType.Notification) {
      throw ImError.args(`unknown conversationType ${type}`);
    }
    if (!conv.userID) throw ImError.args('conversation.userID is required for a single or notification conversation');
    const expected = type === SessionType.Single ? singleConversationID : notificationChatConversationID;
    for (const owner of owners) {
      if (conv.conversationID !== expected(owner, conv.userID)) {
        throw ImError.args(`conversation.conversationID does not match ${owner} and ${conv.userID}`);
      }
    }
  }
}

/** The settable fields present in the request; null means "not set" (minSeq/maxSeq are not settable here). */
function patchOf(c: ConversationReqDto): ConversationPatch {
  const p: ConversationPatch = {};
  if (c.recvMsgOpt != null) p.recvMsgOpt = c.recvMsgOpt;
  if (c.isPinned != null) p.isPinned = c.isPinned;
  if (c.attachedInfo != null) p.attachedInfo = c.attachedInfo;
  if (c.ex != null) p.ex = c.ex;
  if (c.burnDuration != null) p.burnDuration = c.burnDuration;
  if (c.groupAtType != null) p.groupAtType = c.groupAtType;
  if (c.msgDestructTime != null) p.msgDestructTime = c.msgDestructTime;
  if (c.isMsgDestruct != null) p.isMsgDestruct = c.isMsgDestruct;
  return p;
}
