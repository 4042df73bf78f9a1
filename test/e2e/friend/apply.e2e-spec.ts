import {
  errOf,
  expectArgsError,
  pullMsgs,
  registerUsers,
  si,
  tipsOf,
  uniqueID,
  userToken,
} from '../../helpers/fixtures';
import request from 'supertest';
import type { App } from 'supertest/types';
import { MESSAGE_STORED, MessageEvent } from '../../../src/infra/events/domain-events';
import { EventBus } from '../../../src/infra/events/event-bus';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { befriend, Client, clientOf, dataOf, friendIDs, lastNotice } from './friend-helpers';

const page = { pageNumber: 1, showNumber: 10 };

describe('friend applications', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  async function clients(n: number): Promise<Client[]> {
    const users = await registerUsers(t, n);
    return Promise.all(users.map((u) => clientOf(t, u.userID)));
  }

  it('add_friend stores a pending application that both sides list, and notifies the target (1203)', async () => {
    const [a, b] = await clients(2);
    dataOf(await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID, reqMsg: 'hi', ex: 'x' }));
    const toB = dataOf(await b.post('/friend/get_friend_apply_list', { userID: b.userID, pagination: page }));
    expect(toB.total).toBe(1);
    expect(toB.FriendRequests).toEqual([
      {
        fromUserID: a.userID,
        fromNickname: `nick-${a.userID}`,
        fromFaceURL: '',
        toUserID: b.userID,
        toNickname: `nick-${b.userID}`,
        toFaceURL: '',
        handleResult: 0,
        reqMsg: 'hi',
        createTime: expect.any(Number),
        handlerUserID: '',
        handleMsg: '',
        handleTime: 0,
        ex: 'x',
      },
    ]);
    const fromA = dataOf(await a.post('/friend/get_self_friend_apply_list', { userID: a.userID, pagination: page }));
    expect(fromA).toEqual({ friendRequests: toB.FriendRequests, total: 1 });
    expect(dataOf(await b.post('/friend/get_self_unhandled_apply_count', { userID: b.userID }))).toEqual({ count: 1 });
    const designated = dataOf(
      await b.post('/friend/get_designated_friend_apply', { fromUserID: a.userID, toUserID: b.userID }),
    );
    expect(designated.friendRequests).toEqual(toB.FriendRequests);

    const notice = await lastNotice(t, b.userID, a.userID, 1203);
    expect(notice?.msg).toMatchObject({ sendID: a.userID, recvID: b.userID, sessionType: 1, msgFrom: 200 });
    expect(notice?.tips).toEqual({
      fromToUserID: { fromUserID: a.userID, toUserID: b.userID },
      request: toB.FriendRequests[0],
    });
  });

  it('applying again renews the application instead of adding one', async () => {
    const [a, b] = await clients(2);
    await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID, reqMsg: 'first' });
    dataOf(await b.post('/friend/add_friend_response', { fromUserID: a.userID, toUserID: b.userID, handleResult: -1 }));
    dataOf(await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID, reqMsg: 'second' }));
    const toB = dataOf(await b.post('/friend/get_friend_apply_list', { userID: b.userID, pagination: page }));
    expect(toB.total).toBe(1);
    expect(toB.FriendRequests[0]).toMatchObject({ reqMsg: 'second', handleResult: 0, handleMsg: '', handleTime: 0 });
  });

  it('agreeing makes both friends, leaves the visible 1201 in the chat, and agrees the reverse application', async () => {
    const [a, b] = await clients(2);
    await b.post('/friend/add_friend', { fromUserID: b.userID, toUserID: a.userID });
    await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID });
    dataOf(
      await b.post('/friend/add_friend_response', {
        fromUserID: a.userID,
        toUserID: b.userID,
        handleResult: 1,
        handleMsg: 'welcome',
      }),
    );
    expect(await friendIDs(a)).toEqual([b.userID]);
    expect(await friendIDs(b)).toEqual([a.userID]);
    const both = dataOf(
      await a.post('/friend/get_designated_friend_apply', { fromUserID: a.userID, toUserID: b.userID }),
    );
    expect(both.friendRequests).toHaveLength(2);
    for (const r of both.friendRequests) expect(r).toMatchObject({ handleResult: 1, handlerUserID: b.userID });
    expect(dataOf(await b.post('/friend/get_self_unhandled_apply_count', { userID: b.userID })).count).toBe(0);

    const notice = await lastNotice(t, a.userID, b.userID, 1201);
    expect(notice?.msg).toMatchObject({ sendID: b.userID, recvID: a.userID });
    expect(notice?.tips).toMatchObject({
      fromToUserID: { fromUserID: a.userID, toUserID: b.userID },
      handleMsg: 'welcome',
      friendVersion: expect.any(Number),
      friendVersionID: expect.stringMatching(/^[0-9a-f]{24}$/),
      request: { fromUserID: a.userID, toUserID: b.userID, handleResult: 1 },
    });
    // the "you are now friends" message in the single chat
    const chat = await pullMsgs(t, a.userID, si(a.userID, b.userID));
    expect(chat.map((m) => m.contentType)).toEqual([1201]);
    expect(tipsOf(chat[0])).toEqual(notice?.tips);
  });

  it('refusing notifies the applicant (1202); handling twice answers 1305', async () => {
    const [a, b] = await clients(2);
    await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID });
    const refuse = { fromUserID: a.userID, toUserID: b.userID, handleResult: -1, handleMsg: 'no' };
    dataOf(await b.post('/friend/add_friend_response', refuse));
    expect(await friendIDs(a)).toEqual([]);
    const notice = await lastNotice(t, a.userID, b.userID, 1202);
    expect(notice?.tips).toMatchObject({ handleMsg: 'no', request: { handleResult: -1, handleMsg: 'no' } });
    expect(errOf((await b.post('/friend/add_friend_response', refuse)).body).errCode).toBe(1305);
    const agree = { ...refuse, handleResult: 1 };
    expect(errOf((await b.post('/friend/add_friend_response', agree)).body).errCode).toBe(1305);
  });

  it('refuses yourself (1301), existing friends (1304), unknown users (1003), missing applications (1004)', async () => {
    const [a, b, c] = await clients(3);
    expect(errOf((await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: a.userID })).body).errCode).toBe(
      1301,
    );
    await befriend(a, b);
    expect(errOf((await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID })).body).errCode).toBe(
      1304,
    );
    const ghost = uniqueID('ghost');
    expect(errOf((await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: ghost })).body).errCode).toBe(
      1003,
    );
    const none = { fromUserID: c.userID, toUserID: a.userID, handleResult: 1 };
    expect(errOf((await a.post('/friend/add_friend_response', none)).body).errCode).toBe(1004);
  });

  it('handleResult other than 1 and -1 is 1001 naming it; missing fields are named', async () => {
    const [a, b] = await clients(2);
    await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID });
    for (const handleResult of [0, 2, -2]) {
      const res = await b.post('/friend/add_friend_response', {
        fromUserID: a.userID,
        toUserID: b.userID,
        handleResult,
      });
      expectArgsError(res.body, 'handleResult');
    }
    expectArgsError((await a.post('/friend/add_friend', { fromUserID: a.userID })).body, 'toUserID');
    expectArgsError((await b.post('/friend/get_friend_apply_list', { userID: b.userID })).body, 'pagination');
    const badPage = { userID: b.userID, pagination: { pageNumber: 0, showNumber: 10 } };
    expectArgsError((await b.post('/friend/get_friend_apply_list', badPage)).body, 'pageNumber');
  });

  it('a user acts only for themself (1002); an admin for anyone', async () => {
    const [a, b, c] = await clients(3);
    const apply = { fromUserID: a.userID, toUserID: b.userID };
    expect(errOf((await c.post('/friend/add_friend', apply)).body).errCode).toBe(1002);
    dataOf(await t.post('/friend/add_friend', apply, admin));
    const respond = { ...apply, handleResult: 1 };
    expect(errOf((await a.post('/friend/add_friend_response', respond)).body).errCode).toBe(1002);
    expect(errOf((await c.post('/friend/get_friend_apply_list', { userID: b.userID, pagination: page })).body)).toEqual(
      expect.objectContaining({ errCode: 1002 }),
    );
    expect(errOf((await c.post('/friend/get_designated_friend_apply', apply)).body).errCode).toBe(1002);
    const fromA = { userID: a.userID, pagination: page };
    expect(errOf((await c.post('/friend/get_self_friend_apply_list', fromA)).body).errCode).toBe(1002);
    expect(errOf((await c.post('/friend/get_self_unhandled_apply_count', { userID: b.userID })).body).errCode).toBe(
      1002,
    );
    dataOf(await t.post('/friend/add_friend_response', respond, admin));
    expect(await friendIDs(a)).toEqual([b.userID]);
  });

  it('lists filter by handleResults, page newest first, and count only after `time`', async () => {
    const [target, ...applicants] = await clients(4);
    for (const a of applicants) {
      await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: target.userID });
      // distinct creation times, so that "newest first" has one answer
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const respond = { fromUserID: applicants[0].userID, toUserID: target.userID, handleResult: -1 };
    dataOf(await target.post('/friend/add_friend_response', respond));
    const list = (body: Record<string, unknown>) =>
      target.post('/friend/get_friend_apply_list', { userID: target.userID, ...body });
    const all = dataOf(await list({ pagination: page }));
    expect(all.total).toBe(3);
    expect(all.FriendRequests.map((r: { fromUserID: string }) => r.fromUserID)).toEqual(
      applicants.map((a) => a.userID).reverse(),
    );
    const pending = dataOf(await list({ pagination: page, handleResults: [0] }));
    expect(pending.total).toBe(2);
    const second = dataOf(await list({ pagination: { pageNumber: 2, showNumber: 2 } }));
    expect(second).toMatchObject({ total: 3 });
    expect(second.FriendRequests).toHaveLength(1);
    const newest = all.FriendRequests[0].createTime as number;
    const count = (time: number) =>
      target.post('/friend/get_self_unhandled_apply_count', { userID: target.userID, time });
    expect(dataOf(await count(0)).count).toBe(2);
    expect(dataOf(await count(newest)).count).toBe(0);
  });

  it('the pushed notifications carry the operationID of the REST call that caused them', async () => {
    const [a, b] = await clients(2);
    const stored: MessageEvent[] = [];
    t.app.get(EventBus).on(MESSAGE_STORED, (e) => {
      if (e.msg.sendID === a.userID || e.msg.sendID === b.userID) stored.push(e);
    });
    const server = t.app.getHttpServer() as App;
    const apply = await request(server)
      .post('/friend/add_friend')
      .set('operationID', 'op-apply-1')
      .set('token', await userToken(t, a.userID))
      .send({ fromUserID: a.userID, toUserID: b.userID });
    dataOf(apply);
    const accept = await request(server)
      .post('/friend/add_friend_response')
      .set('operationID', 'op-accept-1')
      .set('token', await userToken(t, b.userID))
      .send({ fromUserID: a.userID, toUserID: b.userID, handleResult: 1 });
    dataOf(accept);
    const byType = (type: number) => stored.filter((e) => e.msg.contentType === type).map((e) => e.operationID);
    expect(byType(1203)).toEqual(['op-apply-1']);
    // the notification and its visible copy in the chat
    expect(byType(1201)).toEqual(['op-accept-1', 'op-accept-1']);
  });
});
