import { FrameDecodeError } from './codec-error';
import { MAX_INBOUND_FRAME_BYTES, MAX_INFLATED_FRAME_BYTES, WsReq, WsResp } from './envelope';
import { decodeGobReq, decodeGobResp, encodeGobReq, encodeGobResp } from './gob-envelope';
import { gunzipFrame, gzipFrame } from './gzip';
import { decodeJsonReq, decodeJsonResp, encodeJsonReq, encodeJsonResp } from './json-codec';
import { caught } from './gob-envelope';

/**
 * The codec of one connection. `encodeResponse` is a pure function of the envelope, so a push encoded once can be
 * written to every connection with the same codec. Always bytes: responses travel in binary frames for both
 * codecs (protocol.md §2.1).
 */
export interface FrameCodec {
  readonly name: CodecName;
  encodeResponse(resp: WsResp): Buffer;
  decodeRequest(frame: Uint8Array): WsReq | FrameDecodeError;
}

/** The other end of the same codec, for clients in tests. */
export interface ClientFrameCodec {
  readonly name: CodecName;
  encodeRequest(req: WsReq): Buffer;
  decodeResponse(frame: Uint8Array): WsResp | FrameDecodeError;
}

export type CodecName = 'gob' | 'gob+gzip' | 'json' | 'json+gzip';

export interface FrameLimits {
  /** bytes of one frame as received */
  maxFrameBytes: number;
  /** bytes a gzip frame may inflate to */
  maxInflatedBytes: number;
}

const DEFAULT_LIMITS: FrameLimits = {
  maxFrameBytes: MAX_INBOUND_FRAME_BYTES,
  maxInflatedBytes: MAX_INFLATED_FRAME_BYTES,
};

/** `sdkType=js` is JSON, anything else gob (the handshake refuses other values); `compression=gzip` wraps frames. */
export function codecName(sdkType: string | undefined, compression: string | undefined): CodecName {
  const base = sdkType === 'js' ? 'json' : 'gob';
  return compression === 'gzip' ? `${base}+gzip` : base;
}

function unwrap<T>(
  frame: Uint8Array,
  gzip: boolean,
  limits: FrameLimits,
  decode: (bytes: Uint8Array) => T | FrameDecodeError,
): T | FrameDecodeError {
  if (frame.length > limits.maxFrameBytes) {
    return new FrameDecodeError('too-large', `frame of ${frame.length} bytes exceeds ${limits.maxFrameBytes}`);
  }
  if (!gzip) return decode(frame);
  const inflated = caught(() => gunzipFrame(frame, limits.maxInflatedBytes));
  return inflated instanceof FrameDecodeError ? inflated : decode(inflated);
}

export function frameCodecFor(
  sdkType: string | undefined,
  compression: string | undefined,
  limits: Partial<FrameLimits> = {},
): FrameCodec {
  const name = codecName(sdkType, compression);
  const gzip = name.endsWith('+gzip');
  const json = name.startsWith('json');
  const all = { ...DEFAULT_LIMITS, ...limits };
  const encode = json ? encodeJsonResp : (r: WsResp) => encodeGobResp(r);
  const decode = json ? decodeJsonReq : decodeGobReq;
  return {
    name,
    encodeResponse: (resp) => (gzip ? gzipFrame(encode(resp)) : encode(resp)),
    decodeRequest: (frame) => unwrap(frame, gzip, all, decode),
  };
}

/** Responses are not size-limited by the server's read limit; the client side caps only what gzip inflates to. */
export function clientFrameCodecFor(sdkType: string | undefined, compression: string | undefined): ClientFrameCodec {
  const name = codecName(sdkType, compression);
  const gzip = name.endsWith('+gzip');
  const json = name.startsWith('json');
  const limits = { maxFrameBytes: Number.MAX_SAFE_INTEGER, maxInflatedBytes: 16 * MAX_INFLATED_FRAME_BYTES };
  const encode = json ? encodeJsonReq : (r: WsReq) => encodeGobReq(r);
  const decode = json ? decodeJsonResp : decodeGobResp;
  return {
    name,
    encodeRequest: (req) => (gzip ? gzipFrame(encode(req)) : encode(req)),
    decodeResponse: (frame) => unwrap(frame, gzip, limits, decode),
  };
}
