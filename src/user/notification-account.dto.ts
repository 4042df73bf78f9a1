import { Field, Int, Str } from '../common/dto/fields';
import { PaginationField, RequestPagination } from '../common/dto/pagination.dto';
import { USER_ID_MAX, USER_ID_PATTERN } from './user.dto';

const USER_ID_OR_EMPTY = new RegExp(`${USER_ID_PATTERN.source}|^$`);

export class AddNotificationAccountReq {
  /** Clients built on the reference protocol send "" for "none", as the reference server expects. */
  @Str({
    optional: true,
    max: USER_ID_MAX,
    pattern: USER_ID_OR_EMPTY,
    patternMessage: '$property must not contain ":" or spaces',
    description: 'generated (10 digits) when absent or empty',
  })
  userID?: string;

  @Str({ example: '系统通知', max: 255 })
  nickName!: string;

  @Str({ optional: true, max: 2048, example: 'https://example.com/bell.png' })
  faceURL?: string;

  @Int({ min: 3, max: 4, example: 3, description: '3 notification account, 4 robot' })
  appMangerLevel!: number;
}

export class NotificationAccountInfo {
  @Field({ example: '1234567890' }) userID!: string;
  @Field({ example: 'https://example.com/bell.png' }) faceURL!: string;
  @Field({ example: '系统通知' }) nickName!: string;
  @Field({ example: 3 }) appMangerLevel!: number;
}

export class UpdateNotificationAccountReq {
  @Str({ example: '1234567890', max: USER_ID_MAX })
  userID!: string;

  @Str({ optional: true, max: 255 })
  nickName?: string;

  @Str({ optional: true, max: 2048 })
  faceURL?: string;
}

export class SearchNotificationAccountReq {
  @Str({ optional: true, max: 255, description: 'exact user ID, else exact nickname' })
  keyword?: string;

  @Int({ optional: true, min: 3, max: 4, description: 'only this level (spelled appManagerLevel here)' })
  appManagerLevel?: number;

  @PaginationField()
  pagination!: RequestPagination;
}

export class SearchNotificationAccountResp {
  @Field({ example: 1 }) total!: number;
  @Field({ type: [NotificationAccountInfo] }) notificationAccounts!: NotificationAccountInfo[];
}
