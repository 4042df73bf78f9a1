import { ErrCode, errName } from './errcode';

/** The one exception type of the API: a code from {@link ErrCode} and a free-text detail (`errDlt`). */
export class ImError extends Error {
  constructor(
    readonly code: ErrCode,
    readonly detail = '',
  ) {
    super(detail ? `${errName(code)}: ${detail}` : errName(code));
    this.name = 'ImError';
  }

  get errMsg(): string {
    return errName(this.code);
  }

  static args(detail: string): ImError {
    return new ImError(ErrCode.Args, detail);
  }

  static noPermission(detail: string): ImError {
    return new ImError(ErrCode.NoPermission, detail);
  }

  static userNotFound(userIDs: string | readonly string[]): ImError {
    const ids = typeof userIDs === 'string' ? [userIDs] : userIDs;
    return new ImError(ErrCode.UserNotFound, `user not found: ${ids.join(',')}`);
  }

  static notFound(detail: string): ImError {
    return new ImError(ErrCode.RecordNotFound, detail);
  }
}
