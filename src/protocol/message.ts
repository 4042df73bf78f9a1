/** Constants of the OpenIM message model (spec/protocol.md §4, spec/rest-semantics.md §4). */

export enum SessionType {
  Single = 1,
  /** "write-diffusion group" in the reference; accepted here as a group chat and answered as 3 */
  WriteGroup = 2,
  Group = 3,
  Notification = 4,
}

export enum MsgFrom {
  User = 100,
  System = 200,
}

export enum MsgStatus {
  Sending = 1,
  SendSuccess = 2,
  SendFailed = 3,
  Deleted = 4,
  Filtered = 5,
}

export enum ContentType {
  Text = 101,
  Picture = 102,
  Voice = 103,
  Video = 104,
  File = 105,
  AtText = 106,
  Merger = 107,
  Card = 108,
  Location = 109,
  Custom = 110,
  Revoke = 111,
  Typing = 113,
  Quote = 114,
  Face = 115,
  AdvancedText = 117,
  MarkdownText = 118,
  CustomNotTriggerConversation = 119,
  CustomOnlineOnly = 120,
  OANotification = 1400,
  BusinessNotification = 2001,
  MsgRevokeNotification = 2101,
  DeleteMsgsNotification = 2102,
  HasReadReceipt = 2200,
}

/**
 * The OA notification as the API document numbers it in send_msg; stored as ContentType.OANotification (1400), the
 * number the SDKs know.
 */
export const API_OA_NOTIFICATION = 1201;

/** Notification content types (tips in `{"detail": ...}`) span this range; sends of them skip relation checks. */
export const NOTIFICATION_BEGIN = 1000;
export const NOTIFICATION_END = 5000;

export function isNotificationType(contentType: number): boolean {
  return contentType >= NOTIFICATION_BEGIN && contentType <= NOTIFICATION_END;
}

/** Keys of `MsgData.options`; an absent key counts as true (spec/protocol.md §4.4). */
export const Opt = {
  history: 'history',
  persistent: 'persistent',
  offlinePush: 'offlinePush',
  unreadCount: 'unreadCount',
  conversationUpdate: 'conversationUpdate',
  senderSync: 'senderSync',
  notPrivate: 'notPrivate',
  senderConversationUpdate: 'senderConversationUpdate',
  senderNotificationPush: 'senderNotificationPush',
  reactionFromCache: 'reactionFromCache',
  isNotNotification: 'isNotNotification',
  isSendMsg: 'isSendMsg',
} as const;

export type Options = Record<string, boolean>;

export function optionOn(options: Options | undefined, key: string): boolean {
  return options?.[key] !== false;
}

/** The "@everyone" mention ID. */
export const AT_ALL_TAG = 'AtAllTag';

/** recvMsgOpt / globalRecvMsgOpt values. */
export enum RecvMsgOpt {
  Receive = 0,
  NotReceive = 1,
  ReceiveNotNotify = 2,
}

/** groupAtType of a conversation. */
export enum GroupAtType {
  None = 0,
  AtMe = 1,
  AtAll = 2,
  AtAllAtMe = 3,
  GroupNotification = 4,
}
