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

export interface BusinessTips {
  key: string;
  data: string;
}
