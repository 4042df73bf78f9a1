import fc from 'fast-check';
import { PbCoder } from '@openim/protocol';
import { ConnectionRegistry } from '../../src/gateway/connection-registry';
import { registerUsers, userToken } from '../helpers/fixtures';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { textMsg, WsTestClient } from '../helpers/ws-client';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const CODES = [1001, 1002, 1003, 1004, 1005, 1006, 1007, 2003, 2004, 2005];

/** Protobuf-looking payloads: valid messages of the right type with hostile values, and raw bytes. */
const payload = (userID: string) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.record({ text: fc.string({ unit: 'binary', maxLength: 60 }), seq: fc.integer() }).map(({ text, seq }) =>
      PbCoder.PullMessageBySeqsReq.encode({
        userID: Math.abs(seq) % 2 ? userID : text,
        seqRanges: [{ conversationID: text, begin: seq, end: seq * 3, num: seq }],
        order: Math.abs(seq) % 3,
      }).finish(),
    ),
    fc.record({ text: fc.string({ unit: 'binary', maxLength: 80 }), n: fc.integer() }).map(({ text, n }) =>
      PbCoder.MsgData.encode({
        ...PbCoder.MsgData.decode(new Uint8Array(0)),
        ...textMsg(userID, text, text),
        sessionType: n,
        contentType: Math.abs(n) % 2 ? 101 : n,
        content: Buffer.from(Math.abs(n) % 2 ? JSON.stringify({ content: text }) : text),
      }).finish(),
    ),
  );

/**
 * Hostile clients against a live gateway: any request envelope with any payload, in any codec, is answered with an
 * errCode other than 500 or closes only that connection; the server keeps serving a bystander.
 */
describe('fuzz: WebSocket requests', () => {
  let t: TestApp;
  let userID: string;
  let token: string;
  let bystander: WsTestClient;
  let heartbeat: NodeJS.Timeout;

  beforeAll(async () => {
    t = await startTestApp();
    const [u, b] = await registerUsers(t, 2);
    userID = u.userID;
    token = await userToken(t, userID, 3);
    bystander = await WsTestClient.connect(t, {
      userID: b.userID,
      token: await userToken(t, b.userID, 2),
      platformID: 2,
    });
    heartbeat = setInterval(() => bystander.ws.ping(), 5_000);
  });
  afterAll(async () => {
    clearInterval(heartbeat);
    bystander.close();
    await t.close();
  });

  it('answers every envelope without a 500, or closes only that connection', async () => {
    const codecs = [
      { sdkType: 'js' as const, gzip: false },
      { sdkType: '' as const, gzip: true },
      { sdkType: '' as const, gzip: false },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...codecs),
        fc.constantFrom(...CODES),
        payload(userID),
        async (codec, reqIdentifier, data) => {
          const c = await WsTestClient.connect(t, { userID, token, platformID: 3, ...codec });
          try {
            const answer = await Promise.race([c.request(reqIdentifier, data), c.closed()]);
            if (typeof answer !== 'number') {
              expect(answer.errCode).not.toBe(500);
              expect(answer.reqIdentifier).toBe(reqIdentifier);
            }
          } finally {
            c.close();
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // the bystander was never disturbed
    expect(bystander.closeCode).toBeUndefined();
    expect(t.app.get(ConnectionRegistry).of(bystander.opts.userID).size).toBe(1);
  });

  it('answers a text ping up to the cap with its pong; a larger text frame closes 1009, any other 1008', async () => {
    const cap = t.config.gateway.maxTextFrameBytes;
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((body) => JSON.stringify({ type: 'ping', body })),
      fc.nat({ max: 3 * cap }).map((n) => JSON.stringify({ type: 'ping', body: 'p'.repeat(n) })),
      fc.constant('{"type":"pong"}'),
      fc.string({ unit: 'binary', maxLength: 2 * cap }),
    );
    await fc.assert(
      fc.asyncProperty(text, async (frame) => {
        const c = await WsTestClient.connect(t, { userID, token, platformID: 3, sdkType: 'js' });
        try {
          // the sentinel ping's pong says the frame before it was handled without closing
          c.sendRaw(frame, false);
          c.sendRaw('{"type":"ping","body":"sentinel"}', false);
          await c.until(() => c.closeCode !== undefined || c.texts.some((x) => x.includes('sentinel')), 'pong');
          const parsed = parsedObject(frame);
          if (Buffer.byteLength(frame) > cap) {
            expect(c.closeCode).toBe(1009);
          } else if (parsed?.type === 'ping') {
            expect(JSON.parse(c.texts[0])).toEqual({ type: 'pong', body: parsed.body ?? null });
          } else if (parsed?.type === 'pong') {
            expect(c.texts).toEqual(['{"type":"pong","body":"sentinel"}']);
          } else {
            expect(c.closeCode).toBe(1008);
          }
        } finally {
          c.close();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

function parsedObject(text: string): { type?: unknown; body?: unknown } | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? v : undefined;
  } catch {
    return undefined;
  }
}
