import { FrameDecodeError, WsReq, decodeGobReq, encodeGobReq, wsReq } from '.';
import { GobWriter } from './gob-writer';

const kind = (frame: Uint8Array): string | undefined => {
  const got = decodeGobReq(frame);
  return got instanceof FrameDecodeError ? got.kind : undefined;
};

/** A stream: `extra` messages, one struct type definition (id 65) with these fields, then the `value` message. */
function stream(fields: [string, number][], value: GobWriter, extra: GobWriter[] = []): Buffer {
  const def = new GobWriter().int(-65).uint(3).uint(1).uint(1).string('T').uint(1).int(65).uint(0);
  def.uint(1).uint(fields.length);
  for (const [name, id] of fields) def.uint(1).string(name).uint(1).int(id).uint(0);
  def.uint(0).uint(0);
  const out = new GobWriter();
  for (const e of extra) out.message(e);
  return out.message(def).message(value).finish();
}

/** A value message body of type 65. */
const v = (): GobWriter => new GobWriter().int(65);

describe('gob decoder on hostile frames', () => {
  const ok = encodeGobReq(wsReq({ reqIdentifier: 1003, sendID: 'u1', data: Buffer.from('x') }));

  it('a well-formed frame decodes (control)', () => {
    expect((decodeGobReq(ok) as WsReq).sendID).toBe('u1');
  });

  it('huge lengths are refused without allocating: message, string, byte slice, field count', () => {
    expect(kind(Buffer.from('f8ffffffffffffffff', 'hex'))).toBe('gob'); // message of 2^64-1 bytes
    expect(kind(Buffer.concat([Buffer.from('fe7fff', 'hex'), ok]))).toBe('gob');
    const hugeString = v().uint(1).uint(0x7fffffff);
    expect(kind(stream([['SendID', 6]], hugeString))).toBe('gob');
  });

  it('an unknown field of a slice type whose count exceeds the input stops at once', () => {
    const slice = new GobWriter().int(-66).uint(2).uint(1).uint(1).string('S').uint(1).int(66).uint(0).uint(1).int(2);
    const started = Date.now();
    const value = v().uint(1).uint(0x7ffffff0);
    expect(
      kind(
        stream(
          [
            ['Many', 66],
            ['SendID', 6],
          ],
          value,
          [slice.uint(0).uint(0)],
        ),
      ),
    ).toBe('gob');
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('wrong wire types for known fields, a non-struct value, undefined and duplicate types are typed errors', () => {
    expect(kind(stream([['SendID', 2]], v().uint(0)))).toBe('type');
    expect(kind(stream([['ReqIdentifier', 6]], v().uint(0)))).toBe('type');
    expect(kind(stream([['Other', 99]], v().uint(0)))).toBe('gob'); // undefined type of a skipped field
    expect(kind(stream([['Any', 8]], v().uint(0)))).toBe('unsupported');
    expect(kind(Buffer.concat([ok.subarray(0, 97), ok.subarray(0, 97)]))).toBe('gob'); // type 65 defined twice
    expect(kind(new GobWriter().message(new GobWriter().int(65).uint(0)).finish())).toBe('gob'); // no definition
    expect(kind(Buffer.from('00', 'hex'))).toBe('gob');
    expect(kind(new Uint8Array(0))).toBe('gob');
  });

  it('a self-referencing type nested deeper than the cap is refused, not a stack overflow', () => {
    const node = new GobWriter().int(-66).uint(3).uint(1).uint(1).string('N').uint(1).int(66).uint(0);
    node.uint(1).uint(1).uint(1).string('Next').uint(1).int(66).uint(0).uint(0).uint(0);
    const value = v();
    for (let i = 0; i < 5000; i++) value.uint(1); // Next { Next { ...
    expect(
      kind(
        stream(
          [
            ['Chain', 66],
            ['SendID', 6],
          ],
          value,
          [node],
        ),
      ),
    ).toBe('unsupported');
  });

  it('an int past int32 for ReqIdentifier is a range error', () => {
    expect(
      kind(
        stream(
          [['ReqIdentifier', 2]],
          v()
            .uint(1)
            .int(2 ** 31),
        ),
      ),
    ).toBe('range');
  });
});
