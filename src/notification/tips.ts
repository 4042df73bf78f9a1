import { NotificationType } from '../protocol/notification-type';
import type {
  GroupApplicationHandledTips,
  GroupCreatedTips,
  GroupDismissedTips,
  GroupInfoSetAnnouncementTips,
  GroupInfoSetNameTips,
  GroupInfoSetTips,
  GroupMemberCancelMutedTips,
  GroupMemberInfoSetTips,
  GroupMemberMutedTips,
  GroupMutedTips,
  GroupOwnerTransferredTips,
  JoinGroupApplicationTips,
  MemberEnterTips,
  MemberInvitedTips,
  MemberKickedTips,
  MemberQuitTips,
} from './group-tips';

/*
 * Tips payloads of notifications, field for field as the SDKs parse them from `{"detail": "<tips JSON>"}`
 * (spec/protocol.md §7.2). Every field is always present, as the reference's JSON encoding does.
 */

export interface FromToUserID {
  fromUserID: string;
  toUserID: string;
}

export interface RevokeMsgTips {
  revokerUserID: string;
  clientMsgID: string;
  revokeTime: number;
  /** sic: the protocol's spelling */
  sesstionType: number;
  seq: number;
  conversationID: string;
  isAdminRevoke: boolean;
}

export interface MarkAsReadTips {
  markAsReadUserID: string;
  conversationID: string;
  seqs: number[] | null;
  hasReadSeq: number;
}

export interface DeleteMsgsTips {
  userID: string;
  conversationID: string;
  seqs: number[] | null;
}

export interface ClearConversationTips {
  userID: string;
  conversationIDs: string[] | null;
}

export interface ConversationUpdateTips {
  userID: string;
  conversationIDList: string[] | null;
}

export interface ConversationSetPrivateTips {
  recvID: string;
  sendID: string;
  isPrivate: boolean;
  conversationID: string;
}

export interface UserInfoUpdatedTips {
  userID: string;
}

export type UserCommandTips = FromToUserID;

/** sdkws.FriendRequest as friend tips carry it (times in ms). */
export interface FriendRequestTip {
  fromUserID: string;
  fromNickname: string;
  fromFaceURL: string;
  toUserID: string;
  toNickname: string;
  toFaceURL: string;
  handleResult: number;
  reqMsg: string;
  createTime: number;
  handlerUserID: string;
  handleMsg: string;
  handleTime: number;
  ex: string;
}

export interface FriendApplicationTips {
  fromToUserID: FromToUserID;
  request: FriendRequestTip | null;
}

export interface FriendApplicationApprovedTips {
  fromToUserID: FromToUserID;
  handleMsg: string;
  friendVersion: number;
  friendVersionID: string;
  request: FriendRequestTip | null;
}

export interface FriendApplicationRejectedTips {
  fromToUserID: FromToUserID;
  handleMsg: string;
  request: FriendRequestTip | null;
}

export interface FriendDeletedTips {
  fromToUserID: FromToUserID;
  friendVersion: number;
  friendVersionID: string;
}

export interface FriendInfoChangedTips {
  fromToUserID: FromToUserID;
  friendVersion: number;
  friendVersionID: string;
  friendSortVersion: number;
}

export interface FriendsInfoUpdateTips {
  fromToUserID: FromToUserID;
  friendIDs: string[] | null;
  friendVersion: number;
  friendVersionID: string;
}

export interface BlackTips {
  fromToUserID: FromToUserID;
}

export interface BusinessTips {
  key: string;
  data: string;
}

/**
 * The tips each notification content type carries. `NotificationService.notify` takes a contentType from this
 * map and checks the tips against it; a new notification adds its line here.
 */
export interface NotificationTips {
  [NotificationType.FriendApplicationApproved]: FriendApplicationApprovedTips;
  [NotificationType.FriendApplicationRejected]: FriendApplicationRejectedTips;
  [NotificationType.FriendApplication]: FriendApplicationTips;
  [NotificationType.FriendDeleted]: FriendDeletedTips;
  [NotificationType.FriendRemarkSet]: FriendInfoChangedTips;
  [NotificationType.BlackAdded]: BlackTips;
  [NotificationType.BlackDeleted]: BlackTips;
  [NotificationType.FriendInfoUpdated]: UserInfoUpdatedTips;
  [NotificationType.FriendsInfoUpdate]: FriendsInfoUpdateTips;
  [NotificationType.ConversationChange]: ConversationUpdateTips;
  [NotificationType.ConversationPrivateChat]: ConversationSetPrivateTips;
  [NotificationType.ClearConversation]: ClearConversationTips;
  [NotificationType.UserInfoUpdated]: UserInfoUpdatedTips;
  [NotificationType.UserCommandAdd]: UserCommandTips;
  [NotificationType.UserCommandDelete]: UserCommandTips;
  [NotificationType.UserCommandUpdate]: UserCommandTips;
  [NotificationType.BusinessNotification]: BusinessTips;
  [NotificationType.MsgRevoke]: RevokeMsgTips;
  [NotificationType.DeleteMsgs]: DeleteMsgsTips;
  [NotificationType.HasReadReceipt]: MarkAsReadTips;
  [NotificationType.GroupCreated]: GroupCreatedTips;
  [NotificationType.GroupInfoSet]: GroupInfoSetTips;
  [NotificationType.JoinGroupApplication]: JoinGroupApplicationTips;
  [NotificationType.MemberQuit]: MemberQuitTips;
  [NotificationType.GroupApplicationAccepted]: GroupApplicationHandledTips;
  [NotificationType.GroupApplicationRejected]: GroupApplicationHandledTips;
  [NotificationType.GroupOwnerTransferred]: GroupOwnerTransferredTips;
  [NotificationType.MemberKicked]: MemberKickedTips;
  [NotificationType.MemberInvited]: MemberInvitedTips;
  [NotificationType.MemberEnter]: MemberEnterTips;
  [NotificationType.GroupDismissed]: GroupDismissedTips;
  [NotificationType.GroupMemberMuted]: GroupMemberMutedTips;
  [NotificationType.GroupMemberCancelMuted]: GroupMemberCancelMutedTips;
  [NotificationType.GroupMuted]: GroupMutedTips;
  [NotificationType.GroupCancelMuted]: GroupMutedTips;
  [NotificationType.GroupMemberInfoSet]: GroupMemberInfoSetTips;
  [NotificationType.GroupMemberSetToAdmin]: GroupMemberInfoSetTips;
  [NotificationType.GroupMemberSetToOrdinaryUser]: GroupMemberInfoSetTips;
  [NotificationType.GroupInfoSetAnnouncement]: GroupInfoSetAnnouncementTips;
  [NotificationType.GroupInfoSetName]: GroupInfoSetNameTips;
}

/** A notification content type with known tips. */
export type TippedType = keyof NotificationTips;
