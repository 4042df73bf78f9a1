import {
  FrameDecodeError,
  clientFrameCodecFor,
  decodeGobReq,
  decodeGobResp,
  encodeGobReq,
  encodeGobResp,
  frameCodecFor,
} from '../../src/gateway/codec';
import { GobReader } from '../../src/gateway/codec/gob-reader';
import { Fixture, fixtures, frameOf, plain, reqOf, respOf } from './fixtures';

const isResp = (f: Fixture): boolean => f.goType.includes('Resp');
/** Values Go's int holds and a JS number cannot: the codec refuses them rather than round them. */
const UNREPRESENTABLE = new Set(['resp-max-int64', 'resp-min-int64']);

function decodeFixture(f: Fixture): unknown {
  const frame = frameOf(f);
  if (isResp(f)) return clientFrameCodecFor('go', f.gzip ? 'gzip' : '').decodeResponse(frame);
  return frameCodecFor('go', f.gzip ? 'gzip' : '').decodeRequest(frame);
}

/** The type id Go gave the frame's struct: the negated id of its first (definition) message. */
function typeIdOf(frame: Buffer): number {
  const r = new GobReader(frame);
  r.small();
  return -Number(r.int());
}

describe('gob codec against frames written by Go encoding/gob (committed fixtures)', () => {
  const all = fixtures();

  it.each(all.map((f) => [f.name, f] as const))('%s decodes to what Go decodes', (_name, f) => {
    const got = decodeFixture(f);
    if (UNREPRESENTABLE.has(f.name)) {
      expect(got).toBeInstanceOf(FrameDecodeError);
      expect((got as FrameDecodeError).kind).toBe('range');
      expect((got as FrameDecodeError).field).toBe('ErrCode');
    } else if (f.server.ok) {
      const want = isResp(f) ? respOf(f.server.value!) : reqOf(f.server.value!);
      expect(plain(got as { data: Uint8Array })).toEqual(plain(want));
    } else {
      expect(got).toBeInstanceOf(FrameDecodeError);
      expect((got as FrameDecodeError).kind).toBe(
        f.name === 'req-over-int32' || f.name === 'req-max-int64' ? 'range' : 'type',
      );
    }
  });

  it('the peer with another field order and extra fields of every kind decodes by name', () => {
    const f = all.find((x) => x.name === 'req-peer-extra-fields')!;
    expect(plain(decodeFixture(f) as { data: Uint8Array })).toEqual(plain(reqOf(f.value)));
  });

  const same = all.filter(
    (f) =>
      !f.gzip && (f.goType === 'GeneralWsReq' || f.goType === 'Resp') && f.server.ok && !UNREPRESENTABLE.has(f.name),
  );
  it.each(same.map((f) => [f.name, f] as const))('%s: the TS encoder writes the same bytes as Go', (_name, f) => {
    const frame = frameOf(f);
    const id = typeIdOf(frame);
    const mine = isResp(f) ? encodeGobResp(respOf(f.value), id) : encodeGobReq(reqOf(f.value), id);
    expect(mine.toString('hex')).toBe(frame.toString('hex'));
  });

  it('every truncation of every fixture is a typed error, never a throw', () => {
    for (const f of all.filter((x) => !x.gzip)) {
      const frame = frameOf(f);
      for (let n = 0; n < frame.length; n += n < 300 ? 1 : 97) {
        const cut = frame.subarray(0, n);
        const got = isResp(f) ? decodeGobResp(cut) : decodeGobReq(cut);
        if (!(got instanceof FrameDecodeError)) throw new Error(`${f.name} cut at ${n} decoded`);
      }
    }
  });
});
