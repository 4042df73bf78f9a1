import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { defer, finalize, mergeMap, Observable } from 'rxjs';
import type { ImRequest } from '../http/caller';
import { HeavyLimiter } from './heavy-limiter';

/**
 * The route can cost much more than a plain read (many rows, a scan, a fan-out): it runs under the
 * {@link HeavyLimiter} (per-user and global concurrency bounds, errCode 1060 when over).
 *
 * Bound to the marked routes only: every interceptor in Nest's chain costs each request an async resource, a
 * deferred observable and a promise, which a global interceptor that lets most routes pass charged every send.
 */
export const Heavy = () => UseInterceptors(HeavyInterceptor);

/** Holds a {@link HeavyLimiter} slot from before validation until the answer, error or not. */
@Injectable()
export class HeavyInterceptor implements NestInterceptor {
  constructor(private readonly limiter: HeavyLimiter) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const caller = ctx.switchToHttp().getRequest<ImRequest>().caller;
    // Admins are the operator's own backends (they hold IM_SECRET and fan out on purpose): only the global bound.
    return defer(() => this.limiter.acquire(caller?.userID ?? '', caller?.isAdmin ?? false)).pipe(
      mergeMap((release) => next.handle().pipe(finalize(release))),
    );
  }
}
