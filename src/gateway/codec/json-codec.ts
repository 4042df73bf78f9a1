import { FrameDecodeError, FrameEncodeError } from './codec-error';
import { WsReq, WsResp, wsReq, wsResp } from './envelope';
import { caught } from './gob-envelope';

/** Standard alphabet with padding, as Go's base64.StdEncoding (which also skips CR and LF) accepts it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

type Kind = 'int32' | 'int' | 'string' | 'bytes';

function base64(data: Uint8Array): string | null {
  return data.length === 0 ? null : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function checkInt(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new FrameEncodeError(`${field} ${value} is not an integer the wire field holds`);
  }
  return value;
}

/** Frames the reference sends without a payload at all: the kick, and the background answer (nil, not Marshal). */
const NO_PAYLOAD = new Set([2002, 2004]);

/**
 * `encoding/json` of the server's Resp: every key, in its order, `data` base64, or null where the reference has no
 * payload. A successful answer carries a marshalled protobuf, and Go's proto.Marshal of an empty message is an
 * empty, non-nil slice, which encoding/json writes as "": the JS SDK reads its fields (an empty 2005 answer to an
 * unsubscribe failed on null).
 */
export function encodeJsonResp(resp: WsResp): Buffer {
  const empty = resp.data.length === 0;
  const out = {
    reqIdentifier: checkInt(resp.reqIdentifier, 'reqIdentifier', INT32_MIN, INT32_MAX),
    msgIncr: resp.msgIncr,
    operationID: resp.operationID,
    errCode: checkInt(resp.errCode, 'errCode', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    errMsg: resp.errMsg,
    data: empty && resp.errCode === 0 && !NO_PAYLOAD.has(resp.reqIdentifier) ? '' : base64(resp.data),
  };
  return Buffer.from(JSON.stringify(out), 'utf8');
}

/** What the JS SDK sends (its key order); for test clients. */
export function encodeJsonReq(req: WsReq): Buffer {
  const out = {
    reqIdentifier: checkInt(req.reqIdentifier, 'reqIdentifier', INT32_MIN, INT32_MAX),
    token: req.token,
    msgIncr: req.msgIncr,
    sendID: req.sendID,
    operationID: req.operationID,
    data: base64(req.data),
  };
  return Buffer.from(JSON.stringify(out), 'utf8');
}

/**
 * Parses a JSON envelope with Go's rules: unknown keys ignored, keys matched case-insensitively (a later key
 * wins), `null` leaves a field empty, any other wrong type is an error.
 */
function parseEnvelope(frame: Uint8Array, fields: Record<string, Kind>): Map<string, number | string | Buffer> {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('utf8'));
  } catch {
    throw new FrameDecodeError('json', 'frame is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new FrameDecodeError('json', 'frame is not a JSON object');
  }
  const byLower = new Map(Object.entries(fields).map(([name, kind]) => [name.toLowerCase(), { name, kind }]));
  const out = new Map<string, number | string | Buffer>();
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const field = byLower.get(key.toLowerCase());
    if (!field || value === null) continue;
    out.set(field.name, convert(value, field.name, field.kind));
  }
  return out;
}

function convert(value: unknown, name: string, kind: Kind): number | string | Buffer {
  switch (kind) {
    case 'int32':
    case 'int': {
      if (typeof value !== 'number') throw new FrameDecodeError('type', 'not a number', name);
      const [min, max] = kind === 'int32' ? [INT32_MIN, INT32_MAX] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
      if (!Number.isInteger(value)) throw new FrameDecodeError('type', 'not an integer', name);
      if (value < min || value > max) throw new FrameDecodeError('range', `value ${value} out of range`, name);
      return value;
    }
    case 'string':
      if (typeof value !== 'string') throw new FrameDecodeError('type', 'not a string', name);
      return value;
    case 'bytes': {
      if (typeof value !== 'string') throw new FrameDecodeError('type', 'not a base64 string', name);
      const text = value.replace(/[\r\n]/g, '');
      if (!BASE64.test(text)) throw new FrameDecodeError('base64', 'not standard padded base64', name);
      return Buffer.from(text, 'base64');
    }
  }
}

const REQ_KEYS: Record<string, Kind> = {
  reqIdentifier: 'int32',
  token: 'string',
  sendID: 'string',
  operationID: 'string',
  msgIncr: 'string',
  data: 'bytes',
};
const RESP_KEYS: Record<string, Kind> = {
  reqIdentifier: 'int32',
  msgIncr: 'string',
  operationID: 'string',
  errCode: 'int',
  errMsg: 'string',
  data: 'bytes',
};

export function decodeJsonReq(frame: Uint8Array): WsReq | FrameDecodeError {
  return caught(() => wsReq(Object.fromEntries(parseEnvelope(frame, REQ_KEYS)) as Partial<WsReq>));
}

/** For test clients. */
export function decodeJsonResp(frame: Uint8Array): WsResp | FrameDecodeError {
  return caught(() => wsResp(Object.fromEntries(parseEnvelope(frame, RESP_KEYS)) as Partial<WsResp>));
}
