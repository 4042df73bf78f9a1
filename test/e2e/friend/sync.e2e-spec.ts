import { createHash } from 'node:crypto';
import { PbCoder } from '@openim/protocol';
import request from 'supertest';
import type { App } from 'supertest/types';
import { registerUsers, sendText, si, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { befriend, Client, clientOf, dataOf, lastNotice } from './friend-helpers';

interface Incremental {
  version: number;
  versionID: string;
  full: boolean;
  delete: string[] | null;
  insert: { remark: string; friendUser: { userID: string; nickname: string } }[] | null;
  update: { remark: string; friendUser: { userID: string; nickname: string } }[] | null;
  sortVersion: number;
}

/** The idHash of a list of plain IDs, computed here from its definition (spec/protocol.md §8.3). */
function expectedHash(ids: string[]): number {
  const digest = createHash('md5').update(JSON.stringify(ids)).digest();
  return Number(digest.readBigUInt64BE(0));
}

describe('friend incremental sync', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function clients(n: number): Promise<Client[]> {
    const users = await registerUsers(t, n);
    return Promise.all(users.map((u) => clientOf(t, u.userID)));
  }

  async function incremental(c: Client, versionID: string, version: number): Promise<Incremental> {
    return dataOf(await c.post('/friend/get_incremental_friends', { userID: c.userID, versionID, version }));
  }

  it('answers exactly the changes since a version: one delete, one update, one insert', async () => {
    const [a, b, c, d, e] = await clients(5);
    for (const f of [b, c, d]) await befriend(a, f);
    const start = await incremental(a, '', 0);
    expect(start).toMatchObject({ full: true, delete: [], insert: [], update: [] });
    expect(start.versionID).toMatch(/^[0-9a-f]{24}$/);

    dataOf(await a.post('/friend/delete_friend', { ownerUserID: a.userID, friendUserID: b.userID }));
    dataOf(await a.post('/friend/set_friend_remark', { ownerUserID: a.userID, friendUserID: c.userID, remark: 'C' }));
    await befriend(e, a);

    const since = await incremental(a, start.versionID, start.version);
    expect(since).toMatchObject({ versionID: start.versionID, version: start.version + 3, full: false });
    expect(since.delete).toEqual([b.userID]);
    expect(since.update).toEqual([
      expect.objectContaining({ remark: 'C', friendUser: expect.objectContaining({ userID: c.userID }) }),
    ]);
    expect(since.insert).toEqual([
      expect.objectContaining({ friendUser: expect.objectContaining({ userID: e.userID }) }),
    ]);
    expect(since.sortVersion).toBe(0);

    const again = await incremental(a, since.versionID, since.version);
    expect(again).toMatchObject({ full: false, delete: [], insert: [], update: [], version: since.version });
    // the 1201 to the applicant carries the version the applicant's list reached
    const approved = await lastNotice(t, e.userID, a.userID, 1201);
    const ofE = await incremental(e, '', 0);
    expect(approved?.msg).toMatchObject({ sendID: a.userID, recvID: e.userID });
    expect(approved?.tips).toMatchObject({ friendVersion: ofE.version, friendVersionID: ofE.versionID });
  });

  it('an unknown versionID or version 0 means reload everything (full)', async () => {
    const [a, b] = await clients(2);
    await befriend(a, b);
    const head = await incremental(a, '', 0);
    expect((await incremental(a, 'ffffffffffffffffffffffff', head.version)).full).toBe(true);
    expect((await incremental(a, head.versionID, 0)).full).toBe(true);
  });

  it('a pin shows as sortVersion', async () => {
    const [a, b] = await clients(2);
    await befriend(a, b);
    const head = await incremental(a, '', 0);
    dataOf(
      await a.post('/friend/update_friends', { ownerUserID: a.userID, friendUserIDs: [b.userID], isPinned: true }),
    );
    const since = await incremental(a, head.versionID, head.version);
    expect(since.sortVersion).toBeGreaterThan(head.version);
    expect(since.update).toEqual([
      expect.objectContaining({ friendUser: expect.objectContaining({ userID: b.userID }) }),
    ]);
  });

  it('get_full_friend_user_ids answers the IDs, or equal when the client idHash matches', async () => {
    const [a, b, c] = await clients(3);
    await befriend(a, b);
    await befriend(a, c);
    const full = dataOf(await a.post('/friend/get_full_friend_user_ids', { userID: a.userID, idHash: 0 }));
    expect(full).toMatchObject({ equal: false, userIDs: [b.userID, c.userID] });
    const head = await incremental(a, '', 0);
    expect(full).toMatchObject({ version: head.version, versionID: head.versionID });
    const idHash = expectedHash([b.userID, c.userID]);
    const same = dataOf(await a.post('/friend/get_full_friend_user_ids', { userID: a.userID, idHash }));
    expect(same).toMatchObject({ equal: true, userIDs: null });
  });

  it('get_incremental_blacks answers the black-list changes since a version', async () => {
    const [a, x, y, z] = await clients(4);
    for (const u of [x, y]) dataOf(await a.post('/friend/add_black', { ownerUserID: a.userID, blackUserID: u.userID }));
    const head = dataOf(
      await a.post('/friend/get_incremental_blacks', { userID: a.userID, versionID: '', version: 0 }),
    );
    expect(head.full).toBe(true);
    dataOf(await a.post('/friend/remove_black', { ownerUserID: a.userID, blackUserID: x.userID }));
    dataOf(await a.post('/friend/add_black', { ownerUserID: a.userID, blackUserID: z.userID }));
    const since = dataOf(
      await a.post('/friend/get_incremental_blacks', {
        userID: a.userID,
        versionID: head.versionID,
        version: head.version,
      }),
    );
    expect(since).toMatchObject({ full: false, delete: [x.userID], update: [], version: head.version + 2 });
    expect(since.insert).toEqual([
      expect.objectContaining({ blackUserInfo: expect.objectContaining({ userID: z.userID }) }),
    ]);
  });

  it('a new nickname reaches every friend: an update in their log and 1209', async () => {
    const [a, b, c, stranger] = await clients(4);
    await befriend(a, c);
    await befriend(b, c);
    const heads = await Promise.all([a, b].map((u) => incremental(u, '', 0)));
    dataOf(await c.post('/user/update_user_info_ex', { userInfo: { userID: c.userID, nickname: 'Carol' } }));
    for (const [i, u] of [a, b].entries()) {
      const since = await incremental(u, heads[i].versionID, heads[i].version);
      expect(since.update).toEqual([
        expect.objectContaining({ friendUser: expect.objectContaining({ userID: c.userID, nickname: 'Carol' }) }),
      ]);
      const notice = await lastNotice(t, u.userID, c.userID, 1209);
      expect(notice?.msg).toMatchObject({ sendID: c.userID, recvID: u.userID });
      expect(notice?.tips).toEqual({ userID: c.userID });
    }
    expect(await lastNotice(t, stranger.userID, c.userID, 1209)).toBeUndefined();
    // a change of ex alone is not a profile change for friends
    const before = await incremental(a, '', 0);
    dataOf(await c.post('/user/update_user_info_ex', { userInfo: { userID: c.userID, ex: 'x' } }));
    expect((await incremental(a, before.versionID, before.version)).update).toEqual([]);
  });

  it('a user syncs only their own list (1002); an admin any', async () => {
    const [a, c] = await clients(2);
    const calls: [string, Record<string, unknown>][] = [
      ['/friend/get_incremental_friends', { userID: a.userID, versionID: '', version: 0 }],
      ['/friend/get_full_friend_user_ids', { userID: a.userID, idHash: 0 }],
    ];
    for (const [path, body] of calls) {
      expect({ path, errCode: (await c.post(path, body)).body.errCode }).toEqual({ path, errCode: 1002 });
      dataOf(await t.post(path, body, await t.adminToken()));
    }
  });

  it('/jssdk/get_conversations fills friend for a single chat with a friend', async () => {
    const [a, b] = await clients(2);
    await befriend(a, b);
    dataOf(await a.post('/friend/set_friend_remark', { ownerUserID: a.userID, friendUserID: b.userID, remark: 'B' }));
    await sendText(t, b.userID, a.userID, 'hello');
    const res = dataOf(await a.post('/jssdk/get_conversations', { conversationIDs: [si(a.userID, b.userID)] }));
    expect(res.conversations[0].friend).toEqual({
      ownerUserID: a.userID,
      friendUserID: b.userID,
      remark: 'B',
      createTime: expect.any(Number),
      addSource: 2,
      operatorUserID: a.userID,
      ex: '',
      isPinned: false,
    });
    // the same in protobuf, as the JS SDK asks for it
    const bytes = PbCoder.GetActiveConversationsReq.encode({ ownerUserID: a.userID, count: 10 }).finish();
    const pb = await request(t.app.getHttpServer() as App)
      .post('/jssdk/get_active_conversations')
      .set('operationID', 'friend-pb')
      .set('token', await userToken(t, a.userID))
      .set('Content-Type', 'application/x-protobuf')
      .send(Buffer.from(bytes));
    const decoded = PbCoder.GetActiveConversationsResp.decode(Buffer.from(dataOf(pb) as string, 'base64'));
    expect(decoded.conversations[0].friend).toMatchObject({ friendUserID: b.userID, remark: 'B', addSource: 2 });
  });
});
