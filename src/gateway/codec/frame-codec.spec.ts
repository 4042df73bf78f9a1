import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { arbReq, arbResp } from '../../../test/gob/arbitraries';
import { plain } from '../../../test/gob/fixtures';
import { FrameDecodeError, clientFrameCodecFor, frameCodecFor, wsReq, wsResp } from '.';

const kindOf = (r: unknown): string | undefined => (r instanceof FrameDecodeError ? r.kind : undefined);
const CODECS: [string, string][] = [
  ['go', ''],
  ['go', 'gzip'],
  ['js', ''],
  ['js', 'gzip'],
];

describe('FrameCodec', () => {
  it('is chosen by sdkType (js → JSON, else gob) and compression', () => {
    expect(CODECS.map(([s, c]) => frameCodecFor(s, c).name)).toEqual(['gob', 'gob+gzip', 'json', 'json+gzip']);
    expect(frameCodecFor(undefined, undefined).name).toBe('gob');
  });

  it.each(CODECS)('sdkType=%s compression=%s: random envelopes round-trip both ways', (sdk, comp) => {
    const server = frameCodecFor(sdk, comp);
    const client = clientFrameCodecFor(sdk, comp);
    fc.assert(
      fc.property(arbReq, arbResp, (req, resp) => {
        expect(plain(server.decodeRequest(client.encodeRequest(req)) as typeof req)).toEqual(plain(req));
        expect(plain(client.decodeResponse(server.encodeResponse(resp)) as typeof resp)).toEqual(plain(resp));
      }),
      { numRuns: 150 },
    );
  });

  it.each(CODECS)(
    'sdkType=%s compression=%s: random and mutated bytes only ever give a typed error, fast',
    (sdk, comp) => {
      const server = frameCodecFor(sdk, comp);
      const client = clientFrameCodecFor(sdk, comp);
      const frames = fc.oneof(
        fc.uint8Array({ maxLength: 2000 }),
        fc
          .tuple(arbReq, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat())
          .map(([req, edits, cut]) => {
            const frame = Buffer.from(client.encodeRequest(req));
            for (const [at, b] of edits) frame[at % frame.length] = b;
            return frame.subarray(0, cut % 3 === 0 ? cut % (frame.length + 1) : frame.length);
          }),
      );
      fc.assert(
        fc.property(frames, (frame) => {
          const started = process.hrtime.bigint();
          const got = server.decodeRequest(frame);
          expect(got instanceof FrameDecodeError || typeof got.reqIdentifier === 'number').toBe(true);
          expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('a push encoded once is the same bytes for every connection of the codec', () => {
    const push = wsResp({ reqIdentifier: 2001, operationID: 'op1', data: Buffer.from('x') });
    for (const [sdk, comp] of CODECS) {
      expect(frameCodecFor(sdk, comp).encodeResponse(push)).toEqual(frameCodecFor(sdk, comp).encodeResponse(push));
    }
  });

  it('refuses a frame over the 51,200-byte read limit', () => {
    expect(kindOf(frameCodecFor('go', '').decodeRequest(Buffer.alloc(51_201)))).toBe('too-large');
    expect(kindOf(frameCodecFor('js', 'gzip').decodeRequest(Buffer.alloc(51_201)))).toBe('too-large');
  });

  it('bad gzip is a typed error', () => {
    const codec = frameCodecFor('go', 'gzip');
    const good = gzipSync(clientFrameCodecFor('go', '').encodeRequest(wsReq({ reqIdentifier: 1001 })));
    expect(kindOf(codec.decodeRequest(Buffer.from('not gzip')))).toBe('gzip');
    expect(kindOf(codec.decodeRequest(Buffer.alloc(0)))).toBe('gzip');
    expect(kindOf(codec.decodeRequest(good.subarray(0, good.length - 3)))).toBe('gzip');
    const corrupt = Buffer.from(good);
    corrupt[good.length - 6] ^= 0xff; // the CRC
    expect(kindOf(codec.decodeRequest(corrupt))).toBe('gzip');
    // a plain (unzipped) gob frame on a gzip connection
    expect(kindOf(codec.decodeRequest(clientFrameCodecFor('go', '').encodeRequest(wsReq({}))))).toBe('gzip');
  });

  it('a zip bomb stops at the inflate cap without inflating it', () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20), { level: 9 }); // 64 MiB of zeros in ~64 KiB
    const small = bomb.subarray(0, 51_200); // what fits through the read limit: still ~50 MiB of output
    const before = process.memoryUsage().arrayBuffers;
    const started = Date.now();
    const got = frameCodecFor('go', 'gzip', { maxInflatedBytes: 1 << 20 }).decodeRequest(small);
    expect(kindOf(got)).toBe('too-large');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 << 20);
  });
});
