import { HttpException, type LoggerService } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { describeDriverError, isDatabaseUnavailable } from '../../infra/database/connection-errors';
import { ErrCode, errName } from './errcode';
import { ImError } from './im-error';

/** What a client is told about a failed request, on REST and over the gateway alike. */
export interface ErrorAnswer {
  errCode: ErrCode;
  errMsg: string;
  errDlt: string;
}

/**
 * The one mapping from a thrown error to its errCode, used by the REST exception filter and by the gateway (requests
 * and handshakes). ImError: its code and detail. A client-side HTTP exception (a body that is not JSON): 1001. A
 * database that is away: 90002, a warning (the client retries). Anything else is a bug: one error line with an
 * errorID, which the answer carries in errDlt so that a report can be matched to the line. `where` names the
 * request in the log line (route, or request code and operationID); it must not hold the request's content.
 */
export function errorAnswer(err: unknown, log: LoggerService, where: Record<string, unknown>): ErrorAnswer {
  if (err instanceof ImError) return { errCode: err.code, errMsg: err.errMsg, errDlt: err.detail };
  if (err instanceof HttpException && err.getStatus() < 500) return answer(ErrCode.Args, err.message);
  if (isDatabaseUnavailable(err)) {
    log.warn({ ...where, cause: describeDriverError(err) }, 'database unavailable');
    return answer(ErrCode.DatabaseUnavailable, 'database unavailable, retry later');
  }
  const errorID = randomBytes(6).toString('hex');
  // the error's own fields only (see errorFields): never the request's body or headers
  log.error({ errorID, ...where, err }, 'internal error');
  return answer(ErrCode.ServerInternal, `internal error, id ${errorID}`);
}

function answer(code: ErrCode, detail: string): ErrorAnswer {
  return { errCode: code, errMsg: errName(code), errDlt: detail };
}
