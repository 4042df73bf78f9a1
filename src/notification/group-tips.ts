import type { GroupInfo } from '../common/dto/group-info';

/*
 * Tips of the group notifications 1501–1520 (spec/protocol.md §7.2), field for field as the SDKs parse them.
 * `groupMemberVersion(ID)` is the group's member log after the change, so clients advance their sync cursor.
 */

/** `sdkws.GroupMemberFullInfo` */
export interface MemberTip {
  groupID: string;
  userID: string;
  roleLevel: number;
  joinTime: number;
  nickname: string;
  faceURL: string;
  appMangerLevel: number;
  joinSource: number;
  operatorUserID: string;
  ex: string;
  muteEndTime: number;
  inviterUserID: string;
}

export interface PublicUserTip {
  userID: string;
  nickname: string;
  faceURL: string;
  ex: string;
}

export interface GroupRequestTip {
  userInfo: PublicUserTip | null;
  groupInfo: GroupInfo;
  handleResult: number;
  reqMsg: string;
  handleMsg: string;
  reqTime: number;
  handleUserID: string;
  handleTime: number;
  ex: string;
  joinSource: number;
  inviterUserID: string;
}

interface Versioned {
  groupMemberVersion: number;
  groupMemberVersionID: string;
}

interface Base extends Versioned {
  group: GroupInfo;
  opUser: MemberTip | null;
  operationTime: number;
}

export interface GroupCreatedTips extends Base {
  memberList: MemberTip[] | null;
  groupOwnerUser: MemberTip | null;
}

export interface GroupInfoSetTips extends Versioned {
  opUser: MemberTip | null;
  muteTime: number;
  group: GroupInfo;
}

export interface GroupInfoSetNameTips extends Versioned {
  opUser: MemberTip | null;
  group: GroupInfo;
}

export type GroupInfoSetAnnouncementTips = GroupInfoSetNameTips;

export interface JoinGroupApplicationTips {
  group: GroupInfo;
  applicant: PublicUserTip | null;
  reqMsg: string;
  uuid: string;
  request: GroupRequestTip | null;
}

export interface GroupApplicationHandledTips {
  group: GroupInfo;
  opUser: MemberTip | null;
  handleMsg: string;
  /** 0 applicant, 1 owner/admin */
  receiverAs: number;
  uuid: string;
  request: GroupRequestTip | null;
}

export interface MemberQuitTips extends Versioned {
  group: GroupInfo;
  quitUser: MemberTip | null;
  operationTime: number;
}

export interface GroupOwnerTransferredTips extends Base {
  newGroupOwner: MemberTip | null;
  oldGroupOwner: string;
  oldGroupOwnerInfo: MemberTip | null;
}

export interface MemberKickedTips extends Base {
  kickedUserList: MemberTip[] | null;
}

export interface MemberInvitedTips extends Base {
  invitedUserList: MemberTip[] | null;
  inviterUser: MemberTip | null;
}

export interface MemberEnterTips extends Versioned {
  group: GroupInfo;
  entrantUser: MemberTip | null;
  operationTime: number;
}

export interface GroupDismissedTips {
  group: GroupInfo;
  opUser: MemberTip | null;
  operationTime: number;
}

export interface GroupMemberMutedTips extends Base {
  mutedUser: MemberTip | null;
  mutedSeconds: number;
}

export interface GroupMemberCancelMutedTips extends Base {
  mutedUser: MemberTip | null;
}

export type GroupMutedTips = Base;

export interface GroupMemberInfoSetTips extends Base {
  changedUser: MemberTip | null;
  groupSortVersion: number;
}
