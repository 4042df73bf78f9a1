import { Injectable, Logger } from '@nestjs/common';
import { currentOperationID } from '../common/context/request-context';
import { newMsgID } from '../protocol/msg-id';
import { chatConversationID, toNotificationConversationID } from '../protocol/conversation-id';
import { MsgFrom, MsgStatus, Opt, SessionType } from '../protocol/message';
import { emptyMsg, MsgData } from '../protocol/msg-data';
import { EventBus } from '../infra/events/event-bus';
import { MESSAGE_ONLINE } from '../infra/events/domain-events';
import { MessageWriter } from '../chat-store/message-writer';
import { ownersOfChat, StreamOwners } from '../chat-store/stream-owners';
import { policyOf } from './notification.config';
import type { NotificationTips, TippedType } from './tips';

/** A notification to emit: its content type decides the type of its tips (`NotificationTips`). */
export interface Notice<T extends TippedType = TippedType> {
  /** acting user */
  sendID: string;
  /** target user, or the groupID for group notifications */
  recvID: string;
  sessionType: SessionType.Single | SessionType.Group | SessionType.Notification;
  contentType: T;
  tips: NotificationTips[T];
  /** overrides the configured visible-copy switch (e.g. a request's `sendMessage`) */
  isSendMsg?: boolean;
  /** overrides the configured storage (true: stored in the `n_` stream) */
  reliable?: boolean;
  /** also push to these users (e.g. a member who just left the group) */
  extraUserIDs?: string[];
  /**
   * the chat conversation it belongs to and that chat's owners, when sendID/recvID do not name it (an app admin
   * acting in a chat of two)
   */
  chat?: { conversationID: string; owners: StreamOwners };
  senderNickname?: string;
  senderFaceURL?: string;
}

/** The result of a notification. */
export interface NoticeResult {
  /** the message as stored in the `n_` stream (seq > 0) or as pushed only (seq 0) */
  msg: MsgData;
  /** the seq of its visible copy in the chat conversation; 0 without one */
  copySeq: number;
}

const BASE_OPTIONS = {
  [Opt.isNotNotification]: false,
  [Opt.isSendMsg]: false,
  [Opt.history]: false,
  [Opt.persistent]: false,
  [Opt.offlinePush]: false,
  [Opt.unreadCount]: false,
  [Opt.conversationUpdate]: false,
  [Opt.senderSync]: true,
  [Opt.notPrivate]: false,
  [Opt.senderConversationUpdate]: false,
  [Opt.reactionFromCache]: false,
};

/**
 * The one way modules emit notifications (spec/protocol.md §7): a system message with the tips as
 * `{"detail": "<tips JSON>"}`, routed to the `n_` stream of the conversation, stored when reliable, and copied
 * as a visible message into the chat conversation when `isSendMsg`.
 */
@Injectable()
export class NotificationService {
  private readonly log = new Logger('Notifications');

  constructor(
    private readonly writer: MessageWriter,
    private readonly events: EventBus,
  ) {}

  /** Emits a notification; failures are logged, never thrown: the action that caused it already happened. */
  async notify<T extends TippedType>(n: Notice<T>): Promise<NoticeResult | undefined> {
    try {
      return await this.emit(n);
    } catch (err) {
      this.log.error(`notification ${n.contentType} ${n.sendID}->${n.recvID} failed: ${(err as Error).stack}`);
      return undefined;
    }
  }

  /** Like notify, but failures propagate (for routes whose answer is the notification itself). */
  async emit<T extends TippedType>(n: Notice<T>): Promise<NoticeResult> {
    const policy = policyOf(n.contentType);
    const isSendMsg = n.isSendMsg ?? policy.isSendMsg;
    const reliable = n.reliable ?? policy.reliable;
    const now = Date.now();
    const group = n.sessionType === SessionType.Group;
    const msg: MsgData = {
      ...emptyMsg(),
      sendID: n.sendID,
      recvID: n.recvID,
      groupID: group ? n.recvID : '',
      clientMsgID: newMsgID(),
      serverMsgID: newMsgID(),
      senderNickname: n.senderNickname ?? '',
      senderFaceURL: n.senderFaceURL ?? '',
      sessionType: n.sessionType,
      msgFrom: MsgFrom.System,
      contentType: n.contentType,
      content: JSON.stringify({ detail: JSON.stringify(n.tips) }),
      sendTime: now,
      createTime: now,
      status: MsgStatus.SendSuccess,
      options: {
        ...BASE_OPTIONS,
        [Opt.unreadCount]: isSendMsg,
        [Opt.offlinePush]: policy.offlinePush,
        [Opt.history]: reliable,
        [Opt.persistent]: reliable,
        [Opt.isSendMsg]: isSendMsg,
      },
    };
    const operationID = currentOperationID() ?? '';
    const chatID = n.chat?.conversationID ?? chatConversationID(n.sessionType, n.sendID, n.recvID, msg.groupID);
    const owners = n.chat?.owners ?? ownersOfChat(n.sessionType, n.sendID, n.recvID, msg.groupID);
    const notificationID = toNotificationConversationID(chatID);
    const result: NoticeResult = { msg, copySeq: 0 };
    if (reliable) {
      const stored = await this.writer.write({
        conversationID: notificationID,
        msg,
        searchText: '',
        operationID,
        extraUserIDs: n.extraUserIDs,
        createRecords: false,
        senderRead: false,
        dedupe: false,
        owners,
      });
      result.msg = stored.msg;
    } else {
      this.events.publish(MESSAGE_ONLINE, {
        conversationID: notificationID,
        msg,
        operationID,
        extraUserIDs: n.extraUserIDs,
      });
    }
    if (isSendMsg) {
      // The visible copy: a normal chat message (absent options count as true) that shows in history.
      const copy: MsgData = { ...msg, options: { [Opt.offlinePush]: policy.offlinePush, [Opt.unreadCount]: true } };
      const stored = await this.writer.write({
        conversationID: chatID,
        msg: copy,
        searchText: '',
        operationID,
        extraUserIDs: n.extraUserIDs,
        createRecords: true,
        senderRead: true,
        dedupe: false,
        owners,
      });
      result.copySeq = stored.msg.seq;
    }
    return result;
  }
}
