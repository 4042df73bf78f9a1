import { Inject, Injectable } from '@nestjs/common';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { ConversationRepository } from '../chat-store/conversation.repository';
import type { ConversationRow } from '../chat-store/conversation.schema';
import { GROUP_ACCESS, GroupAccess } from '../chat-store/ports';
import { SeqRepository } from '../chat-store/seq.repository';
import { groupOwners, pairOwners } from '../chat-store/stream-owners';
import { DatabaseService } from '../infra/database/database.service';
import { RoleLevel } from '../protocol/group';
import { NotificationType } from '../protocol/notification-type';
import { Notice, NotificationService } from '../notification/notification.service';
import type {
  ClearConversationTips,
  DeleteMsgsTips,
  NotificationTips,
  RevokeMsgTips,
  TippedType,
} from '../notification/tips';
import { UserService } from '../user/user.service';
import { SessionType } from '../protocol/message';
import { MessageRepository } from '../chat-store/message.repository';

export interface DeleteSyncOpt {
  IsSyncSelf?: boolean;
  IsSyncOther?: boolean;
}

/** Revoke, delete and clear (spec/rest-semantics.md §9b). */
@Injectable()
export class MsgManageService {
  constructor(
    private readonly database: DatabaseService,
    private readonly messages: MessageRepository,
    private readonly seqs: SeqRepository,
    private readonly conversations: ConversationRepository,
    @Inject(GROUP_ACCESS) private readonly groups: GroupAccess,
    private readonly users: UserService,
    private readonly notifications: NotificationService,
  ) {}

  async revoke(caller: Caller, req: { conversationID: string; seq: number; userID: string }): Promise<void> {
    assertSelfOrAdmin(caller, req.userID);
    const row = await this.messages.bySeq(req.conversationID, req.seq);
    if (!row) throw ImError.notFound(`no message ${req.seq} in ${req.conversationID}`);
    if (row.revoke) throw new ImError(ErrCode.MsgAlreadyRevoke, 'message already revoked');
    const isAdmin = this.users.isAdminID(req.userID) || caller.isAdmin;
    let role = 0;
    if (row.sessionType === SessionType.Single) {
      if (!isAdmin && row.sendID !== req.userID) {
        throw ImError.noPermission('only the sender may revoke a single-chat message');
      }
    } else if (row.sessionType === SessionType.Group) {
      role = await this.groupRevokeRole(req.userID, row.groupID, row.sendID, isAdmin);
    } else {
      throw ImError.noPermission('messages of this session type cannot be revoked');
    }
    const revoker = await this.users.findUser(req.userID);
    const revokeTime = Date.now();
    const done = await this.messages.revoke(req.conversationID, req.seq, {
      revokerID: req.userID,
      revokerRole: role,
      revokerNickname: revoker?.nickname ?? '',
      revokeTime,
    });
    if (!done) throw new ImError(ErrCode.MsgAlreadyRevoke, 'message already revoked');
    const tips: RevokeMsgTips = {
      revokerUserID: req.userID,
      clientMsgID: row.clientMsgID,
      revokeTime,
      sesstionType: row.sessionType,
      seq: row.seq,
      conversationID: req.conversationID,
      isAdminRevoke: this.users.isAdminID(req.userID),
    };
    const group = row.sessionType === SessionType.Group;
    // An app admin may revoke in a chat of two others: the notice still belongs to that chat and reaches both.
    const participant = req.userID === row.sendID || req.userID === row.recvID;
    await this.notifications.notify({
      sendID: req.userID,
      recvID: group ? row.groupID : row.sendID === req.userID ? row.recvID : row.sendID,
      sessionType: group ? SessionType.Group : SessionType.Single,
      contentType: NotificationType.MsgRevoke,
      tips,
      chat: {
        conversationID: req.conversationID,
        owners: group ? groupOwners(row.groupID) : pairOwners(row.sendID, row.recvID),
      },
      extraUserIDs: group || participant ? undefined : [row.recvID],
    });
  }

  async deleteMsgs(
    caller: Caller,
    req: { conversationID: string; seqs: number[]; userID: string; deleteSyncOpt?: DeleteSyncOpt },
  ): Promise<void> {
    const record = await this.ownRecord(caller, req.userID, req.conversationID);
    const tips: DeleteMsgsTips = { userID: req.userID, conversationID: req.conversationID, seqs: req.seqs };
    if (req.deleteSyncOpt?.IsSyncOther) {
      await this.assertMayActForAll(caller, [record]);
      await this.messages.deletePhysically(req.conversationID, req.seqs);
      await this.notifications.notify(this.toOthers(record, NotificationType.DeleteMsgs, tips));
      return;
    }
    await this.messages.hideFor(req.userID, req.conversationID, req.seqs);
    if (req.deleteSyncOpt?.IsSyncSelf) {
      await this.notifications.notify(this.toSelf(req.userID, NotificationType.DeleteMsgs, tips));
    }
  }

  async clearConversations(
    caller: Caller,
    req: { conversationIDs: string[]; userID: string; deleteSyncOpt?: DeleteSyncOpt },
  ): Promise<void> {
    assertSelfOrAdmin(caller, req.userID);
    const records = await this.conversations.findMany(req.userID, req.conversationIDs);
    if (req.deleteSyncOpt?.IsSyncOther) await this.assertMayActForAll(caller, records);
    await this.clear(req.userID, records, req.deleteSyncOpt);
  }

  async clearAll(caller: Caller, req: { userID: string; deleteSyncOpt?: DeleteSyncOpt }): Promise<void> {
    assertSelfOrAdmin(caller, req.userID);
    const records = await this.conversations.listByOwner(req.userID);
    if (!req.deleteSyncOpt?.IsSyncOther) return this.clear(req.userID, records, req.deleteSyncOpt);
    // Where the user may not clear for everyone (groups they do not manage), they clear their own view.
    const allowed = new Set(await this.filterMayActForAll(caller, records));
    await this.clear(req.userID, [...allowed], req.deleteSyncOpt);
    await this.clear(
      req.userID,
      records.filter((r) => !allowed.has(r)),
      { IsSyncSelf: req.deleteSyncOpt.IsSyncSelf },
    );
  }

  async deletePhysicalBySeq(req: { conversationID: string; seqs: number[] }): Promise<void> {
    await this.messages.deletePhysically(req.conversationID, req.seqs);
  }

  async deletePhysicalBefore(req: { conversationIDs?: string[]; timestamp: number }): Promise<number> {
    return this.database.transaction(async (tx) => {
      const { removed, conversationIDs } = await this.messages.deleteBefore(tx, req.timestamp, req.conversationIDs);
      // pulls must not ask for what was removed
      await this.seqs.raiseMinSeqsToStored(conversationIDs, tx);
      return removed;
    });
  }

  /**
   * Hides every current message: for this user only (their min seq passes the max), or for everyone with
   * IsSyncOther (the conversation's min seq passes it). Either way nothing is left unread.
   */
  private async clear(userID: string, records: ConversationRow[], opt: DeleteSyncOpt | undefined): Promise<void> {
    if (!records.length) return;
    const ids = records.map((r) => r.conversationID);
    const heads = await this.seqs.heads(ids);
    const maxOf = (cid: string) => heads.get(cid)?.maxSeq ?? 0;
    await this.database.transaction(async (tx) => {
      await this.conversations.updateOwner(tx, userID, ids, (r) => ({
        hasReadSeq: maxOf(r.conversationID),
        ...(opt?.IsSyncOther ? {} : { minSeq: maxOf(r.conversationID) + 1 }),
      }));
      if (opt?.IsSyncOther) {
        await this.seqs.raiseMinSeqs(
          ids.map((id) => ({ conversationID: id, minSeq: maxOf(id) + 1 })),
          tx,
        );
      }
    });
    if (opt?.IsSyncOther) {
      for (const r of records) {
        const tips: ClearConversationTips = { userID, conversationIDs: [r.conversationID] };
        await this.notifications.notify(this.toOthers(r, NotificationType.ClearConversation, tips));
      }
    } else if (opt?.IsSyncSelf) {
      await this.notifications.notify(
        this.toSelf(userID, NotificationType.ClearConversation, { userID, conversationIDs: ids }),
      );
    }
  }

  /**
   * Deleting or clearing for everyone: in a single chat either side may, in a group only its owner and admins
   * (an ordinary member could otherwise wipe the group's history), and app administrators anywhere.
   */
  private async assertMayActForAll(caller: Caller, records: ConversationRow[]): Promise<void> {
    if ((await this.filterMayActForAll(caller, records)).length === records.length) return;
    throw ImError.noPermission('only the group owner or an admin may delete or clear for everyone');
  }

  private async filterMayActForAll(caller: Caller, records: ConversationRow[]): Promise<ConversationRow[]> {
    if (caller.isAdmin) return records;
    const byOwner = new Map<string, ConversationRow[]>();
    for (const r of records) byOwner.set(r.ownerUserID, [...(byOwner.get(r.ownerUserID) ?? []), r]);
    const out: ConversationRow[] = [];
    for (const [owner, own] of byOwner) {
      const groupIDs = own.filter((r) => r.conversationType === SessionType.Group).map((r) => r.groupID);
      const roles = await this.groups.rolesOf(owner, groupIDs);
      for (const r of own) {
        if (r.conversationType !== SessionType.Group || (roles.get(r.groupID) ?? 0) >= RoleLevel.Admin) out.push(r);
      }
    }
    return out;
  }

  private async ownRecord(caller: Caller, userID: string, conversationID: string): Promise<ConversationRow> {
    assertSelfOrAdmin(caller, userID);
    const record = await this.conversations.findOne(userID, conversationID);
    if (!record) throw ImError.notFound(`${userID} has no conversation ${conversationID}`);
    return record;
  }

  /** The revoker's role in the group, after checking they may revoke a message of `senderID`. */
  private async groupRevokeRole(userID: string, groupID: string, senderID: string, isAdmin: boolean): Promise<number> {
    const members = await this.groups.findMembers(groupID, [userID, senderID]);
    const [revoker, sender] = [members.get(userID), members.get(senderID)];
    const role = revoker?.roleLevel ?? 0;
    if (isAdmin || userID === senderID) return role;
    const senderRole = sender?.roleLevel ?? RoleLevel.Member;
    if (role === RoleLevel.Owner) return role;
    if (role === RoleLevel.Admin && senderRole === RoleLevel.Member) return role;
    throw ImError.noPermission('only the sender, the owner, or an admin (for members) may revoke this message');
  }

  private toSelf<T extends TippedType>(userID: string, contentType: T, tips: NotificationTips[T]): Notice<T> {
    return { sendID: userID, recvID: userID, sessionType: SessionType.Single, contentType, tips };
  }

  private toOthers<T extends TippedType>(
    record: ConversationRow,
    contentType: T,
    tips: NotificationTips[T],
  ): Notice<T> {
    if (record.conversationType === SessionType.Group) {
      return { sendID: record.ownerUserID, recvID: record.groupID, sessionType: SessionType.Group, contentType, tips };
    }
    return { sendID: record.ownerUserID, recvID: record.userID, sessionType: SessionType.Single, contentType, tips };
  }
}
