import { errOf, expectArgsError, registerUsers, uniqueID } from '../../helpers/fixtures';
import { eventually, startTestApp, TestApp, twoInstances } from '../../helpers/test-app';
import { befriend, Client, clientOf, dataOf, lastNotice, notices } from './friend-helpers';

const page = { pageNumber: 1, showNumber: 10 };

/** A text message from `from` to `to` (send_msg is an admin route; the checks are the sender's): the errCode. */
async function send(t: TestApp, from: string, to: string): Promise<number> {
  const res = await t.post(
    '/msg/send_msg',
    {
      recvID: to,
      sendMsg: { sendID: from, senderPlatformID: 1, content: { content: 'hi' }, contentType: 101, sessionType: 1 },
    },
    await t.adminToken(),
  );
  return errOf(res.body).errCode;
}

async function clientsOf(t: TestApp, n: number): Promise<Client[]> {
  const users = await registerUsers(t, n);
  return Promise.all(users.map((u) => clientOf(t, u.userID)));
}

describe('black lists', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('add_black lists the user, notifies them (1207); adding again only replaces ex', async () => {
    const [a, b] = await clientsOf(t, 2);
    dataOf(await a.post('/friend/add_black', { ownerUserID: a.userID, blackUserID: b.userID, ex: 'one' }));
    const list = dataOf(await a.post('/friend/get_black_list', { userID: a.userID, pagination: page }));
    expect(list).toEqual({
      total: 1,
      blacks: [
        {
          ownerUserID: a.userID,
          createTime: expect.any(Number),
          blackUserInfo: expect.objectContaining({ userID: b.userID, nickname: `nick-${b.userID}` }),
          addSource: 0,
          operatorUserID: a.userID,
          ex: 'one',
        },
      ],
    });
    expect(list.blacks[0].createTime).toBeGreaterThan(1e12);
    const notice = await lastNotice(t, b.userID, a.userID, 1207);
    expect(notice?.msg).toMatchObject({ sendID: a.userID, recvID: b.userID });
    expect(notice?.tips).toEqual({ fromToUserID: { fromUserID: a.userID, toUserID: b.userID } });

    dataOf(await a.post('/friend/add_black', { ownerUserID: a.userID, blackUserID: b.userID, ex: 'two' }));
    const specified = dataOf(
      await a.post('/friend/get_specified_blacks', { ownerUserID: a.userID, userIDList: [b.userID, 'nobody'] }),
    );
    expect(specified).toMatchObject({ total: 1, blacks: [{ ex: 'two', blackUserInfo: { userID: b.userID } }] });
    expect((await notices(t, b.userID, a.userID)).filter((m) => m.contentType === 1207)).toHaveLength(1);
  });

  it('remove_black takes the user off (1208); removing a user not listed is a no-op', async () => {
    const [a, b, c] = await clientsOf(t, 3);
    await a.post('/friend/add_black', { ownerUserID: a.userID, blackUserID: b.userID });
    dataOf(await a.post('/friend/remove_black', { ownerUserID: a.userID, blackUserID: b.userID }));
    expect(dataOf(await a.post('/friend/get_black_list', { userID: a.userID, pagination: page }))).toEqual({
      total: 0,
      blacks: [],
    });
    const notice = await lastNotice(t, b.userID, a.userID, 1208);
    expect(notice?.tips).toEqual({ fromToUserID: { fromUserID: a.userID, toUserID: b.userID } });
    dataOf(await a.post('/friend/remove_black', { ownerUserID: a.userID, blackUserID: c.userID }));
    expect(await lastNotice(t, c.userID, a.userID, 1208)).toBeUndefined();
  });

  it('refuses blocking yourself (1001), unknown users (1003), others’ lists (1002); admins may', async () => {
    const [a, b, c] = await clientsOf(t, 3);
    expectArgsError(
      (await a.post('/friend/add_black', { ownerUserID: a.userID, blackUserID: a.userID })).body,
      'blackUserID',
    );
    const ghost = { ownerUserID: a.userID, blackUserID: uniqueID('ghost') };
    expect(errOf((await a.post('/friend/add_black', ghost)).body).errCode).toBe(1003);
    const req = { ownerUserID: a.userID, blackUserID: b.userID };
    for (const [path, body] of [
      ['/friend/add_black', req],
      ['/friend/remove_black', req],
      ['/friend/get_black_list', { userID: a.userID, pagination: page }],
      ['/friend/get_specified_blacks', { ownerUserID: a.userID, userIDList: [b.userID] }],
      ['/friend/get_incremental_blacks', { userID: a.userID, versionID: '', version: 0 }],
    ] as const) {
      expect({ path, errCode: errOf((await c.post(path, body)).body).errCode }).toEqual({ path, errCode: 1002 });
    }
    dataOf(await t.post('/friend/add_black', req, admin));
    const [entry] = dataOf(await a.post('/friend/get_black_list', { userID: a.userID, pagination: page })).blacks;
    expect(entry.operatorUserID).toBe(t.config.adminUserIDs[0]);
    expectArgsError(
      (await a.post('/friend/get_specified_blacks', { ownerUserID: a.userID, userIDList: [] })).body,
      'userIDList',
    );
  });

  it('a blocked sender gets 1302 on single chat until unblocked; the owner can still write', async () => {
    const [a, b] = await clientsOf(t, 2);
    await befriend(a, b);
    expect(await send(t, a.userID, b.userID)).toBe(0);
    dataOf(await b.post('/friend/add_black', { ownerUserID: b.userID, blackUserID: a.userID }));
    expect(await send(t, a.userID, b.userID)).toBe(1302);
    expect(await send(t, b.userID, a.userID)).toBe(0);
    dataOf(await b.post('/friend/remove_black', { ownerUserID: b.userID, blackUserID: a.userID }));
    expect(await send(t, a.userID, b.userID)).toBe(0);
  });

  it('an app administrator is never blocked', async () => {
    const [a] = await clientsOf(t, 1);
    const adminID = t.config.adminUserIDs[0];
    dataOf(await a.post('/friend/add_black', { ownerUserID: a.userID, blackUserID: adminID }));
    const res = await t.post(
      '/msg/send_msg',
      {
        recvID: a.userID,
        sendMsg: { sendID: adminID, senderPlatformID: 1, content: { content: 'x' }, contentType: 101, sessionType: 1 },
      },
      admin,
    );
    expect(errOf(res.body).errCode).toBe(0);
  });
});

describe('FRIEND_VERIFY=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { FRIEND_VERIFY: 'true' } });
  });
  afterAll(() => t.close());

  it('a non-friend gets 1303, a friend succeeds, and a deleted friend gets 1303 again', async () => {
    const [a, b] = await clientsOf(t, 2);
    expect(await send(t, a.userID, b.userID)).toBe(1303);
    await befriend(a, b);
    expect(await send(t, a.userID, b.userID)).toBe(0);
    dataOf(await a.post('/friend/delete_friend', { ownerUserID: a.userID, friendUserID: b.userID }));
    expect(await send(t, a.userID, b.userID)).toBe(1303);
    // b still has a in their list
    expect(await send(t, b.userID, a.userID)).toBe(0);
  });
});

if (process.env.DATABASE_URL && process.env.REDIS_URL) {
  describe('two app instances: a change on one reaches the cache of the other', () => {
    const instances = twoInstances();

    it('blocking on instance 1 refuses the next send on instance 2', async () => {
      const [t1, t2] = instances();
      const [a, b] = await registerUsers(t1, 2);
      const b1 = await clientOf(t1, b.userID);
      expect(await send(t2, a.userID, b.userID)).toBe(0);
      dataOf(await b1.post('/friend/add_black', { ownerUserID: b.userID, blackUserID: a.userID }));
      // the invalidation travels through Redis pub/sub
      expect(await eventually(() => send(t2, a.userID, b.userID), 1302)).toBe(1302);
    });
  });
}
