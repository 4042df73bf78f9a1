import { Field, Int, IntArr, Str, StrArr } from '../../common/dto/fields';
import { GroupInfo } from '../../common/dto/group-info';
import { PaginationField, RequestPagination } from '../../common/dto/pagination.dto';
import { USER_ID_MAX } from '../../user/user.dto';
import { GROUP_ID_MAX, groupIDField, MAX_IDS, PublicUserInfo, TEXT_MAX, userIDField } from './common';

export class JoinGroupReq {
  @groupIDField() groupID!: string;
  @Str({ optional: true, max: TEXT_MAX }) reqMessage?: string;
  @Int({ min: 1, max: 4, example: 3, description: '1 admin, 2 invitation, 3 search, 4 QR code' }) joinSource!: number;
  @userIDField('the applicant as the SDK fills it (the caller); an app admin may apply for another user', true)
  inviterUserID?: string;

  @Str({ optional: true, max: TEXT_MAX }) ex?: string;
}

export class GroupApplicationResponseReq {
  @groupIDField() groupID!: string;
  @userIDField('the applicant') fromUserID!: string;
  @Str({ optional: true, max: TEXT_MAX }) handledMsg?: string;
  @Int({ min: -1, max: 1, example: 1, description: '1 accept, -1 refuse' }) handleResult!: number;
}

export class GetGroupApplicationListReq {
  @userIDField('the owner or admin whose groups are asked') fromUserID!: string;
  @PaginationField() pagination!: RequestPagination;
  @StrArr({ optional: true, max: MAX_IDS, itemMax: GROUP_ID_MAX }) groupIDs?: string[];
  @IntArr({ optional: true, max: 3, min: -1, int32: true, description: '0 pending, 1 accepted, -1 refused' })
  handleResults?: number[];
}

export class GetUserReqApplicationListReq {
  @userIDField() userID!: string;
  @PaginationField() pagination!: RequestPagination;
  @StrArr({ optional: true, max: MAX_IDS, itemMax: GROUP_ID_MAX }) groupIDs?: string[];
  @IntArr({ optional: true, max: 3, min: -1, int32: true }) handleResults?: number[];
}

export class GetGroupUsersReqApplicationListReq {
  @groupIDField() groupID!: string;
  @StrArr({ max: MAX_IDS, itemMax: USER_ID_MAX }) userIDs!: string[];
}

export class GetSpecifiedUserGroupRequestInfoReq {
  @groupIDField() groupID!: string;
  @userIDField() userID!: string;
}

export class GetGroupApplicationUnhandledCountReq {
  @userIDField() userID!: string;
  @Int({ optional: true, min: 0, description: 'ms; only applications after it' }) time?: number;
}

export class GetGroupApplicationUnhandledCountResp {
  @Field() count!: number;
}

export class GroupRequest {
  @Field({ type: PublicUserInfo, nullable: true }) userInfo!: PublicUserInfo | null;
  @Field({ type: GroupInfo }) groupInfo!: GroupInfo;
  @Field({ description: '0 pending, 1 accepted, -1 refused' }) handleResult!: number;
  @Field() reqMsg!: string;
  @Field() handleMsg!: string;
  @Field() reqTime!: number;
  @Field() handleUserID!: string;
  @Field() handleTime!: number;
  @Field() ex!: string;
  @Field() joinSource!: number;
  @Field() inviterUserID!: string;
}

export class GroupRequestListResp {
  @Field() total!: number;
  @Field({ type: [GroupRequest] }) groupRequests!: GroupRequest[];
}
