import { Field, Int, Nested, NestedArr, Str, StrArr } from '../common/dto/fields';
import { PaginationField, RequestPagination } from '../common/dto/pagination.dto';

/** The API caps lists of IDs at 1000 per request (spec/rest-semantics.md §4). */
export const MAX_IDS = 1000;
export const USER_ID_MAX = 64;
/** `:` is refused in user IDs by the reference server (it separates parts of keys). */
export const USER_ID_PATTERN = /^[^:\s]+$/;
const NAME_MAX = 255;
const URL_MAX = 2048;
const EX_MAX = 65535;

const userID = (example = 'user_001', description?: string) =>
  Str({
    example,
    max: USER_ID_MAX,
    description,
    pattern: USER_ID_PATTERN,
    patternMessage: '$property must not contain ":" or spaces',
  });

export class UserRegisterItem {
  @userID()
  userID!: string;

  @Str({ optional: true, example: '张三', max: NAME_MAX })
  nickname?: string;

  @Str({ optional: true, example: 'https://example.com/avatar/001.jpg', max: URL_MAX })
  faceURL?: string;

  @Str({ optional: true, example: '{"age":25,"city":"北京"}', max: EX_MAX })
  ex?: string;

  @Int({ optional: true, min: 0, max: 4, example: 1, description: '1 app user, 2 app admin (system account)' })
  appMangerLevel?: number;

  @Int({ optional: true, min: 0, max: 2, example: 0, description: '0 receive, 1 refuse, 2 receive without push' })
  globalRecvMsgOpt?: number;
}

export class UserRegisterReq {
  @NestedArr(() => UserRegisterItem, { max: MAX_IDS, description: 'users to create, 1–1000, distinct IDs' })
  users!: UserRegisterItem[];
}

export class UserInfo {
  @Field({ example: 'user_001' }) userID!: string;
  @Field({ example: '张三' }) nickname!: string;
  @Field({ example: 'https://example.com/avatar/001.jpg' }) faceURL!: string;
  @Field({ example: '{"age":25}' }) ex!: string;
  @Field({ example: 1640995200000, description: 'ms' }) createTime!: number;
  @Field({ example: 1 }) appMangerLevel!: number;
  @Field({ example: 0 }) globalRecvMsgOpt!: number;
}

/** `update_user_info` (deprecated): empty strings and zero numbers mean "unchanged". */
export class UpdateUserInfoItem {
  @userID()
  userID!: string;

  @Str({ optional: true, max: NAME_MAX, example: '李四' })
  nickname?: string;

  @Str({ optional: true, max: URL_MAX })
  faceURL?: string;

  @Str({ optional: true, max: EX_MAX })
  ex?: string;

  @Int({ optional: true, min: 0, max: 4, description: 'only an app administrator may change it' })
  appMangerLevel?: number;

  @Int({ optional: true, min: 0, max: 2 })
  globalRecvMsgOpt?: number;
}

export class UpdateUserInfoReq {
  @Nested(() => UpdateUserInfoItem)
  userInfo!: UpdateUserInfoItem;
}

/** `update_user_info_ex`: a field that is absent or null is unchanged; "" clears it. */
export class UpdateUserInfoExItem {
  @userID()
  userID!: string;

  @Str({ optional: true, max: NAME_MAX, example: '李四', description: 'null = unchanged' })
  nickname?: string | null;

  @Str({
    optional: true,
    max: URL_MAX,
    example: 'https://example.com/avatar/new_001.jpg',
    description: 'null = unchanged',
  })
  faceURL?: string | null;

  @Str({ optional: true, max: EX_MAX, example: '{"age":26,"city":"上海"}', description: 'null = unchanged' })
  ex?: string | null;

  @Int({ optional: true, min: 0, max: 2, description: 'null = unchanged' })
  globalRecvMsgOpt?: number | null;
}

export class UpdateUserInfoExReq {
  @Nested(() => UpdateUserInfoExItem)
  userInfo!: UpdateUserInfoExItem;
}

export class SetGlobalRecvMessageOptReq {
  @userID()
  userID!: string;

  @Int({ min: 0, max: 2, example: 1, description: '0 receive, 1 refuse, 2 receive without push' })
  globalRecvMsgOpt!: number;
}

export class GetUsersInfoReq {
  @StrArr({ max: MAX_IDS, example: ['user_001', 'user_002'], itemMax: USER_ID_MAX })
  userIDs!: string[];
}

export class GetUsersInfoResp {
  @Field({ type: [UserInfo] }) usersInfo!: UserInfo[];
}

export class GetAllUsersIDReq {
  @PaginationField('paging: showNumber at most 1000')
  pagination!: RequestPagination;
}

export class GetAllUsersIDResp {
  @Field({ example: 1500 }) total!: number;
  @Field({ example: ['user_001', 'user_002'] }) userIDs!: string[];
}

export class AccountCheckReq {
  @StrArr({ max: MAX_IDS, unique: true, example: ['user_001', 'user_002'], itemMax: USER_ID_MAX })
  checkUserIDs!: string[];
}

export class AccountCheckResult {
  @Field({ example: 'user_001' }) userID!: string;
  @Field({ example: 'registered', description: '"registered" or "unregistered"' }) accountStatus!: string;
}

export class AccountCheckResp {
  @Field({ type: [AccountCheckResult] }) results!: AccountCheckResult[];
}

export class GetUsersReq {
  @PaginationField('paging: showNumber at most 100')
  pagination!: RequestPagination;

  @Str({ optional: true, max: USER_ID_MAX, description: 'part of a user ID (case-insensitive)' })
  userID?: string;

  @Str({ optional: true, max: NAME_MAX, description: 'part of a nickname (case-insensitive)' })
  nickName?: string;
}

export class GetUsersResp {
  @Field({ example: 158 }) total!: number;
  @Field({ type: [UserInfo] }) users!: UserInfo[];
}
