import type { NextFunction, Request, Response } from 'express';
import { ErrCode } from '../errors/errcode';
import { newOperationID, runInContext } from '../context/request-context';
import type { ImRequest } from './caller';
import { ERRCODE_LOCAL, fail } from './envelope';

const MAX_OPERATION_ID = 128;

/** Reads (or makes up) the `operationID` header, echoes it, and runs the request inside its logging context. */
export function operationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const header = req.headers['operationid'];
  const given = typeof header === 'string' ? header.trim().slice(0, MAX_OPERATION_ID) : '';
  const operationID = given || newOperationID();
  (req as ImRequest).operationID = operationID;
  res.setHeader('operationID', operationID);
  runInContext({ operationID }, next);
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** Body parser failures (bad JSON, too large) answer 1001 in the API envelope instead of Express' HTML page. */
export function bodyErrorMiddleware(err: BodyParserError, _req: Request, res: Response, next: NextFunction): void {
  if (!err.type) {
    next(err);
    return;
  }
  const detail =
    err.type === 'entity.too.large'
      ? 'request body is too large'
      : err.type === 'entity.parse.failed'
        ? `request body is not valid JSON: ${err.message}`
        : err.type === 'entity.too.deep'
          ? err.message
          : `request body could not be read: ${err.message}`;
  res.locals[ERRCODE_LOCAL] = ErrCode.Args;
  res.status(200).json(fail(ErrCode.Args, detail));
}
