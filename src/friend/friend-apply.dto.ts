import { Field, Int, IntArr, Str } from '../common/dto/fields';
import { PaginationField, RequestPagination } from '../common/dto/pagination.dto';
import { EX_MAX, userIDField } from './friend.dto';

const MSG_MAX = 1024;

/** sdkws.FriendRequest: an application with both users' public names (times in ms). */
export class FriendRequest {
  @Field({ example: 'user_001' }) fromUserID!: string;
  @Field({ example: '张三' }) fromNickname!: string;
  @Field({ example: '' }) fromFaceURL!: string;
  @Field({ example: 'user_002' }) toUserID!: string;
  @Field({ example: '李四' }) toNickname!: string;
  @Field({ example: '' }) toFaceURL!: string;
  @Field({ example: 0, description: '0 pending, 1 agreed, -1 refused' }) handleResult!: number;
  @Field({ example: 'hello' }) reqMsg!: string;
  @Field({ example: 1640995200000 }) createTime!: number;
  @Field({ example: '' }) handlerUserID!: string;
  @Field({ example: '' }) handleMsg!: string;
  @Field({ example: 0, description: 'ms; 0 while pending' }) handleTime!: number;
  @Field({ example: '' }) ex!: string;
}

export class ApplyToAddFriendReq {
  @userIDField('user_001', 'the applicant (the caller unless admin)') fromUserID!: string;
  @userIDField('user_002') toUserID!: string;
  @Str({ optional: true, max: MSG_MAX, example: 'hello' }) reqMsg?: string;
  @Str({ optional: true, max: EX_MAX }) ex?: string;
}

export class RespondFriendApplyReq {
  @userIDField('user_001', 'the applicant') fromUserID!: string;
  @userIDField('user_002', 'the responder (the caller unless admin)') toUserID!: string;
  @Int({ example: 1, description: '1 agree, -1 refuse' }) handleResult!: number;
  @Str({ optional: true, max: MSG_MAX }) handleMsg?: string;
}

export class GetPaginationFriendsApplyReq {
  @userIDField() userID!: string;
  @PaginationField() pagination!: RequestPagination;
  @IntArr({ optional: true, max: 3, int32: true, description: 'only these results (0, 1, -1)' })
  handleResults?: number[];
}

export class GetPaginationFriendsApplyToResp {
  @Field({ type: [FriendRequest], description: 'sic: capital F, as the SDKs read it' })
  FriendRequests!: FriendRequest[];
  @Field({ example: 1 }) total!: number;
}

export class FriendRequestsResp {
  @Field({ type: [FriendRequest] }) friendRequests!: FriendRequest[];
  @Field({ example: 1 }) total!: number;
}

export class GetDesignatedFriendsApplyReq {
  @userIDField() fromUserID!: string;
  @userIDField('user_002') toUserID!: string;
}

export class DesignatedFriendsApplyResp {
  @Field({ type: [FriendRequest], description: 'both directions between the two users' })
  friendRequests!: FriendRequest[];
}

export class GetSelfUnhandledApplyCountReq {
  @userIDField() userID!: string;
  @Int({ optional: true, min: 0, description: 'ms: only applications created after it' }) time?: number;
}

export class GetSelfUnhandledApplyCountResp {
  @Field({ example: 2 }) count!: number;
}
