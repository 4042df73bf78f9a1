import { Bool, Field, Int, Str } from '../../common/dto/fields';
import { PaginationField, RequestPagination } from '../../common/dto/pagination.dto';
import { USER_ID_MAX } from '../../user/user.dto';

/** ms times are SQL bigints and content types int32: larger JSON numbers would overflow the query (500). */
const MAX_MS = Number.MAX_SAFE_INTEGER;
const MAX_INT32 = 2_147_483_647;

export class SearchMsgReq {
  @Str({ optional: true, max: USER_ID_MAX }) sendID?: string;
  @Str({ optional: true, max: USER_ID_MAX, description: 'receiver or group' }) recvID?: string;
  @Int({ optional: true, min: 0, max: MAX_INT32 }) contentType?: number;
  @Str({
    optional: true,
    pattern: /^\d{4}-\d{2}-\d{2}$/,
    patternMessage: 'sendTime must be YYYY-MM-DD',
    description: 'a UTC day',
  })
  sendTime?: string;
  @Int({ optional: true, min: 0, max: 4 }) sessionType?: number;
  @Str({ optional: true, max: 255, description: 'words in the message text (substring, any language)' })
  keyword?: string;
  @Int({ optional: true, min: 0, max: MAX_MS, description: 'ms, inclusive' }) startTime?: number;
  @Int({ optional: true, min: 0, max: MAX_MS, description: 'ms, exclusive' }) endTime?: number;
  @PaginationField() pagination!: RequestPagination;
}

export class ChatLog {
  @Field() serverMsgID!: string;
  @Field() clientMsgID!: string;
  @Field() sendID!: string;
  @Field() recvID!: string;
  @Field() groupID!: string;
  @Field() recvNickname!: string;
  @Field() senderPlatformID!: number;
  @Field() senderNickname!: string;
  @Field() senderFaceURL!: string;
  @Field() groupName!: string;
  @Field() sessionType!: number;
  @Field() msgFrom!: number;
  @Field() contentType!: number;
  @Field({ description: 'the content JSON as text' }) content!: string;
  @Field() status!: number;
  @Field() sendTime!: number;
  @Field() createTime!: number;
  @Field() ex!: string;
  @Field() groupFaceURL!: string;
  @Field() groupMemberCount!: number;
  @Field() seq!: number;
  @Field() groupOwner!: string;
  @Field() groupType!: number;
}

export class ChatLogItem {
  @Field({ type: ChatLog }) chatLog!: ChatLog;
  @Field() isRevoked!: boolean;
}

export class SearchMsgResp {
  @Field({ type: [ChatLogItem] }) chatLogs!: ChatLogItem[];
  @Field() chatLogsNum!: number;
}

export class UserActiveReq {
  @Int({ min: 1, max: MAX_MS, example: 1640995200000 }) start!: number;
  @Int({ min: 1, max: MAX_MS, example: 1643673600000 }) end!: number;
  @Bool({ optional: true, description: 'ascending by count' }) ase?: boolean;
  @Bool({ optional: true, description: 'count group messages too' }) group?: boolean;
  @PaginationField() pagination!: RequestPagination;
}

export class UserActiveResp {
  @Field() msgCount!: number;
  @Field() userCount!: number;
  @Field({ example: { '2022-01-01': 12 } }) dateCount!: Record<string, number>;
  @Field({ description: '[{user: UserInfo, count}]' }) users!: object[];
}
