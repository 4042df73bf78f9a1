import { Field, Int, Str } from '../common/dto/fields';
import { MAX_PLATFORM, MIN_PLATFORM } from '../protocol/platform';

export class GetAdminTokenReq {
  @Str({ example: 'imAdmin', description: 'an ID of IM_ADMIN_USER_IDS', max: 64 })
  userID!: string;

  @Str({ example: 'openIM123', description: 'the server secret (IM_SECRET)', max: 256 })
  secret!: string;
}

export class GetUserTokenReq {
  @Str({ example: 'user_001', max: 64 })
  userID!: string;

  @Int({ example: 1, min: MIN_PLATFORM, max: MAX_PLATFORM, description: 'platform 1–11; 10 (admin) is refused' })
  platformID!: number;
}

export class TokenResp {
  @Field({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  token!: string;

  @Field({ example: 7257600, description: 'token lifetime in seconds' })
  expireTimeSeconds!: number;
}

export class ParseTokenReq {
  @Str({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...', max: 4096 })
  token!: string;
}

export class ParseTokenResp {
  @Field({ example: 'user_001' })
  userID!: string;

  @Field({ example: 1 })
  platformID!: number;

  @Field({ example: 1640995200, description: 'expiry time, Unix seconds' })
  expireTimeSeconds!: number;
}

export class ForceLogoutReq {
  @Str({ example: 'user_001', max: 64 })
  userID!: string;

  @Int({ example: 1, min: MIN_PLATFORM, max: MAX_PLATFORM })
  platformID!: number;
}
