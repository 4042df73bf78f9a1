import { PbCoder } from '@openim/protocol';
import { PushRepository } from '../../../src/push/push.repository';
import { expectOk, newestSeqs, registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { textMsg, WsTestClient, type WsClientOptions } from '../../helpers/ws-client';
import { waitFor } from '../../helpers/ws-hostile';

/** Who may send what, follow caps and logout over the gateway (issue 23, points 2, 5 and 7). */
describe('gateway rules', () => {
  let t: TestApp;
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await t.close();
  });

  async function connect(userID: string, platformID: number, opts: Partial<WsClientOptions> = {}) {
    const token = opts.token ?? (await userToken(t, userID, platformID));
    const c = await WsTestClient.connect(t, { userID, platformID, ...opts, token });
    clients.push(c);
    return c;
  }

  const follow = (c: WsTestClient, subscribeUserID: string[], unsubscribeUserID: string[] = []) =>
    c.request(2005, PbCoder.SubUserOnlineStatus.encode({ subscribeUserID, unsubscribeUserID }).finish());
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  describe('sessionType 4 (notification chat)', () => {
    it('is refused with 1002 to a plain user, also to one the receiver blocked; nothing is stored', async () => {
      const [a, b, c] = await registerUsers(t, 3);
      const bToken = await userToken(t, b.userID, 2);
      expectOk((await t.post('/friend/add_black', { ownerUserID: b.userID, blackUserID: a.userID }, bToken)).body);
      const alice = await connect(a.userID, 2);
      const carol = await connect(c.userID, 2);
      expect((await alice.sendMsg(textMsg(a.userID, b.userID, 'as 1: blocked'))).errCode).toBe(1302);
      expect((await alice.sendMsg(textMsg(a.userID, b.userID, 'as 4', { sessionType: 4 }))).errCode).toBe(1002);
      expect((await carol.sendMsg(textMsg(c.userID, b.userID, 'as 4', { sessionType: 4 }))).errCode).toBe(1002);
      const seqs = await newestSeqs(t, b.userID);
      expect(Object.keys(seqs).filter((id) => id.startsWith('sn_'))).toEqual([]);
    });

    it('is open to app administrators', async () => {
      const [b] = await registerUsers(t, 1);
      const adminID = t.config.adminUserIDs[0];
      const admin = await connect(adminID, 10, { token: await t.adminToken() });
      expect((await admin.sendMsg(textMsg(adminID, b.userID, 'notice', { sessionType: 4 }))).errCode).toBe(0);
      const sn = [adminID, b.userID].sort();
      expect((await newestSeqs(t, b.userID))[`sn_${sn[0]}_${sn[1]}`]).toBe(1);
    });
  });

  it('2005: a user follows at most 1,000 users; a request that would go over answers 1001 and changes nothing', async () => {
    const [u] = await registerUsers(t, 1);
    const phone = await connect(u.userID, 2);
    const pc = await connect(u.userID, 3);
    expect((await follow(phone, ids('made-up', 600))).errCode).toBe(0);
    expect((await follow(pc, ids('other', 400))).errCode).toBe(0);
    // over the user's connections together
    expect((await follow(pc, ['one-too-many'])).errCode).toBe(1001);
    expect((await follow(phone, ids('more', 1_000), ids('made-up', 600))).errCode).toBe(1001);
    expect((await follow(pc, ['still-full'])).errCode).toBe(1001);
    // unfollowing makes room
    expect((await follow(phone, ['one-more'], ['made-up-0'])).errCode).toBe(0);
    expect(phone.closeCode).toBeUndefined();
  });

  it('2003 logout drops the push token the device registered in that session, and closes', async () => {
    const [u] = await registerUsers(t, 1);
    const token = await userToken(t, u.userID, 2);
    const reg = { platformID: 2, fcmToken: `fcm-${u.userID}`, account: u.userID, expireTime: 3600 };
    expectOk((await t.post('/third/fcm_update_token', reg, token)).body);
    const repo = t.app.get(PushRepository);
    expect(await repo.tokensOf([u.userID], Date.now())).toHaveLength(1);
    const c = await connect(u.userID, 2, { token });
    const userArg = Buffer.concat([Buffer.from([0x0a, u.userID.length]), Buffer.from(u.userID)]);
    expect((await c.request(2003, userArg)).errCode).toBe(0);
    await c.closed();
    await waitFor(async () => (await repo.tokensOf([u.userID], Date.now())).length === 0, 'the push token dropped');
  });
});
