import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { describeDriverError, isDatabaseUnavailable } from '../../infra/database/connection-errors';
import { ErrCode } from '../errors/errcode';
import { ImError } from '../errors/im-error';
import { Envelope, ERRCODE_LOCAL, fail } from './envelope';
import type { ImRequest } from './caller';

/**
 * The one place errors become answers. ImError → its code with HTTP 200; Nest's HTTP exceptions (unknown route,
 * wrong method) keep their status; a database that is away → 90002; anything else is logged with an id and
 * answered 500 without internals.
 */
@Catch()
export class ImExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<ImRequest>();
    const [status, body] = this.render(exception, req);
    res.locals[ERRCODE_LOCAL] = body.errCode;
    if (res.headersSent) return;
    res.status(status).json(body);
  }

  private render(exception: unknown, req: ImRequest): [number, Envelope] {
    if (exception instanceof ImError) {
      return [200, { errCode: exception.code, errMsg: exception.errMsg, errDlt: exception.detail }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND) {
        return [404, { errCode: 404, errMsg: 'NotFound', errDlt: `no route ${req.method} ${req.path}` }];
      }
      if (status < 500) return [200, fail(ErrCode.Args, exception.message)];
    }
    if (isDatabaseUnavailable(exception)) {
      // Not a bug: the database restarts or is unreachable. The client may retry (a resend is deduplicated).
      this.log.warn(`database unavailable on ${req.method} ${req.path}: ${describeDriverError(exception)}`);
      return [200, fail(ErrCode.DatabaseUnavailable, 'database unavailable, retry later')];
    }
    const errorID = randomBytes(6).toString('hex');
    // the error's own fields only (see errorFields): never the request's body or headers
    this.log.error({ errorID, method: req.method, route: req.path, err: exception }, 'internal error');
    return [200, fail(ErrCode.ServerInternal, `internal error, id ${errorID}`)];
  }
}
