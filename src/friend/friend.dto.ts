import { Bool, Field, Str, StrArr } from '../common/dto/fields';
import { PaginationField, RequestPagination } from '../common/dto/pagination.dto';
import { MAX_IDS, USER_ID_MAX } from '../user/user.dto';

export const REMARK_MAX = 255;
export const EX_MAX = 65535;

export const userIDField = (example = 'user_001', description?: string) =>
  Str({ example, max: USER_ID_MAX, description });
export const userIDsField = (description: string) =>
  StrArr({ max: MAX_IDS, unique: true, itemMax: USER_ID_MAX, example: ['user_002', 'user_003'], description });

/** The public part of a user that friend and black entries carry. */
export class FriendUserInfo {
  @Field({ example: 'user_002' }) userID!: string;
  @Field({ example: '李四' }) nickname!: string;
  @Field({ example: 'https://example.com/avatar/002.jpg' }) faceURL!: string;
  @Field({ example: '' }) ex!: string;
  @Field({ example: 0 }) createTime!: number;
  @Field({ example: 0 }) appMangerLevel!: number;
  @Field({ example: 0 }) globalRecvMsgOpt!: number;
}

export class FriendInfo {
  @Field({ example: 'user_001' }) ownerUserID!: string;
  @Field({ example: '老李' }) remark!: string;
  @Field({ example: 1640995200000, description: 'ms' }) createTime!: number;
  @Field({ type: FriendUserInfo, nullable: true }) friendUser!: FriendUserInfo | null;
  @Field({ example: 2, description: '1 imported by an admin, 2 through an application' }) addSource!: number;
  @Field({ example: 'user_001' }) operatorUserID!: string;
  @Field({ example: '' }) ex!: string;
  @Field({ example: false }) isPinned!: boolean;
}

export class DeleteFriendReq {
  @userIDField() ownerUserID!: string;
  @userIDField('user_002') friendUserID!: string;
}

export class GetPaginationFriendsReq {
  @userIDField() userID!: string;
  @PaginationField() pagination!: RequestPagination;
}

export class GetPaginationFriendsResp {
  @Field({ type: [FriendInfo] }) friendsInfo!: FriendInfo[];
  @Field({ example: 1 }) total!: number;
}

export class GetDesignatedFriendsReq {
  @userIDField() ownerUserID!: string;
  @userIDsField('1–1000 distinct user IDs') friendUserIDs!: string[];
}

export class FriendsInfoResp {
  @Field({ type: [FriendInfo], description: 'only the users that are friends' }) friendsInfo!: FriendInfo[];
}

export class GetFriendIDsReq {
  @userIDField() userID!: string;
}

export class GetFriendIDsResp {
  @Field({ example: ['user_002'] }) friendIDs!: string[];
}

export class SetFriendRemarkReq {
  @userIDField() ownerUserID!: string;
  @userIDField('user_002') friendUserID!: string;
  @Str({ nonEmpty: false, max: REMARK_MAX, example: '老李', description: '"" clears it' }) remark!: string;
}

export class UpdateFriendsReq {
  @userIDField() ownerUserID!: string;
  @userIDsField('1–1000 distinct friend IDs (non-friends are ignored)') friendUserIDs!: string[];
  @Bool({ optional: true, description: 'null = unchanged' }) isPinned?: boolean | null;
  @Str({ optional: true, max: REMARK_MAX, description: 'null = unchanged' }) remark?: string | null;
  @Str({ optional: true, max: EX_MAX, description: 'null = unchanged' }) ex?: string | null;
}

export class ImportFriendReq {
  @userIDField() ownerUserID!: string;
  @userIDsField('1–1000 distinct users to befriend in both directions') friendUserIDs!: string[];
}

export class IsFriendReq {
  @userIDField() userID1!: string;
  @userIDField('user_002') userID2!: string;
}

export class IsFriendResp {
  @Field({ description: "userID2 is in userID1's friend list" }) inUser1Friends!: boolean;
  @Field({ description: "userID1 is in userID2's friend list" }) inUser2Friends!: boolean;
}

export class GetSpecifiedFriendsInfoReq {
  @userIDField() ownerUserID!: string;
  @userIDsField('1–1000 distinct user IDs') userIDList!: string[];
}
