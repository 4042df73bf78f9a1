import { Field, Int, Str, StrArr } from '../../common/dto/fields';
import { MAX_IDS, USER_ID_MAX } from '../../user/user.dto';

const userIDs = () => StrArr({ max: MAX_IDS, itemMax: USER_ID_MAX, example: ['user_001', 'user_002'] });

export class UserIDsReq {
  @userIDs() userIDs!: string[];
}

export class PlatformStatus {
  @Field({ example: 1 }) platformID!: number;
  @Field({ example: 'online' }) status!: string;
  @Field({ example: 'a1b2c3:17', description: 'node and connection' }) connID!: string;
  @Field({ example: false }) isBackground!: boolean;
  @Field({ example: '', description: 'always empty: the server keeps only hashes of tokens' }) token!: string;
}

export class UserOnlineStatus {
  @Field({ example: 'user_001' }) userID!: string;
  @Field({ example: 'online', description: 'online or offline' }) status!: string;
  @Field({ type: [PlatformStatus] }) detailPlatformStatus!: PlatformStatus[];
}

export class GetUsersOnlineStatusResp {
  @Field({ type: [UserOnlineStatus] }) successResult!: UserOnlineStatus[];
}

export class GetUsersStatusReq {
  @Str({ optional: true, max: USER_ID_MAX, description: 'ignored: anyone may read anyone’s status' }) userID?: string;
  @userIDs() userIDs!: string[];
}

export class UserStatusItem {
  @Field({ example: 'user_001' }) userID!: string;
  @Field({ example: 1, description: '1 online on some platform, 0 offline' }) status!: number;
  @Field({ example: [1, 5] }) platformIDs!: number[];
}

export class UserStatusListResp {
  @Field({ type: [UserStatusItem] }) statusList!: UserStatusItem[];
}

export class SubscribeUsersStatusReq {
  @Str({ max: USER_ID_MAX, example: 'user_001' }) userID!: string;
  @userIDs() userIDs!: string[];
  @Int({ min: 1, max: 2, example: 1, description: '1 subscribe, 2 unsubscribe' }) genre!: number;
}

export class GetSubscribeUsersStatusReq {
  @Str({ max: USER_ID_MAX, example: 'user_001' }) userID!: string;
}
