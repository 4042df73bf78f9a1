import { PbCoder } from '@openim/protocol';
import type { SdkWsProto } from '@openim/protocol';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';

/*
 * The few gateway payloads @openim/protocol has types but no codecs for (GetMaxSeqReq, SetAppBackgroundStatusReq,
 * GetLastMessageReq/Resp, DelUserPushTokenReq): proto3 by hand, as small as the messages are.
 */

/** A request payload that is not the protobuf it should be: answered 1001 like any other bad argument. */
export class ProtoDecodeError extends ImError {
  constructor(detail: string) {
    super(ErrCode.Args, detail);
  }
}

/** Decodes a request payload with one of the protobuf codecs; whatever it throws becomes a 1001 answer. */
export function decodeProto<T>(name: string, coder: { decode(input: Uint8Array): T }, data: Uint8Array): T {
  try {
    return coder.decode(data);
  } catch (err) {
    throw new ProtoDecodeError(`data is not a valid ${name}: ${(err as Error).message}`);
  }
}

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** Reads the fields of one message; unknown fields are skipped, as protobuf requires. */
export function readFields(buf: Uint8Array, onField: (field: number, value: number | Uint8Array) => void): void {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= buf.length) throw new ProtoDecodeError('truncated varint');
      const b = buf[pos++];
      if (shift < 53) result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new ProtoDecodeError('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    switch (key & 7) {
      case WIRE_VARINT:
        onField(field, varint());
        break;
      case WIRE_LEN: {
        const len = varint();
        if (pos + len > buf.length) throw new ProtoDecodeError('length beyond the message');
        onField(field, buf.subarray(pos, pos + len));
        pos += len;
        break;
      }
      case WIRE_I64:
        pos += 8;
        break;
      case WIRE_I32:
        pos += 4;
        break;
      default:
        throw new ProtoDecodeError(`unsupported wire type ${key & 7}`);
    }
    if (pos > buf.length) throw new ProtoDecodeError('truncated field');
  }
}

const text = (v: number | Uint8Array): string => (typeof v === 'number' ? '' : Buffer.from(v).toString('utf8'));
const num = (v: number | Uint8Array): number => (typeof v === 'number' ? v : 0);

/** `GetMaxSeqReq{userID=1}`, `SetAppBackgroundStatusReq{userID=1, isBackground=2}`, `DelUserPushTokenReq{userID=1, platformID=2}` */
export function decodeUserAndNumber(buf: Uint8Array): { userID: string; value: number } {
  const out = { userID: '', value: 0 };
  readFields(buf, (f, v) => {
    if (f === 1) out.userID = text(v);
    else if (f === 2) out.value = num(v);
  });
  return out;
}

/** A varint field the JS codecs do not know (e.g. `order` = 3 of GetSeqMessageReq, `returnPinned` = 3 of 1006). */
export function varintField(buf: Uint8Array, field: number): number {
  let value = 0;
  readFields(buf, (f, v) => {
    if (f === field && typeof v === 'number') value = v;
  });
  return value;
}

/** `GetLastMessageReq{userID=1, conversationIDs=2}` */
export function decodeLastMessageReq(buf: Uint8Array): { userID: string; conversationIDs: string[] } {
  const out = { userID: '', conversationIDs: [] as string[] };
  readFields(buf, (f, v) => {
    if (f === 1) out.userID = text(v);
    else if (f === 2) out.conversationIDs.push(text(v));
  });
  return out;
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function lenField(field: number, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([...varintBytes(field * 8 + WIRE_LEN), ...varintBytes(payload.length)]), payload]);
}

/** `GetLastMessageResp{msgs=1 map<string, MsgData>}` */
export function encodeLastMessageResp(msgs: Record<string, SdkWsProto.MsgData>): Buffer {
  const entries = Object.entries(msgs).map(([id, m]) =>
    lenField(1, Buffer.concat([lenField(1, Buffer.from(id, 'utf8')), lenField(2, PbCoder.MsgData.encode(m).finish())])),
  );
  return Buffer.concat(entries);
}

/** A repeated string field appended to an encoded message (fields the JS codecs do not know, e.g. pinnedConversationIDs). */
export function withStrings(message: Uint8Array, field: number, values: readonly string[]): Uint8Array {
  if (!values.length) return message;
  return Buffer.concat([message, ...values.map((v) => lenField(field, Buffer.from(v, 'utf8')))]);
}

/** A pull answer's conversation entry: `PullMsgs{Msgs=1, isEnd=2, endSeq=3}`. */
export interface PullEntry {
  Msgs: SdkWsProto.MsgData[];
  isEnd: boolean;
  endSeq: number;
}

function encodePullMsgs(p: PullEntry): Buffer {
  const parts = p.Msgs.map((m) => lenField(1, PbCoder.MsgData.encode(m).finish()));
  if (p.isEnd) parts.push(Buffer.from([2 * 8 + WIRE_VARINT, 1]));
  if (p.endSeq > 0) parts.push(Buffer.from([3 * 8 + WIRE_VARINT, ...varintBytes(p.endSeq)]));
  return Buffer.concat(parts);
}

/**
 * `PullMessageBySeqsResp` (1002) and `GetSeqMessageResp` (1005), one layout: `msgs=1` and `notificationMsgs=2`, maps
 * of conversation ID to PullMsgs. By hand because the JS codecs drop `endSeq`, which the SDK core takes as the
 * conversation's bound when `isEnd` (an ascending pull that reached the end set its local max seq to 0 without it).
 */
export function encodePullResp(msgs: Record<string, PullEntry>, notificationMsgs: Record<string, PullEntry>): Buffer {
  const map = (field: number, m: Record<string, PullEntry>) =>
    Object.entries(m).map(([id, p]) =>
      lenField(field, Buffer.concat([lenField(1, Buffer.from(id, 'utf8')), lenField(2, encodePullMsgs(p))])),
    );
  return Buffer.concat([...map(1, msgs), ...map(2, notificationMsgs)]);
}
