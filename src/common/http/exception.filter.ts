import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { errorAnswer } from '../errors/error-answer';
import { Envelope, ERRCODE_LOCAL } from './envelope';
import type { ImRequest } from './caller';

/**
 * Where REST errors become answers: an unknown route is a 404; everything else is answered with HTTP 200 and the
 * errCode `errorAnswer` maps it to, the mapping the gateway uses too.
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
    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.NOT_FOUND) {
      return [404, { errCode: 404, errMsg: 'NotFound', errDlt: `no route ${req.method} ${req.path}` }];
    }
    return [200, errorAnswer(exception, this.log, { method: req.method, route: req.path })];
  }
}
