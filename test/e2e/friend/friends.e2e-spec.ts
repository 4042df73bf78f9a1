import { errOf, expectArgsError, registerUsers, uniqueID } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { befriend, Client, clientOf, dataOf, friendIDs, lastNotice, notices } from './friend-helpers';

const page = { pageNumber: 1, showNumber: 10 };

describe('friend lists', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { FRIEND_MAX: '3' } });
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  async function clients(n: number): Promise<Client[]> {
    const users = await registerUsers(t, n);
    return Promise.all(users.map((u) => clientOf(t, u.userID)));
  }

  it('get_friend_list pages the friends, pinned first, with the friend user', async () => {
    const [a, b, c] = await clients(3);
    await befriend(a, b);
    await befriend(a, c);
    const list = dataOf(await a.post('/friend/get_friend_list', { userID: a.userID, pagination: page }));
    expect(list.total).toBe(2);
    expect(list.friendsInfo[0]).toEqual({
      ownerUserID: a.userID,
      remark: '',
      createTime: expect.any(Number),
      friendUser: {
        userID: b.userID,
        nickname: `nick-${b.userID}`,
        faceURL: '',
        ex: '',
        createTime: 0,
        appMangerLevel: 0,
        globalRecvMsgOpt: 0,
      },
      addSource: 2,
      operatorUserID: a.userID,
      ex: '',
      isPinned: false,
    });
    dataOf(
      await a.post('/friend/update_friends', { ownerUserID: a.userID, friendUserIDs: [c.userID], isPinned: true }),
    );
    const pinned = dataOf(await a.post('/friend/get_friend_list', { userID: a.userID, pagination: page }));
    expect(pinned.friendsInfo.map((f: { friendUser: { userID: string } }) => f.friendUser.userID)).toEqual([
      c.userID,
      b.userID,
    ]);
    const second = dataOf(
      await a.post('/friend/get_friend_list', { userID: a.userID, pagination: { pageNumber: 2, showNumber: 1 } }),
    );
    expect(second.total).toBe(2);
    expect(second.friendsInfo[0].friendUser.userID).toBe(b.userID);
    const past = dataOf(
      await a.post('/friend/get_friend_list', { userID: a.userID, pagination: { pageNumber: 9, showNumber: 5 } }),
    );
    expect(past).toEqual({ total: 2, friendsInfo: [] });
  });

  it('delete_friend removes one direction only and notifies the ex-friend (1205); a non-friend is a no-op', async () => {
    const [a, b, c] = await clients(3);
    await befriend(a, b);
    dataOf(await a.post('/friend/delete_friend', { ownerUserID: a.userID, friendUserID: b.userID }));
    expect(await friendIDs(a)).toEqual([]);
    expect(await friendIDs(b)).toEqual([a.userID]);
    expect(dataOf(await a.post('/friend/is_friend', { userID1: a.userID, userID2: b.userID }))).toEqual({
      inUser1Friends: false,
      inUser2Friends: true,
    });
    const notice = await lastNotice(t, b.userID, a.userID, 1205);
    expect(notice?.msg).toMatchObject({ sendID: a.userID, recvID: b.userID });
    expect(notice?.tips).toEqual({
      fromToUserID: { fromUserID: a.userID, toUserID: b.userID },
      friendVersion: expect.any(Number),
      friendVersionID: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
    dataOf(await a.post('/friend/delete_friend', { ownerUserID: a.userID, friendUserID: c.userID }));
    expect(await lastNotice(t, c.userID, a.userID, 1205)).toBeUndefined();
  });

  it('set_friend_remark changes the remark (1206); a non-friend is 1004', async () => {
    const [a, b, c] = await clients(3);
    await befriend(a, b);
    dataOf(await a.post('/friend/set_friend_remark', { ownerUserID: a.userID, friendUserID: b.userID, remark: 'Bob' }));
    const [entry] = dataOf(
      await a.post('/friend/get_designated_friends', { ownerUserID: a.userID, friendUserIDs: [b.userID, c.userID] }),
    ).friendsInfo;
    expect(entry).toMatchObject({ remark: 'Bob', friendUser: { userID: b.userID } });
    const notice = await lastNotice(t, a.userID, b.userID, 1206);
    expect(notice?.tips).toMatchObject({
      fromToUserID: { fromUserID: a.userID, toUserID: b.userID },
      friendVersionID: expect.any(String),
      friendSortVersion: 0,
    });
    const res = await a.post('/friend/set_friend_remark', {
      ownerUserID: a.userID,
      friendUserID: c.userID,
      remark: 'x',
    });
    expect(errOf(res.body).errCode).toBe(1004);
    expectArgsError(
      (await a.post('/friend/set_friend_remark', { ownerUserID: a.userID, friendUserID: b.userID })).body,
      'remark',
    );
  });

  it('update_friends changes only the given fields of friends (null = unchanged) and tells the owner (1210)', async () => {
    const [a, b, c, stranger] = await clients(4);
    await befriend(a, b);
    await befriend(a, c);
    const ids = [b.userID, c.userID, stranger.userID];
    dataOf(await a.post('/friend/update_friends', { ownerUserID: a.userID, friendUserIDs: ids, remark: 'r', ex: 'e' }));
    dataOf(
      await a.post('/friend/update_friends', { ownerUserID: a.userID, friendUserIDs: ids, isPinned: true, ex: null }),
    );
    const entries = dataOf(
      await a.post('/friend/get_designated_friends', { ownerUserID: a.userID, friendUserIDs: ids }),
    );
    expect(entries.friendsInfo).toHaveLength(2);
    for (const f of entries.friendsInfo) expect(f).toMatchObject({ remark: 'r', ex: 'e', isPinned: true });
    const notice = await lastNotice(t, a.userID, a.userID, 1210);
    expect(notice?.msg).toMatchObject({ sendID: a.userID, recvID: a.userID });
    expect(notice?.tips).toEqual({
      fromToUserID: { fromUserID: '', toUserID: a.userID },
      friendIDs: expect.arrayContaining([b.userID, c.userID]),
      friendVersion: expect.any(Number),
      friendVersionID: expect.any(String),
    });
    expectArgsError(
      (await a.post('/friend/update_friends', { ownerUserID: a.userID, friendUserIDs: [b.userID, b.userID] })).body,
      'friendUserIDs',
    );
    expectArgsError(
      (await a.post('/friend/update_friends', { ownerUserID: a.userID, friendUserIDs: [b.userID], isPinned: 'yes' }))
        .body,
      'isPinned',
    );
  });

  it('import_friend (admin) befriends both ways, is idempotent, and sends 1201 once per new friend', async () => {
    const [owner, x, y] = await clients(3);
    const req = { ownerUserID: owner.userID, friendUserIDs: [x.userID, y.userID] };
    expect(errOf((await owner.post('/friend/import_friend', req)).body).errCode).toBe(1002);
    dataOf(await t.post('/friend/import_friend', req, admin));
    dataOf(await t.post('/friend/import_friend', req, admin));
    expect((await friendIDs(owner)).sort()).toEqual([x.userID, y.userID].sort());
    expect(await friendIDs(x)).toEqual([owner.userID]);
    const [entry] = dataOf(
      await owner.post('/friend/get_designated_friends', { ownerUserID: owner.userID, friendUserIDs: [x.userID] }),
    ).friendsInfo;
    expect(entry).toMatchObject({ addSource: 1, operatorUserID: t.config.adminUserIDs[0] });
    const fromX = (await notices(t, owner.userID, x.userID)).filter((m) => m.contentType === 1201);
    expect(fromX).toHaveLength(1);
    expect(fromX[0]).toMatchObject({ sendID: x.userID, recvID: owner.userID });

    const self = { ownerUserID: owner.userID, friendUserIDs: [owner.userID] };
    expect(errOf((await t.post('/friend/import_friend', self, admin)).body).errCode).toBe(1301);
    const ghost = { ownerUserID: owner.userID, friendUserIDs: [uniqueID('ghost')] };
    expect(errOf((await t.post('/friend/import_friend', ghost, admin)).body).errCode).toBe(1003);
    const dup = { ownerUserID: owner.userID, friendUserIDs: [x.userID, x.userID] };
    expectArgsError((await t.post('/friend/import_friend', dup, admin)).body, 'friendUserIDs');
  });

  it('refuses to take a user past FRIEND_MAX (1001) and writes nothing', async () => {
    const [owner, ...others] = await clients(5);
    dataOf(
      await t.post(
        '/friend/import_friend',
        { ownerUserID: owner.userID, friendUserIDs: others.slice(0, 3).map((o) => o.userID) },
        admin,
      ),
    );
    const more = { ownerUserID: owner.userID, friendUserIDs: [others[3].userID] };
    expectArgsError((await t.post('/friend/import_friend', more, admin)).body, 'friendUserIDs');
    expect(await friendIDs(others[3])).toEqual([]);
    await others[3].post('/friend/add_friend', { fromUserID: others[3].userID, toUserID: owner.userID });
    const accept = { fromUserID: others[3].userID, toUserID: owner.userID, handleResult: 1 };
    expectArgsError((await owner.post('/friend/add_friend_response', accept)).body, 'toUserID');
    expect(await friendIDs(others[3])).toEqual([]);
  });

  it('get_specified_friends_info answers for existing users with friend and black entries', async () => {
    const [a, b, c] = await clients(3);
    await befriend(a, b);
    dataOf(await a.post('/friend/add_black', { ownerUserID: a.userID, blackUserID: c.userID }));
    const ghost = uniqueID('ghost');
    const { infos } = dataOf(
      await a.post('/friend/get_specified_friends_info', {
        ownerUserID: a.userID,
        userIDList: [b.userID, c.userID, ghost],
      }),
    );
    expect(infos).toHaveLength(2);
    const [ofB, ofC] = infos;
    expect(ofB).toMatchObject({ userInfo: { userID: b.userID }, blackInfo: null });
    expect(ofB.friendInfo).toMatchObject({ ownerUserID: a.userID, friendUser: null });
    expect(ofC).toMatchObject({ userInfo: { userID: c.userID }, friendInfo: null });
    expect(ofC.blackInfo).toMatchObject({ ownerUserID: a.userID, blackUserInfo: null });
    expectArgsError(
      (await a.post('/friend/get_specified_friends_info', { ownerUserID: a.userID, userIDList: [] })).body,
      'userIDList',
    );
  });

  it('a user reads and changes only their own list (1002); an admin any', async () => {
    const [a, b, c] = await clients(3);
    await befriend(a, b);
    const calls: [string, Record<string, unknown>][] = [
      ['/friend/get_friend_list', { userID: a.userID, pagination: page }],
      ['/friend/get_friend_id', { userID: a.userID }],
      ['/friend/get_designated_friends', { ownerUserID: a.userID, friendUserIDs: [b.userID] }],
      ['/friend/get_specified_friends_info', { ownerUserID: a.userID, userIDList: [b.userID] }],
      ['/friend/set_friend_remark', { ownerUserID: a.userID, friendUserID: b.userID, remark: 'x' }],
      ['/friend/update_friends', { ownerUserID: a.userID, friendUserIDs: [b.userID], remark: 'x' }],
      ['/friend/is_friend', { userID1: a.userID, userID2: b.userID }],
      ['/friend/delete_friend', { ownerUserID: a.userID, friendUserID: b.userID }],
    ];
    for (const [path, body] of calls) {
      expect({ path, errCode: errOf((await c.post(path, body)).body).errCode }).toEqual({ path, errCode: 1002 });
    }
    for (const [path, body] of calls) dataOf(await t.post(path, body, admin));
    expect(await friendIDs(a)).toEqual([]);
  });

  it('id lists are capped at 1000', async () => {
    const [a] = await clients(1);
    const ids = Array.from({ length: 1001 }, (_, i) => `x${i}`);
    expectArgsError(
      (await a.post('/friend/get_designated_friends', { ownerUserID: a.userID, friendUserIDs: ids })).body,
      'friendUserIDs',
    );
  });
});
