import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defer, finalize, mergeMap, Observable } from 'rxjs';
import type { ImRequest } from '../http/caller';
import { HeavyLimiter } from './heavy-limiter';

export const HEAVY_KEY = 'im:heavy';

/**
 * The route can cost much more than a plain read (many rows, a scan, a fan-out): it runs under the
 * {@link HeavyLimiter} (per-user and global concurrency bounds, errCode 1060 when over).
 */
export const Heavy = () => SetMetadata(HEAVY_KEY, true);

/** Holds a {@link HeavyLimiter} slot from before validation until the answer, error or not. */
@Injectable()
export class HeavyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: HeavyLimiter,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    if (!this.reflector.getAllAndOverride<boolean>(HEAVY_KEY, [ctx.getHandler(), ctx.getClass()])) {
      return next.handle();
    }
    const caller = ctx.switchToHttp().getRequest<ImRequest>().caller;
    // Admins are the operator's own backends (they hold IM_SECRET and fan out on purpose): only the global bound.
    return defer(() => this.limiter.acquire(caller?.userID ?? '', caller?.isAdmin ?? false)).pipe(
      mergeMap((release) => next.handle().pipe(finalize(release))),
    );
  }
}
