import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { RAW_RESPONSE_KEY } from '../decorators/access';
import { ERRCODE_LOCAL, ok } from './envelope';

/** Wraps every handler result in `{errCode: 0, errMsg: "", errDlt: "", data}` with HTTP 200. */
@Injectable()
export class ResponseInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const raw = this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (raw) return next.handle();
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((data: unknown) => {
        res.status(200);
        res.locals[ERRCODE_LOCAL] = 0;
        return ok(data ?? {});
      }),
    );
  }
}
