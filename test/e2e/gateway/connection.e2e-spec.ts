import { randomBytes } from 'node:crypto';
import { PbCoder } from '@openim/protocol';
import { encodeGobReq, wsReq } from '../../../src/gateway/codec';
import { ConnectionRegistry } from '../../../src/gateway/connection-registry';
import { registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { textMsg, WsTestClient, type WsClientOptions } from '../../helpers/ws-client';

/** Frames, heartbeats, kicks and push filters: what closes a connection and what keeps it (protocol.md §2.7–§2.8, §5). */
describe('gateway connections', () => {
  let t: TestApp;
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { WS_READ_TIMEOUT_MS: '1500', WS_SEND_QUEUE_BYTES: '65536' },
    });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await t.close();
  });

  async function connect(userID: string, platformID = 1, opts: Partial<WsClientOptions> = {}) {
    const token = await userToken(t, userID, platformID);
    const c = await WsTestClient.connect(t, { userID, token, platformID, ...opts });
    clients.push(c);
    return c;
  }

  /** Keeps a client alive past the short read deadline of this file, as the SDKs' heartbeats do. */
  function heartbeat(c: WsTestClient): NodeJS.Timeout {
    const timer = setInterval(() => c.ws.readyState === c.ws.OPEN && c.ws.ping(), 150);
    c.ws.once('close', () => clearInterval(timer));
    return timer;
  }

  it('answers a text ping with a text pong and closes on any other text', async () => {
    const [u] = await registerUsers(t, 1);
    const c = await connect(u.userID, 5, { sdkType: 'js', isMsgResp: true });
    c.sendRaw('{"type":"ping"}', false);
    await c.until(() => c.texts.includes('{"type":"pong","body":null}'), 'pong');
    c.sendRaw('{"type":"hello"}', false);
    expect(await c.closed()).toBe(1008);
  });

  it.each([
    ['garbage bytes', Buffer.from('definitely not gob')],
    [
      'a truncated gob frame',
      encodeGobReq(wsReq({ reqIdentifier: 1003, sendID: 'x', data: Buffer.alloc(50) })).subarray(0, 40),
    ],
    ['a huge declared length', Buffer.from([0xf8, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
  ])('closes only that connection on %s', async (_name, frame) => {
    const [u, v] = await registerUsers(t, 2);
    const bad = await connect(u.userID);
    const good = await connect(v.userID);
    heartbeat(good);
    bad.sendRaw(frame);
    expect(await bad.closed()).toBe(1008);
    expect((await good.sendMsg(textMsg(v.userID, u.userID, 'unaffected'))).errCode).toBe(0);
  });

  it('closes on bad gzip, a frame over 51,200 bytes, an unknown reqIdentifier and a forged envelope sendID', async () => {
    const [u] = await registerUsers(t, 1);
    const gz = await connect(u.userID, 1, { gzip: true });
    gz.sendRaw(Buffer.from('not gzip at all'));
    expect(await gz.closed()).toBe(1008);

    const big = await connect(u.userID, 2);
    big.sendRaw(Buffer.alloc(51_201, 1));
    expect(await big.closed()).toBe(1009);

    const unknown = await connect(u.userID, 3, { sdkType: 'js' });
    void unknown.request(4242, new Uint8Array(0));
    expect(await unknown.closed()).toBe(1008);

    const forged = await connect(u.userID, 4);
    void forged.request(1001, new Uint8Array(0), { sendID: 'somebody' });
    expect(await forged.closed()).toBe(1008);
  });

  it('closes a silent connection after the read deadline; heartbeats keep one open', async () => {
    const [u] = await registerUsers(t, 1);
    const silent = await connect(u.userID, 1);
    const alive = await connect(u.userID, 2);
    heartbeat(alive);
    await silent.closed();
    expect(alive.closeCode).toBeUndefined();
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
  });

  it('kicks a live connection with 2002 when a newer login of the platform kicks its token (policy 1)', async () => {
    const [u] = await registerUsers(t, 1);
    const old = await connect(u.userID, 2, { gzip: true });
    heartbeat(old);
    const other = await connect(u.userID, 3);
    heartbeat(other);
    await userToken(t, u.userID, 2);
    await old.until(() => old.pushes.some((p) => p.reqIdentifier === 2002), 'kick frame');
    await old.closed();
    expect(other.ws.readyState).toBe(other.ws.OPEN);
  });

  it('kicks on /auth/force_logout', async () => {
    const [u] = await registerUsers(t, 1);
    const c = await connect(u.userID, 5, { sdkType: 'js', isMsgResp: true });
    heartbeat(c);
    const r = await t.post('/auth/force_logout', { userID: u.userID, platformID: 5 }, await t.adminToken());
    expect(r.body.errCode).toBe(0);
    await c.until(() => c.pushes.some((p) => p.reqIdentifier === 2002), 'kick frame');
    await c.closed();
  });

  it('skips online push to an iOS connection in background (2004) until it is back in foreground', async () => {
    const [u, v] = await registerUsers(t, 2);
    const ios = await connect(u.userID, 1);
    heartbeat(ios);
    const sender = await connect(v.userID, 2);
    heartbeat(sender);
    const bg = (on: boolean) =>
      Buffer.concat([Buffer.from([0x0a, u.userID.length]), Buffer.from(u.userID), Buffer.from([0x10, on ? 1 : 0])]);
    expect((await ios.request(2004, bg(true))).errCode).toBe(0);
    expect((await sender.sendMsg(textMsg(v.userID, u.userID, 'while away'))).errCode).toBe(0);
    expect((await ios.request(2004, bg(false))).errCode).toBe(0);
    expect((await sender.sendMsg(textMsg(v.userID, u.userID, 'welcome back'))).errCode).toBe(0);
    await ios.until(() => ios.pushedMessages().length > 0, 'push after foreground');
    const texts = ios.pushedMessages().map((p) => JSON.parse(Buffer.from(p.msg.content).toString()) as unknown);
    expect(texts).toEqual([{ content: 'welcome back' }]);
  });

  it('2005: answers the current status of subscribed users and pushes every change of their platforms', async () => {
    const [watcher, target] = await registerUsers(t, 2);
    const w = await connect(watcher.userID, 5, { sdkType: 'js' });
    heartbeat(w);
    const sub = await w.request(
      2005,
      PbCoder.SubUserOnlineStatus.encode({ subscribeUserID: [target.userID], unsubscribeUserID: [] }).finish(),
    );
    expect(PbCoder.SubUserOnlineStatusTips.decode(sub.data).subscribers).toEqual([
      { userID: target.userID, onlinePlatformIDs: [] },
    ]);
    const statuses = () =>
      w.pushes
        .filter((p) => p.reqIdentifier === 2005)
        .map((p) => PbCoder.SubUserOnlineStatusTips.decode(p.data).subscribers[0].onlinePlatformIDs);
    const phone = await connect(target.userID, 2);
    heartbeat(phone);
    await w.until(() => statuses().length === 1, 'online push');
    const pc = await connect(target.userID, 3);
    heartbeat(pc);
    await w.until(() => statuses().length === 2, 'second platform');
    phone.close();
    await w.until(() => statuses().length === 3, 'offline push of one platform');
    expect(statuses()).toEqual([[2], [2, 3], [3]]);
  });

  it('cuts off a consumer that stops reading instead of queueing without bound', async () => {
    const [slowUser, sender] = await registerUsers(t, 2);
    const slow = await connect(slowUser.userID, 2);
    const s = await connect(sender.userID, 3);
    heartbeat(s);
    const registry = t.app.get(ConnectionRegistry);
    // the client stops reading: the kernel buffers fill, then the server's queue
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // incompressible: permessage-deflate would shrink repeated text to nothing
    const big = randomBytes(30_000).toString('base64');
    for (let i = 0; i < 200 && registry.of(slowUser.userID).size > 0; i++) {
      expect((await s.sendMsg(textMsg(sender.userID, slowUser.userID, big))).errCode).toBe(0);
    }
    expect(registry.of(slowUser.userID).size).toBe(0);
  });
});
