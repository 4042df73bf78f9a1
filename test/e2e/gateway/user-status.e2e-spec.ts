import { errOf, registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { WsTestClient } from '../../helpers/ws-client';

describe('/user online-status routes answer from live connections', () => {
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

  async function connect(userID: string, platformID: number) {
    const c = await WsTestClient.connect(t, { userID, token: await userToken(t, userID, platformID), platformID });
    clients.push(c);
    return c;
  }

  it('get_users_status: platforms of online users, 0 for offline ones, and it follows disconnects', async () => {
    const [on, off] = await registerUsers(t, 2);
    const phone = await connect(on.userID, 2);
    await connect(on.userID, 5);
    const token = await userToken(t, off.userID, 1);
    const status = async () =>
      (await t.post('/user/get_users_status', { userIDs: [on.userID, off.userID] }, token)).body as {
        errCode: number;
        data: { statusList: unknown[] };
      };
    expect((await status()).data.statusList).toEqual([
      { userID: on.userID, status: 1, platformIDs: [2, 5] },
      { userID: off.userID, status: 0, platformIDs: [] },
    ]);
    phone.close();
    await phone.closed();
    // the server learns of the close a moment after the client
    for (let i = 0; i < 50; i++) {
      const list = (await status()).data.statusList as { platformIDs: number[] }[];
      if (list[0].platformIDs.length === 1) break;
      await new Promise((r) => setImmediate(r));
    }
    expect((await status()).data.statusList[0]).toEqual({ userID: on.userID, status: 1, platformIDs: [5] });
  });

  it('get_users_online_status and get_users_online_token_detail are for admins and show each connection', async () => {
    const [u, v] = await registerUsers(t, 2);
    await connect(u.userID, 1);
    await connect(u.userID, 3);
    const admin = await t.adminToken();
    const r = await t.post('/user/get_users_online_status', { userIDs: [u.userID, v.userID] }, admin);
    expect(r.body.data.successResult).toEqual([
      {
        userID: u.userID,
        status: 'online',
        detailPlatformStatus: [
          expect.objectContaining({ platformID: 1, status: 'online', isBackground: false, token: '' }),
          expect.objectContaining({ platformID: 3, status: 'online', isBackground: false, token: '' }),
        ],
      },
      { userID: v.userID, status: 'offline', detailPlatformStatus: [] },
    ]);
    const detail = await t.post('/user/get_users_online_token_detail', { userIDs: [u.userID, v.userID] }, admin);
    expect(detail.body.data).toEqual([
      {
        userID: u.userID,
        status: 1,
        singlePlatformToken: [
          { platformID: 1, total: 1, token: [] },
          { platformID: 3, total: 1, token: [] },
        ],
      },
    ]);
    const user = await userToken(t, v.userID, 1);
    expect(errOf((await t.post('/user/get_users_online_status', { userIDs: [u.userID] }, user)).body).errCode).toBe(
      1002,
    );
  });

  it('subscribe_users_status keeps a user’s list; get_subscribe_users_status answers their status', async () => {
    const [me, a, b] = await registerUsers(t, 3);
    const token = await userToken(t, me.userID, 1);
    await connect(a.userID, 2);
    const sub = await t.post(
      '/user/subscribe_users_status',
      { userID: me.userID, userIDs: [a.userID, b.userID], genre: 1 },
      token,
    );
    expect(sub.body.data.statusList).toEqual([
      { userID: a.userID, status: 1, platformIDs: [2] },
      { userID: b.userID, status: 0, platformIDs: [] },
    ]);
    await t.post('/user/subscribe_users_status', { userID: me.userID, userIDs: [b.userID], genre: 2 }, token);
    const list = await t.post('/user/get_subscribe_users_status', { userID: me.userID }, token);
    expect(list.body.data.statusList).toEqual([{ userID: a.userID, status: 1, platformIDs: [2] }]);
    const other = await t.post('/user/get_subscribe_users_status', { userID: a.userID }, token);
    expect(errOf(other.body).errCode).toBe(1002);
    const bad = await t.post(
      '/user/subscribe_users_status',
      { userID: me.userID, userIDs: [a.userID], genre: 3 },
      token,
    );
    expect(errOf(bad.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('genre') });
  });
});
