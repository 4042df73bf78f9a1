import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Access, ACCESS_KEY } from '../common/decorators/access';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import type { ImRequest } from '../common/http/caller';
import { TokenService } from './token.service';

/**
 * The global guard: every route needs a valid `token` header unless it is @Public(); @AdminOnly() routes also need
 * the caller to be an app administrator. Token failures answer 1005 with the reason in errDlt.
 */
@Injectable()
export class TokenGuard implements CanActivate {
  private readonly admins: Set<string>;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.admins = new Set(config.adminUserIDs);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (access === 'public') return true;
    const req = ctx.switchToHttp().getRequest<ImRequest>();
    const token = req.headers['token'];
    if (typeof token !== 'string' || token === '') throw new ImError(ErrCode.Token, 'header must have token');
    let verified;
    try {
      verified = await this.tokens.verify(token);
    } catch (err) {
      if (err instanceof ImError) throw new ImError(ErrCode.Token, `${err.errMsg}: ${err.detail}`);
      throw err;
    }
    const isAdmin = this.admins.has(verified.userID);
    req.caller = { userID: verified.userID, platformID: verified.platformID, isAdmin };
    if (access === 'admin' && !isAdmin) throw ImError.noPermission('only an app administrator may call this');
    return true;
  }
}
