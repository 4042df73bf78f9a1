import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { Platform } from '../protocol/platform';
import { AppLevel, UserService } from '../user/user.service';
import {
  ForceLogoutReq,
  GetAdminTokenReq,
  GetUserTokenReq,
  ParseTokenReq,
  ParseTokenResp,
  TokenResp,
} from './auth.dto';
import { SecretAttemptLimiter } from './secret-attempts';
import { TokenService } from './token.service';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly users: UserService,
    private readonly secretAttempts: SecretAttemptLimiter,
  ) {}

  async getAdminToken(req: GetAdminTokenReq, clientIP: string | undefined): Promise<TokenResp> {
    this.secretAttempts.assertAllowed(clientIP);
    if (!sameSecret(req.secret, this.config.secret)) {
      this.secretAttempts.recordFailure(clientIP);
      throw ImError.noPermission('secret invalid');
    }
    if (!this.users.isAdminID(req.userID)) throw ImError.args(`userID ${req.userID} is not an app administrator`);
    return this.tokens.issue(req.userID, Platform.Admin);
  }

  async getUserToken(req: GetUserTokenReq): Promise<TokenResp> {
    if (req.platformID === Platform.Admin) throw ImError.noPermission('platformID 10 is for app administrators');
    if (this.users.isAdminID(req.userID)) throw ImError.noPermission("don't get an admin token here");
    const user = await this.users.requireUser(req.userID);
    if (user.appMangerLevel >= AppLevel.NotificationAccount) {
      throw ImError.args(`userID ${req.userID}: an app account can't get a token`);
    }
    return this.tokens.issue(req.userID, req.platformID);
  }

  async parseToken(req: ParseTokenReq): Promise<ParseTokenResp> {
    try {
      const t = await this.tokens.verify(req.token);
      return { userID: t.userID, platformID: t.platformID, expireTimeSeconds: t.exp };
    } catch (err) {
      if (err instanceof ImError) throw new ImError(ErrCode.Token, `${err.errMsg}: ${err.detail}`);
      throw err;
    }
  }

  async forceLogout(req: ForceLogoutReq): Promise<void> {
    await this.tokens.kickPlatform(req.userID, req.platformID);
  }
}
