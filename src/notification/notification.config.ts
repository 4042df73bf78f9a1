import { ContentType } from '../msg/msg.constants';

/**
 * How each notification is delivered (the reference's notification.yml defaults, spec/protocol.md §7.1):
 * `reliable` notifications are stored in the `n_` stream (pullable by seq); the others are pushed only.
 * `isSendMsg` also stores a visible copy in the chat conversation (counted as unread).
 */
export interface NotificationPolicy {
  isSendMsg: boolean;
  reliable: boolean;
  offlinePush: boolean;
}

/** Content types of notifications (spec/rest-semantics.md §4). */
export enum NotificationType {
  FriendApplicationApproved = 1201,
  FriendApplicationRejected = 1202,
  FriendApplication = 1203,
  FriendDeleted = 1205,
  FriendRemarkSet = 1206,
  BlackAdded = 1207,
  BlackDeleted = 1208,
  FriendInfoUpdated = 1209,
  FriendsInfoUpdate = 1210,
  ConversationChange = 1300,
  UserInfoUpdated = 1303,
  UserStatusChange = 1304,
  UserCommandAdd = 1305,
  UserCommandDelete = 1306,
  UserCommandUpdate = 1307,
  GroupCreated = 1501,
  MemberQuit = 1504,
  GroupOwnerTransferred = 1507,
  MemberKicked = 1508,
  MemberInvited = 1509,
  MemberEnter = 1510,
  GroupDismissed = 1511,
  GroupMemberMuted = 1512,
  GroupMemberCancelMuted = 1513,
  GroupMuted = 1514,
  GroupCancelMuted = 1515,
  GroupInfoSetAnnouncement = 1519,
  GroupInfoSetName = 1520,
  ConversationPrivateChat = 1701,
  ClearConversation = 1703,
  BusinessNotification = ContentType.BusinessNotification,
  MsgRevoke = ContentType.MsgRevokeNotification,
  DeleteMsgs = ContentType.DeleteMsgsNotification,
  HasReadReceipt = ContentType.HasReadReceipt,
}

const VISIBLE = new Set<number>([
  NotificationType.FriendApplicationApproved,
  NotificationType.GroupCreated,
  NotificationType.MemberQuit,
  NotificationType.GroupOwnerTransferred,
  NotificationType.MemberKicked,
  NotificationType.MemberInvited,
  NotificationType.MemberEnter,
  NotificationType.GroupDismissed,
  NotificationType.GroupMemberMuted,
  NotificationType.GroupMemberCancelMuted,
  NotificationType.GroupMuted,
  NotificationType.GroupCancelMuted,
  NotificationType.GroupInfoSetAnnouncement,
  NotificationType.GroupInfoSetName,
  NotificationType.ConversationPrivateChat,
]);

/** Message-level notifications are always stored: clients that were offline must still learn of them. */
const RELIABLE = new Set<number>([
  NotificationType.MsgRevoke,
  NotificationType.DeleteMsgs,
  NotificationType.HasReadReceipt,
]);

export function policyOf(contentType: number): NotificationPolicy {
  return { isSendMsg: VISIBLE.has(contentType), reliable: RELIABLE.has(contentType), offlinePush: false };
}
