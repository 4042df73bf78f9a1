import { randomBytes } from 'node:crypto';
import { clientFrameCodecFor, wsReq } from '../../../src/gateway/codec';
import { HeavyLimiter } from '../../../src/common/limits/heavy-limiter';
import { ConnectionRegistry } from '../../../src/gateway/connection-registry';
import { WsDispatcher } from '../../../src/gateway/ws-dispatcher';
import { registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { textMsg, WsTestClient, type WsClientOptions } from '../../helpers/ws-client';
import { rawClientFrame, stopReading, waitFor, writeRaw } from '../../helpers/ws-hostile';

const QUEUE_BYTES = 256 * 1024;

/** 1001 GetNewestSeq's payload: field 1, the user. */
function newestSeqReq(userID: string): Buffer {
  return Buffer.concat([Buffer.from([0x0a, userID.length]), Buffer.from(userID)]);
}

/**
 * Bursts are not slow consumers; slow consumers and floods stay bounded (issue 23, points 3 and 4): every server
 * write counts against the bytes its peer has not taken, and requests past the in-flight cap wait within a bound.
 */
describe('gateway backpressure', () => {
  let t: TestApp;
  let registry: ConnectionRegistry;
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { WS_SEND_QUEUE_BYTES: String(QUEUE_BYTES) } });
    registry = t.app.get(ConnectionRegistry);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await t.close();
  });

  async function connect(userID: string, platformID: number, opts: Partial<WsClientOptions> = {}) {
    const token = await userToken(t, userID, platformID);
    const c = await WsTestClient.connect(t, { userID, token, platformID, failOnClose: true, ...opts });
    clients.push(c);
    return c;
  }

  it('a client that sends 1,000 messages back to back and reads gets 1,000 acks and stays connected', async () => {
    const [a, b] = await registerUsers(t, 2);
    const c = await connect(a.userID, 2);
    const sends = Array.from({ length: 1_000 }, (_, i) => c.sendMsg(textMsg(a.userID, b.userID, `burst ${i}`)));
    const acks = await Promise.all(sends);
    expect(acks.filter((r) => r.errCode === 0)).toHaveLength(1_000);
    expect(c.closeCode).toBeUndefined();
    // the sender's own echoes (senderSync) came too
    await c.until(() => c.pushedMessages().length === 1_000, 'the 1,000 echoes');
  });

  it('requests past the in-flight cap wait and are all answered once slots free up', async () => {
    const [a] = await registerUsers(t, 1);
    const c = await connect(a.userID, 2, { sdkType: 'js' });
    const releases = await holdHeavySlots();
    const answers = Array.from({ length: 100 }, () => c.request(1001, newestSeqReq(a.userID)));
    // nothing can be answered while the slots are held: 32 in flight, the others wait
    await waitFor(() => t.app.get(WsDispatcher).inFlight === 32, 'the in-flight cap reached');
    releases.forEach((r) => r());
    expect((await Promise.all(answers)).map((r) => r.errCode)).toEqual(Array<number>(100).fill(0));
  });

  it('closes with a reason a client whose frames waiting past the in-flight cap go over the inbound bound', async () => {
    const [a] = await registerUsers(t, 1);
    // permessage-deflate lets one TCP chunk carry megabytes of frames: pausing the socket cannot bound those
    const c = await connect(a.userID, 2, { sdkType: 'js' });
    const reason = new Promise<string>((resolve) => c.ws.once('close', (_code, r: Buffer) => resolve(r.toString())));
    const releases = await holdHeavySlots();
    try {
      // one TCP write: 40 requests (32 go in flight, the socket pauses) and 30 deflated frames of 50,000 zero
      // bytes that the server has then already read; they only wait, so they are never decoded
      const codec = clientFrameCodecFor('js', undefined);
      const req = (i: number) =>
        codec.encodeRequest(
          wsReq({ reqIdentifier: 1001, sendID: a.userID, msgIncr: `m${i}`, data: newestSeqReq(a.userID) }),
        );
      const frames = [
        ...Array.from({ length: 40 }, (_, i) => rawClientFrame(req(i))),
        ...Array.from({ length: 30 }, () => rawClientFrame(Buffer.alloc(50_000), true)),
      ];
      writeRaw(c, Buffer.concat(frames));
      expect(await reason).toMatch(/inbound buffer full/);
      expect(c.closeCode).toBe(1008);
    } finally {
      releases.forEach((r) => r());
    }
  });

  it('pongs count against the outbound bound: a client that pings and never reads is cut off', async () => {
    const [a] = await registerUsers(t, 1);
    const c = await connect(a.userID, 5, { sdkType: 'js' });
    stopReading(c);
    const ping = `{"type":"ping","body":"${'p'.repeat(900)}"}`;
    // kernel buffers take a few MiB before the server's queue grows: at most 20 MiB of pongs is asked for
    for (let i = 0; i < 20_000 && registry.of(a.userID).size > 0; i++) {
      // every 500 pings, wait until the client's socket took them (the server reads them meanwhile)
      if (i % 500 === 499) await new Promise<void>((resolve) => c.ws.send(ping, { binary: false }, () => resolve()));
      else c.sendRaw(ping, false);
    }
    await waitFor(() => registry.of(a.userID).size === 0, 'the pinging client cut off');
  });

  it('closes a text ping over WS_MAX_TEXT_FRAME_BYTES with 1009 and answers one under it', async () => {
    const [a] = await registerUsers(t, 1);
    const c = await connect(a.userID, 5, { sdkType: 'js' });
    c.sendRaw(`{"type":"ping","body":"${'p'.repeat(900)}"}`, false);
    await c.until(() => c.texts.some((x) => x.startsWith('{"type":"pong"')), 'pong');
    c.sendRaw(`{"type":"ping","body":"${'p'.repeat(2_000)}"}`, false);
    expect(await c.closed()).toBe(1009);
  });

  it('still cuts off a consumer that stops reading, within the byte bound', async () => {
    const [slowUser, sender] = await registerUsers(t, 2);
    const slow = await connect(slowUser.userID, 2);
    const s = await connect(sender.userID, 3);
    stopReading(slow);
    // incompressible: permessage-deflate would shrink repeated text to nothing
    const big = randomBytes(30_000).toString('base64');
    for (let i = 0; i < 400 && registry.of(slowUser.userID).size > 0; i++) {
      expect((await s.sendMsg(textMsg(sender.userID, slowUser.userID, big))).errCode).toBe(0);
    }
    expect(registry.of(slowUser.userID).size).toBe(0);
  });

  /** Takes every global heavy slot so that the requests of a test's client wait (in flight) until released. */
  async function holdHeavySlots(): Promise<(() => void)[]> {
    const limiter = t.app.get(HeavyLimiter);
    return Promise.all(Array.from({ length: t.config.heavy.global }, () => limiter.acquire('test-holder', true)));
  }
});
