import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { currentOperationID } from '../common/context/request-context';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import { KeyedBatcher } from '../common/batcher';
import { ConversationRepository } from '../chat-store/conversation.repository';
import type { ConversationRow } from '../chat-store/conversation.schema';
import { GROUP_ACCESS, GroupAccess } from '../chat-store/ports';
import { GroupStatus, RoleLevel } from '../protocol/group';
import { EventBus } from '../infra/events/event-bus';
import { KV_STORE, KvStore } from '../infra/kv/kv-store';
import { ImMetrics } from '../infra/metrics/im-metrics';
import { AppLevel, User, UserService } from '../user/user.service';
import { MAX_CONTENT_BYTES, readContent } from './content-rules';
import {
  chatConversationID,
  isNotificationConversation,
  toNotificationConversationID,
} from '../protocol/conversation-id';
import { newMsgID } from '../protocol/msg-id';
import { NotificationType } from '../protocol/notification-type';
import {
  API_OA_NOTIFICATION,
  ContentType,
  isNotificationType,
  MsgFrom,
  MsgStatus,
  Opt,
  optionOn,
  Options,
  RecvMsgOpt,
  SessionType,
} from '../protocol/message';
import { emptyMsg, MsgData, OfflinePushInfo } from '../protocol/msg-data';
import { RELATION_CHECKER, RelationChecker } from '../chat-store/ports';
import { MESSAGE_ONLINE } from '../infra/events/domain-events';
import { MessageWriter } from '../chat-store/message-writer';
import { ownersOfChat } from '../chat-store/stream-owners';
import { MsgModify, MsgWebhooks } from './msg-webhooks';

/** A message to send, from REST (`send_msg`) or the gateway (WS 1003). */
export interface SendInput {
  sendID: string;
  recvID?: string;
  groupID?: string;
  sessionType: number;
  contentType: number;
  /** the element object (already parsed from JSON); REST routes check its shape first, the gateway does not */
  content: unknown;
  /** the MsgData's mentions (the SDKs send them there as well as in the AtText element) */
  atUserIDList?: string[];
  clientMsgID?: string;
  senderPlatformID?: number;
  senderNickname?: string;
  senderFaceURL?: string;
  msgFrom?: number;
  sendTime?: number;
  createTime?: number;
  options?: Options;
  offlinePushInfo?: Partial<OfflinePushInfo> | null;
  attachedInfo?: string;
  ex?: string;
  isOnlineOnly?: boolean;
  notOfflinePush?: boolean;
}

export interface SendResult {
  serverMsgID: string;
  clientMsgID: string;
  sendTime: number;
  seq: number;
  /** the fields a beforeMsgModify webhook changed */
  modify?: MsgModify;
}

/** How long check_msg_is_send_success remembers a request. */
const SEND_STATUS_TTL_MS = 24 * 3600_000;
export const sendStatusKey = (operationID: string) => `sendstatus:${operationID}`;

const ONLINE_ONLY_OFF = [
  Opt.history,
  Opt.persistent,
  Opt.senderSync,
  Opt.conversationUpdate,
  Opt.senderConversationUpdate,
  Opt.unreadCount,
  Opt.offlinePush,
];

/**
 * The send path (ARCHITECTURE "The message path"): checks the sender, the receiver and the content, then hands
 * the message to the writer and answers only once it is committed.
 */
@Injectable()
export class MsgSendService {
  /** Receivers' conversation settings, looked up for many concurrent sends at once. */
  private readonly records = new KeyedBatcher<string, ConversationRow>(async (keys) => {
    const pairs = keys.map((k) => {
      const [ownerUserID, conversationID] = k.split('\u0000');
      return { ownerUserID, conversationID };
    });
    const rows = await this.conversations.findPairs(pairs);
    return new Map(rows.map((r) => [`${r.ownerUserID}\u0000${r.conversationID}`, r]));
  });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserService,
    @Inject(GROUP_ACCESS) private readonly groups: GroupAccess,
    private readonly conversations: ConversationRepository,
    private readonly writer: MessageWriter,
    private readonly events: EventBus,
    @Inject(RELATION_CHECKER) private readonly relations: RelationChecker,
    @Inject(KV_STORE) private readonly kv: KvStore,
    private readonly hooks: MsgWebhooks,
    private readonly metrics: ImMetrics,
  ) {}

  async send(caller: Caller, input: SendInput): Promise<SendResult> {
    if (!caller.isAdmin && caller.userID !== input.sendID) throw ImError.noPermission('sendID must be the caller');
    const prepared = await this.prepare(caller, input);
    const { msg } = prepared;
    // a receiver may refuse or change the message before anything is written
    const hooked = this.hooks.beforeOn ? await this.hooks.beforeSend(msg, prepared.searchText) : undefined;
    const searchText = hooked ? hooked.searchText : prepared.searchText;
    const conversationID = optionOn(msg.options, Opt.isNotNotification)
      ? chatConversationID(msg.sessionType, msg.sendID, msg.recvID, msg.groupID)
      : toNotificationConversationID(chatConversationID(msg.sessionType, msg.sendID, msg.recvID, msg.groupID));
    const operationID = currentOperationID() ?? '';
    let stored = msg;
    if (optionOn(msg.options, Opt.history)) {
      const chat = !isNotificationConversation(conversationID);
      const r = await this.writer.write({
        conversationID,
        msg,
        searchText,
        operationID,
        createRecords: chat,
        senderRead: chat,
        dedupe: !!input.clientMsgID,
        owners: ownersOfChat(msg.sessionType, msg.sendID, msg.recvID, msg.groupID),
      });
      stored = r.msg;
    } else {
      this.events.publish(MESSAGE_ONLINE, { conversationID, msg, operationID });
    }
    if (this.hooks.afterOn) this.hooks.afterSend(stored);
    if (operationID) await this.kv.set(sendStatusKey(operationID), String(MsgStatus.SendSuccess), SEND_STATUS_TTL_MS);
    this.metrics.messageSent(msg.sessionType, msg.contentType);
    return {
      serverMsgID: stored.serverMsgID,
      clientMsgID: stored.clientMsgID,
      sendTime: stored.sendTime,
      seq: stored.seq,
      ...(hooked?.modify && { modify: hooked.modify }),
    };
  }

  /** Validates and completes a message; nothing is written here. */
  async prepare(caller: Caller, input: SendInput): Promise<{ msg: MsgData; searchText: string }> {
    let contentType = input.contentType;
    let sessionType = input.sessionType === SessionType.WriteGroup ? SessionType.Group : input.sessionType;
    if (![SessionType.Single, SessionType.Group, SessionType.Notification].includes(sessionType)) {
      throw ImError.args(`unknown sessionType ${input.sessionType}`);
    }
    // The API document numbers the OA notification 1201; the SDKs know it as 1400.
    if (contentType === API_OA_NOTIFICATION) contentType = ContentType.OANotification;
    const { atUserIDs, searchText } = readContent(contentType, input.content, input.atUserIDList);
    let content = JSON.stringify(input.content);
    if (Buffer.byteLength(content) > MAX_CONTENT_BYTES) {
      throw ImError.args(`content is larger than ${MAX_CONTENT_BYTES} bytes`);
    }

    const recvID = input.recvID ?? '';
    const groupID = input.groupID ?? '';
    const [sender, receiver] = await Promise.all([
      this.users.findUser(input.sendID),
      sessionType !== SessionType.Group && recvID ? this.users.findUser(recvID) : undefined,
    ]);
    if (!sender) throw ImError.userNotFound(input.sendID);
    if (contentType === ContentType.OANotification) {
      if (sender.appMangerLevel < AppLevel.AppAdmin && !this.users.isAdminID(sender.userID)) {
        throw ImError.noPermission('only app administrators and notification accounts send OA notifications');
      }
      sessionType = SessionType.Notification;
      content = JSON.stringify({ detail: content });
    }
    const options: Options = { ...(input.options ?? {}) };
    applyContentOverrides(contentType, options);
    if (input.isOnlineOnly) ONLINE_ONLY_OFF.forEach((k) => (options[k] = false));
    if (input.notOfflinePush) options[Opt.offlinePush] = false;

    if (sessionType === SessionType.Group) {
      if (!groupID) throw ImError.args('groupID is required for a group message');
      await this.checkGroupSend(sender, groupID, contentType);
    } else {
      if (!recvID) throw ImError.args('recvID is required for a single or notification chat message');
      if (!receiver) throw ImError.userNotFound(recvID);
      if (sessionType === SessionType.Notification) this.checkNotificationChatSender(sender);
      else await this.checkSingleSend(sender, receiver, contentType, options);
    }

    const now = Date.now();
    const msg: MsgData = {
      ...emptyMsg(),
      sendID: sender.userID,
      recvID: sessionType === SessionType.Group ? groupID : recvID,
      groupID: sessionType === SessionType.Group ? groupID : '',
      clientMsgID: input.clientMsgID || newMsgID(),
      serverMsgID: newMsgID(),
      senderPlatformID: input.senderPlatformID ?? caller.platformID,
      senderNickname: input.senderNickname || sender.nickname,
      senderFaceURL: input.senderFaceURL || sender.faceURL,
      sessionType,
      msgFrom: input.msgFrom ?? MsgFrom.User,
      contentType,
      content,
      sendTime: input.sendTime && input.sendTime > 0 ? input.sendTime : now,
      createTime: input.createTime && input.createTime > 0 ? input.createTime : now,
      status: MsgStatus.SendSuccess,
      options,
      offlinePushInfo: input.offlinePushInfo ? normalizePush(input.offlinePushInfo) : null,
      atUserIDList: atUserIDs,
      attachedInfo: input.attachedInfo ?? '',
      ex: input.ex ?? '',
    };
    return { msg, searchText };
  }

  private async checkSingleSend(sender: User, receiver: User, contentType: number, options: Options): Promise<void> {
    const exempt =
      this.users.isAdminID(sender.userID) ||
      isNotificationType(contentType) ||
      sender.appMangerLevel >= AppLevel.AppAdmin;
    if (!exempt && sender.userID !== receiver.userID) {
      if (await this.relations.isBlocked(receiver.userID, sender.userID)) {
        throw new ImError(ErrCode.BlockedByPeer, `${receiver.userID} has blocked ${sender.userID}`);
      }
      if (this.config.friendVerify && !(await this.relations.isFriend(sender.userID, receiver.userID))) {
        throw new ImError(ErrCode.NotPeersFriend, `${receiver.userID} is not a friend of ${sender.userID}`);
      }
    }
    if (contentType === ContentType.HasReadReceipt) return;
    const cid = chatConversationID(SessionType.Single, sender.userID, receiver.userID, '');
    const record = await this.records.get(`${receiver.userID}\u0000${cid}`);
    const opts = [receiver.globalRecvMsgOpt, record?.recvMsgOpt ?? RecvMsgOpt.Receive];
    if (opts.includes(RecvMsgOpt.NotReceive)) {
      throw ImError.args(`message is not sent: recvID ${receiver.userID} does not receive messages`);
    }
    if (opts.includes(RecvMsgOpt.ReceiveNotNotify)) options[Opt.offlinePush] = false;
  }

  /**
   * sessionType 4 puts a message in the receiver's `sn_` conversation, the one notification accounts write to (the
   * reference opens it only for OA notifications, whose sender must be a notification account): any other user
   * sending there would skip the receiver's block list and friend verification. The senders allowed are those the
   * single-chat checks exempt too; receive options are not applied, as the reference does not.
   */
  private checkNotificationChatSender(sender: User): void {
    if (sender.appMangerLevel >= AppLevel.AppAdmin || this.users.isAdminID(sender.userID)) return;
    throw ImError.noPermission('only app administrators and notification accounts send to notification chats');
  }

  private async checkGroupSend(sender: User, groupID: string, contentType: number): Promise<void> {
    const [group] = await this.groups.findGroups([groupID]);
    if (!group) throw new ImError(ErrCode.RecordNotFound, `group ${groupID} not found`);
    if (group.status === GroupStatus.Dismissed && contentType !== NotificationType.GroupDismissed) {
      throw new ImError(ErrCode.DismissedAlready, `group ${groupID} is dismissed`);
    }
    if (this.users.isAdminID(sender.userID) || isNotificationType(contentType)) return;
    const member = (await this.groups.findMembers(groupID, [sender.userID])).get(sender.userID);
    if (!member) throw new ImError(ErrCode.NotInGroupYet, `${sender.userID} is not a member of ${groupID}`);
    if (member.roleLevel === RoleLevel.Owner) return;
    if (member.muteEndTime >= Date.now()) {
      throw new ImError(ErrCode.MutedInGroup, `${sender.userID} is muted in ${groupID}`);
    }
    if (group.status === GroupStatus.Muted && member.roleLevel !== RoleLevel.Admin) {
      throw new ImError(ErrCode.MutedGroup, `group ${groupID} is muted`);
    }
  }
}

/** Options the server forces by content type (spec/protocol.md §4.4). */
export function applyContentOverrides(contentType: number, options: Options): void {
  const off = (...keys: string[]) => keys.forEach((k) => (options[k] = false));
  switch (contentType) {
    case ContentType.Revoke:
      off(Opt.unreadCount, Opt.offlinePush);
      break;
    case ContentType.HasReadReceipt:
      off(Opt.conversationUpdate, Opt.senderConversationUpdate, Opt.unreadCount, Opt.offlinePush);
      break;
    case ContentType.Typing:
    case ContentType.CustomOnlineOnly:
      off(...ONLINE_ONLY_OFF);
      break;
    case ContentType.CustomNotTriggerConversation:
      off(Opt.conversationUpdate, Opt.unreadCount);
      break;
  }
}

function normalizePush(p: Partial<OfflinePushInfo>): OfflinePushInfo {
  return {
    title: p.title ?? '',
    desc: p.desc ?? '',
    ex: p.ex ?? '',
    iOSPushSound: p.iOSPushSound ?? '',
    iOSBadgeCount: p.iOSBadgeCount ?? false,
    signalInfo: p.signalInfo ?? '',
  };
}
