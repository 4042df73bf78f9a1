import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { isValidPlatform } from '../protocol/platform';

/** What a client asks for when it connects (protocol.md §1.1). */
export interface HandshakeParams {
  userID: string;
  token: string;
  platformID: number;
  operationID: string;
  /** answer the handshake in a text frame (browsers cannot read the body of a refused upgrade) */
  isMsgResp: boolean;
  sdkType: '' | 'go' | 'js';
  compression: string;
  sdkVersion: string;
}

/** Go's strconv.ParseBool, which the reference gateway uses for the boolean parameters. */
export function parseGoBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

const argsError = (detail: string) => new ImError(ErrCode.ConnArgs, detail);

/**
 * Reads the parameters in the reference server's check order, so a client with several mistakes hears about the
 * same one. A bad `isBackground` is not a coded error there (500); the value itself is ignored (§1.1).
 */
export function parseHandshake(query: URLSearchParams, headerCompression?: string): HandshakeParams | ImError {
  if (query.has('v')) return parseCompact(query.get('v') ?? '');
  const get = (k: string) => query.get(k) ?? '';
  const platformRaw = get('platformID');
  const platformID = /^[+-]?\d+$/.test(platformRaw) ? Number(platformRaw) : NaN;
  if (!Number.isSafeInteger(platformID)) return argsError('platformID is not int');
  let isMsgResp = false;
  if (query.has('isMsgResp')) {
    const b = parseGoBool(get('isMsgResp'));
    if (b === undefined) return argsError('isMsgResp is not bool');
    isMsgResp = b;
  }
  if (parseGoBool(get('isBackground')) === undefined) {
    return new ImError(ErrCode.ServerInternal, 'isBackground is not bool');
  }
  const params: HandshakeParams = {
    userID: get('sendID'),
    token: get('token'),
    platformID,
    operationID: get('operationID'),
    isMsgResp,
    sdkType: get('sdkType') as HandshakeParams['sdkType'],
    compression: get('compression') || headerCompression || '',
    sdkVersion: get('sdkVersion'),
  };
  return checkRequired(params);
}

function checkRequired(p: HandshakeParams): HandshakeParams | ImError {
  if (!p.operationID) return argsError('operationID is empty');
  if (!p.token) return argsError('token is empty');
  if (!p.userID) return argsError('sendID is empty');
  if (!isValidPlatform(p.platformID)) return argsError('platformID is invalid');
  if (!['', 'go', 'js'].includes(p.sdkType)) return argsError('sdkType is invalid');
  return p;
}

/** The `v` form: base64url (no padding) of one JSON object; every other query key is ignored. */
function parseCompact(v: string): HandshakeParams | ImError {
  let obj: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(v)) throw new Error('not base64url');
    obj = JSON.parse(Buffer.from(v, 'base64url').toString('utf8'));
  } catch {
    return argsError('v is not base64url JSON');
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return argsError('v is not a JSON object');
  const o = obj as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? o[k] : '');
  if (o.platformID !== undefined && !Number.isSafeInteger(o.platformID)) return argsError('platformID is not int');
  for (const k of ['sendResponse', 'background']) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') return argsError(`${k} is not bool`);
  }
  return checkRequired({
    userID: str('userID'),
    token: str('token'),
    platformID: typeof o.platformID === 'number' ? o.platformID : 0,
    operationID: str('operationID'),
    isMsgResp: o.sendResponse === true,
    sdkType: str('sdkType') as HandshakeParams['sdkType'],
    compression: str('compression'),
    sdkVersion: str('sdkVersion'),
  });
}
