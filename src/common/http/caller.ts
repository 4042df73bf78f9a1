import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ImError } from '../errors/im-error';

/** The authenticated user behind a request (from the `token` header). */
export interface Caller {
  userID: string;
  platformID: number;
  isAdmin: boolean;
}

export interface ImRequest extends Request {
  caller?: Caller;
  operationID: string;
}

/** Injects the {@link Caller} set by the token guard. */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<ImRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without a token');
  return caller;
});

/** The rule "a user may act on themselves only, an admin on anyone". */
export function assertSelfOrAdmin(caller: Caller, userID: string): void {
  if (!caller.isAdmin && caller.userID !== userID) {
    throw ImError.noPermission(`${caller.userID} may not act for ${userID}`);
  }
}
