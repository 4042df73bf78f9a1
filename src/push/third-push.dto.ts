import { Int, Str } from '../common/dto/fields';
import { MAX_PLATFORM, MIN_PLATFORM } from '../protocol/platform';
import { USER_ID_MAX } from '../user/user.dto';

export class FcmUpdateTokenReq {
  @Int({ example: 2, min: MIN_PLATFORM, max: MAX_PLATFORM, int32: true, description: 'the device platform, 1–11' })
  platformID!: number;
  @Str({ example: 'dGVzdC1mY20tdG9rZW4', max: 4096, description: "the device's FCM registration token" })
  fcmToken!: string;
  @Str({
    example: 'user_001',
    max: USER_ID_MAX,
    description: 'the user the device is logged in as (self; any for an admin)',
  })
  account!: string;
  @Int({ optional: true, min: 0, example: 7776000, description: 'seconds the token stays valid; 0 = until replaced' })
  expireTime?: number;
}

export class SetAppBadgeReq {
  @Str({ example: 'user_001', max: USER_ID_MAX }) userID!: string;
  @Int({ min: 0, int32: true, example: 3, description: "the app's unread count, shown as the icon badge" })
  appUnreadCount!: number;
}
