import { Field, Str } from '../common/dto/fields';
import { PaginationField, RequestPagination } from '../common/dto/pagination.dto';
import { EX_MAX, FriendInfo, FriendUserInfo, userIDField, userIDsField } from './friend.dto';

export class BlackInfo {
  @Field({ example: 'user_001' }) ownerUserID!: string;
  @Field({ example: 1640995200000, description: 'ms' }) createTime!: number;
  @Field({ type: FriendUserInfo, nullable: true }) blackUserInfo!: FriendUserInfo | null;
  @Field({ example: 0 }) addSource!: number;
  @Field({ example: 'user_001' }) operatorUserID!: string;
  @Field({ example: '' }) ex!: string;
}

export class AddBlackReq {
  @userIDField() ownerUserID!: string;
  @userIDField('user_002') blackUserID!: string;
  @Str({ optional: true, max: EX_MAX }) ex?: string;
}

export class RemoveBlackReq {
  @userIDField() ownerUserID!: string;
  @userIDField('user_002') blackUserID!: string;
}

export class GetPaginationBlacksReq {
  @userIDField() userID!: string;
  @PaginationField() pagination!: RequestPagination;
}

export class BlacksResp {
  @Field({ type: [BlackInfo] }) blacks!: BlackInfo[];
  @Field({ example: 1 }) total!: number;
}

export class GetSpecifiedBlacksReq {
  @userIDField() ownerUserID!: string;
  @userIDsField('1–1000 distinct user IDs') userIDList!: string[];
}

export class SpecifiedFriendInfo {
  @Field({ type: FriendUserInfo }) userInfo!: FriendUserInfo;
  @Field({ type: FriendInfo, nullable: true, description: 'null when not a friend; friendUser is null' })
  friendInfo!: FriendInfo | null;
  @Field({ type: BlackInfo, nullable: true, description: 'null when not blocked; blackUserInfo is null' })
  blackInfo!: BlackInfo | null;
}

export class GetSpecifiedFriendsInfoResp {
  @Field({ type: [SpecifiedFriendInfo] }) infos!: SpecifiedFriendInfo[];
}
