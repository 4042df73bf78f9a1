import { FrameDecodeError, FrameEncodeError } from './codec-error';
import { WsReq, WsResp, wsReq, wsResp } from './envelope';
import { GobFieldSpec, GobValue, decodeGobStruct, encodeGobStruct } from './gob-struct';

const INT32 = { min: -0x80000000n, max: 0x7fffffffn };
/** Go `int` is 64-bit; a JS number holds it exactly only within the safe range. */
const SAFE = { min: BigInt(Number.MIN_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) };

/** The server's `Req` (ReqIdentifier int32); the Go SDK's `GeneralWsReq` has the same field order. */
export const REQ_FIELDS: readonly GobFieldSpec[] = [
  { name: 'ReqIdentifier', kind: 'int', ...INT32 },
  { name: 'Token', kind: 'string' },
  { name: 'SendID', kind: 'string' },
  { name: 'OperationID', kind: 'string' },
  { name: 'MsgIncr', kind: 'string' },
  { name: 'Data', kind: 'bytes' },
];

/** The server's `Resp` in its field order. */
export const RESP_FIELDS: readonly GobFieldSpec[] = [
  { name: 'ReqIdentifier', kind: 'int', ...INT32 },
  { name: 'MsgIncr', kind: 'string' },
  { name: 'OperationID', kind: 'string' },
  { name: 'ErrCode', kind: 'int', ...SAFE },
  { name: 'ErrMsg', kind: 'string' },
  { name: 'Data', kind: 'bytes' },
];

/** Ids are arbitrary (≥ 65) as long as definition and value agree; a fresh Go process gives its first type 65. */
export const GOB_TYPE_ID = 65;

function int(value: number, field: string, range: { min: bigint; max: bigint }): bigint {
  if (!Number.isInteger(value) || BigInt(value) < range.min || BigInt(value) > range.max) {
    throw new FrameEncodeError(`${field} ${value} is not an integer the wire field holds`);
  }
  return BigInt(value);
}

export function encodeGobResp(resp: WsResp, typeId = GOB_TYPE_ID, typeName = 'Resp'): Buffer {
  return encodeGobStruct(typeName, typeId, RESP_FIELDS, [
    int(resp.reqIdentifier, 'reqIdentifier', INT32),
    resp.msgIncr,
    resp.operationID,
    int(resp.errCode, 'errCode', SAFE),
    resp.errMsg,
    Buffer.from(resp.data.buffer, resp.data.byteOffset, resp.data.byteLength),
  ]);
}

/** What the Go SDK sends (`GeneralWsReq`); for test clients. */
export function encodeGobReq(req: WsReq, typeId = GOB_TYPE_ID, typeName = 'GeneralWsReq'): Buffer {
  return encodeGobStruct(typeName, typeId, REQ_FIELDS, [
    int(req.reqIdentifier, 'reqIdentifier', INT32),
    req.token,
    req.sendID,
    req.operationID,
    req.msgIncr,
    Buffer.from(req.data.buffer, req.data.byteOffset, req.data.byteLength),
  ]);
}

type Fields = Map<string, GobValue>;
const num = (f: Fields, name: string): number => Number((f.get(name) as bigint | undefined) ?? 0n);
const str = (f: Fields, name: string): string => (f.get(name) as string | undefined) ?? '';
const bytes = (f: Fields, name: string): Buffer => (f.get(name) as Buffer | undefined) ?? Buffer.alloc(0);

/** Decodes a request frame as the server's `Req`: any field order, unknown fields skipped. */
export function decodeGobReq(frame: Uint8Array): WsReq | FrameDecodeError {
  return caught(() => {
    const f = decodeGobStruct(frame, REQ_FIELDS);
    return wsReq({
      reqIdentifier: num(f, 'ReqIdentifier'),
      token: str(f, 'Token'),
      sendID: str(f, 'SendID'),
      operationID: str(f, 'OperationID'),
      msgIncr: str(f, 'MsgIncr'),
      data: bytes(f, 'Data'),
    });
  });
}

/** Decodes a response or push frame (test clients). */
export function decodeGobResp(frame: Uint8Array): WsResp | FrameDecodeError {
  return caught(() => {
    const f = decodeGobStruct(frame, RESP_FIELDS);
    return wsResp({
      reqIdentifier: num(f, 'ReqIdentifier'),
      msgIncr: str(f, 'MsgIncr'),
      operationID: str(f, 'OperationID'),
      errCode: num(f, 'ErrCode'),
      errMsg: str(f, 'ErrMsg'),
      data: bytes(f, 'Data'),
    });
  });
}

/** Turns the decoder's typed throw into a returned error; anything else is a bug and propagates. */
export function caught<T>(decode: () => T): T | FrameDecodeError {
  try {
    return decode();
  } catch (e) {
    if (e instanceof FrameDecodeError) return e;
    throw e;
  }
}
