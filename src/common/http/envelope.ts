import { ErrCode, errName } from '../errors/errcode';

/** The body of every API answer. */
export interface Envelope<T = unknown> {
  errCode: number;
  errMsg: string;
  errDlt: string;
  data?: T;
}

export function ok<T>(data: T): Envelope<T> {
  return { errCode: 0, errMsg: '', errDlt: '', data };
}

export function fail(code: ErrCode, detail: string): Envelope<never> {
  return { errCode: code, errMsg: errName(code), errDlt: detail };
}

/** Set on `res.locals` so that metrics and logs see the errCode of the answer. */
export const ERRCODE_LOCAL = 'errCode';
