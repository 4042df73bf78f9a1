import { Field, Int, Str, StrArr } from '../common/dto/fields';
import { PaginationField, RequestPagination } from '../common/dto/pagination.dto';
import { USER_ID_MAX } from '../user/user.dto';

export class JssdkGetConversationsReq {
  @Str({ optional: true, max: USER_ID_MAX, description: 'ignored: always the caller' }) ownerUserID?: string;
  @StrArr({ max: 1000, nonEmpty: false, example: ['si_user_001_user_002'], description: 'empty: no conversations' })
  conversationIDs!: string[];
}

export class JssdkGetActiveConversationsReq {
  @Str({ optional: true, max: USER_ID_MAX, description: 'ignored: always the caller' }) ownerUserID?: string;
  @Int({ optional: true, example: 20, description: 'default 100, at most 500' }) count?: number;
}

export class JssdkConversationsResp {
  @Field({ example: 10, description: 'unread messages over the returned conversations' }) unreadCount!: number;
  @Field({ description: '[{conversation, lastMsg, user, friend, group, maxSeq, readSeq}]' }) conversations!: object[];
}

export class GetSortedConversationListReq {
  @Str({ example: 'user_001', max: USER_ID_MAX }) userID!: string;
  @StrArr({ optional: true, max: 1000 }) conversationIDs?: string[];
  @PaginationField() pagination!: RequestPagination;
}

export class GetSortedConversationListResp {
  @Field() conversationTotal!: number;
  @Field() unreadTotal!: number;
  @Field({ description: '[{conversationID, recvMsgOpt, unreadCount, IsPinned, msgInfo}]' })
  conversationElems!: object[];
}
