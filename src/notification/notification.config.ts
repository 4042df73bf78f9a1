import { NotificationType } from '../protocol/notification-type';

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

/**
 * Message-level notifications are always stored: clients that were offline must still learn of them. So are the
 * friend notifications: an application or a new friend must reach a user who was offline when it happened.
 */
const RELIABLE = new Set<number>([
  NotificationType.FriendApplicationApproved,
  NotificationType.FriendApplicationRejected,
  NotificationType.FriendApplication,
  NotificationType.FriendDeleted,
  NotificationType.FriendRemarkSet,
  NotificationType.BlackAdded,
  NotificationType.BlackDeleted,
  NotificationType.FriendInfoUpdated,
  NotificationType.FriendsInfoUpdate,
  NotificationType.MsgRevoke,
  NotificationType.DeleteMsgs,
  NotificationType.HasReadReceipt,
]);

export function policyOf(contentType: number): NotificationPolicy {
  return { isSendMsg: VISIBLE.has(contentType), reliable: RELIABLE.has(contentType), offlinePush: false };
}
