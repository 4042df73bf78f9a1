import type { FriendRequestTip } from '../notification/tips';
import type { UserInfo } from '../user/user.dto';
import type { BlackInfo } from './black.dto';
import type { FriendInfo, FriendUserInfo } from './friend.dto';
import type { BlackRow, FriendRequestRow, FriendRow } from './friend.schema';

/** The version log of a user's friend list and of their black list (incremental sync). */
export const friendLogKey = (ownerUserID: string) => `friend:${ownerUserID}`;
export const blackLogKey = (ownerUserID: string) => `black:${ownerUserID}`;
export { SORT_ELEMENT } from '../versionlog/version-log.repository';

export enum AddSource {
  Imported = 1,
  Applied = 2,
}

/** The user fields friend and black entries carry (the others zero, as the reference fills them). */
export function publicUser(userID: string, u: UserInfo | undefined): FriendUserInfo {
  return {
    userID,
    nickname: u?.nickname ?? '',
    faceURL: u?.faceURL ?? '',
    ex: u?.ex ?? '',
    createTime: 0,
    appMangerLevel: 0,
    globalRecvMsgOpt: 0,
  };
}

export function toFriendInfo(r: FriendRow, user: FriendUserInfo | null): FriendInfo {
  return {
    ownerUserID: r.ownerUserID,
    remark: r.remark,
    createTime: r.createTime,
    friendUser: user,
    addSource: r.addSource,
    operatorUserID: r.operatorUserID,
    ex: r.ex,
    isPinned: r.isPinned,
  };
}

export function toBlackInfo(r: BlackRow, user: FriendUserInfo | null): BlackInfo {
  return {
    ownerUserID: r.ownerUserID,
    createTime: r.createTime,
    blackUserInfo: user,
    addSource: r.addSource,
    operatorUserID: r.operatorUserID,
    ex: r.ex,
  };
}

export function toFriendRequest(r: FriendRequestRow, users: Map<string, UserInfo>): FriendRequestTip {
  const from = users.get(r.fromUserID);
  const to = users.get(r.toUserID);
  return {
    fromUserID: r.fromUserID,
    fromNickname: from?.nickname ?? '',
    fromFaceURL: from?.faceURL ?? '',
    toUserID: r.toUserID,
    toNickname: to?.nickname ?? '',
    toFaceURL: to?.faceURL ?? '',
    handleResult: r.handleResult,
    reqMsg: r.reqMsg,
    createTime: r.createTime,
    handlerUserID: r.handlerUserID,
    handleMsg: r.handleMsg,
    handleTime: r.handleTime,
    ex: r.ex,
  };
}
