import fc from 'fast-check';
import { WsReq, WsResp } from '../../src/gateway/codec';

/** Strings of any Unicode code points (well-formed UTF-16, as everything decoded from UTF-8 is). */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => Buffer.from(s, 'utf8').toString('utf8') === s),
  fc.string({ maxLength: 400 }),
  fc.constant(''),
);
const int32 = fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.constantFrom(0, 1, -1, 127, 128, 2001));
const bytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.constant(new Uint8Array(0)));

export const arbReq: fc.Arbitrary<WsReq> = fc.record({
  reqIdentifier: int32,
  token: text,
  sendID: text,
  operationID: text,
  msgIncr: text,
  data: bytes,
});

export const arbResp: fc.Arbitrary<WsResp> = fc.record({
  reqIdentifier: int32,
  msgIncr: text,
  operationID: text,
  errCode: fc.oneof(fc.maxSafeInteger(), int32),
  errMsg: text,
  data: bytes,
});
