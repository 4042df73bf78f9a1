import request from 'supertest';
import type { App } from 'supertest/types';
import {
  contentOf,
  createGroup,
  errOf,
  expectArgsError,
  expectOk,
  newestSeqs,
  nOf,
  pullMsgs,
  registerUsers,
  sendText,
  si,
  tipsOf,
  uniqueID,
  userToken,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

describe('admin sends: batch_send_msg, send_business_notification, check_msg_is_send_success, get_server_time', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const textMsg = (sendID: string, text: string) => ({
    sendID,
    senderPlatformID: 1,
    content: { content: text },
    contentType: 101,
    sessionType: 1,
  });

  describe('batch_send_msg', () => {
    it('sends one message per recipient; unknown recipients are listed in failedUserIDs', async () => {
      const [a, b, c] = (await registerUsers(t, 3)).map((u) => u.userID);
      const ghost = uniqueID('ghost');
      const res = await t.post(
        '/msg/batch_send_msg',
        { sendMsg: textMsg(a, 'to all of you'), recvIDs: [b, ghost, c] },
        admin,
      );
      expectOk(res.body);
      const data = res.body.data as { results: { recvID: string; clientMsgID: string }[]; failedUserIDs: string[] };
      expect(data.failedUserIDs).toEqual([ghost]);
      expect(data.results.map((r) => r.recvID).sort()).toEqual([b, c].sort());
      expect(new Set(data.results.map((r) => r.clientMsgID)).size).toBe(2);
      for (const r of data.results) {
        expect(r).toEqual({
          recvID: r.recvID,
          serverMsgID: expect.stringMatching(/^[0-9a-f]{32}$/),
          clientMsgID: expect.any(String),
          sendTime: expect.any(Number),
        });
        const [msg] = await pullMsgs(t, r.recvID, si(a, r.recvID));
        expect(msg).toMatchObject({ seq: 1, sendID: a, recvID: r.recvID, clientMsgID: r.clientMsgID });
        expect(contentOf(msg)).toEqual({ content: 'to all of you' });
      }
    });

    it('with isSendAll reaches every registered user but the sender', async () => {
      const [a, x, y] = (await registerUsers(t, 3)).map((u) => u.userID);
      const res = await t.post('/msg/batch_send_msg', { sendMsg: textMsg(a, 'announcement'), isSendAll: true }, admin);
      expectOk(res.body);
      const data = res.body.data as { results: { recvID: string }[]; failedUserIDs: string[] };
      const reached = data.results.map((r) => r.recvID);
      expect(reached).toEqual(expect.arrayContaining([x, y]));
      expect(reached).not.toContain(a);
      expect(data.failedUserIDs).toEqual([]);
      for (const user of [x, y]) {
        expect(contentOf((await pullMsgs(t, user, si(a, user)))[0])).toEqual({
          content: 'announcement',
        });
      }
    });

    it('needs recvIDs unless isSendAll (1001), a valid message (1001), the admin (1002) and a token (1005)', async () => {
      const [a, b] = (await registerUsers(t, 2)).map((u) => u.userID);
      expectArgsError((await t.post('/msg/batch_send_msg', { sendMsg: textMsg(a, 'x') }, admin)).body, 'recvIDs');
      expectArgsError(
        (await t.post('/msg/batch_send_msg', { sendMsg: textMsg(a, 'x'), isSendAll: false, recvIDs: [] }, admin)).body,
        'recvIDs',
      );
      expectArgsError(
        (await t.post('/msg/batch_send_msg', { sendMsg: { ...textMsg(a, 'x'), contentType: 0 }, recvIDs: [b] }, admin))
          .body,
        'contentType',
      );
      const farFuture = { sendMsg: { ...textMsg(a, 'x'), sendTime: 2 ** 64 }, recvIDs: [b] };
      expectArgsError((await t.post('/msg/batch_send_msg', farFuture, admin)).body, 'sendTime');
      const tb = await userToken(t, a);
      expect(
        errOf((await t.post('/msg/batch_send_msg', { sendMsg: textMsg(a, 'x'), recvIDs: [b] }, tb)).body).errCode,
      ).toBe(1002);
      expect(
        errOf((await t.post('/msg/batch_send_msg', { sendMsg: textMsg(a, 'x'), recvIDs: [b] })).body).errCode,
      ).toBe(1005);
      expect(await newestSeqs(t, b)).toEqual({});
    });
  });

  describe('send_business_notification', () => {
    const notify = (body: Record<string, unknown>, token = admin) =>
      t.post('/msg/send_business_notification', body, token);

    it('with reliabilityLevel 2 stores a 2001 {key, data} in the n_ stream of the chat', async () => {
      const [a, b, stranger] = (await registerUsers(t, 3)).map((u) => u.userID);
      const res = await notify({ sendUserID: a, recvUserID: b, key: 'order', data: '{"id":7}', reliabilityLevel: 2 });
      expectOk(res.body);
      const stream = nOf(si(a, b));
      const [note] = await pullMsgs(t, b, stream, 1, 10, await userToken(t, b));
      expect(note).toMatchObject({
        seq: 1,
        contentType: 2001,
        sendID: a,
        recvID: b,
        sessionType: 1,
        clientMsgID: res.body.data.clientMsgID,
      });
      expect(tipsOf(note)).toEqual({ key: 'order', data: '{"id":7}' });
      // not a chat message: nothing visible in the chat itself
      expect(await newestSeqs(t, b)).toEqual({});
      // and nobody else's to read
      expect(await pullMsgs(t, stranger, stream)).toEqual([]);
    });

    it('by default (level 1) is pushed only; with sendMsg a visible copy lands in the chat', async () => {
      const [a, b] = (await registerUsers(t, 2)).map((u) => u.userID);
      await sendText(t, a, b, 'hi');
      expectOk((await notify({ sendUserID: a, recvUserID: b, key: 'k1', data: 'd1' })).body);
      expect(await newestSeqs(t, b)).toEqual({ [si(a, b)]: 1 });

      expectOk((await notify({ sendUserID: a, recvUserID: b, key: 'k2', data: 'd2', sendMsg: true })).body);
      const msgs = await pullMsgs(t, b, si(a, b));
      expect(msgs.map((m) => m.contentType)).toEqual([101, 2001]);
      expect(tipsOf(msgs[1])).toEqual({ key: 'k2', data: 'd2' });
    });

    it('to a group: stored in n_<group> for every member', async () => {
      const [owner, member] = (await registerUsers(t, 2)).map((u) => u.userID);
      const groupID = await createGroup(t, owner, [member]);
      await t.post('/msg/send_msg', { sendMsg: { ...textMsg(owner, 'hi'), sessionType: 3, groupID } }, admin);
      const res = await notify({
        sendUserID: owner,
        recvGroupID: groupID,
        key: 'poll',
        data: 'open',
        reliabilityLevel: 2,
      });
      expectOk(res.body);
      const [note] = await pullMsgs(t, member, `n_${groupID}`);
      expect(note).toMatchObject({ contentType: 2001, sendID: owner, groupID, sessionType: 3 });
      expect(tipsOf(note)).toEqual({ key: 'poll', data: 'open' });
    });

    it('needs exactly one of recvUserID and recvGroupID (1001), known targets, the admin and a token', async () => {
      const [a, b] = (await registerUsers(t, 2)).map((u) => u.userID);
      const groupID = await createGroup(t, a, [b]);
      const both = await notify({ sendUserID: a, recvUserID: b, recvGroupID: groupID, reliabilityLevel: 2 });
      expect(errOf(both.body).errCode).toBe(1001);
      expect(errOf((await notify({ sendUserID: a, reliabilityLevel: 2 })).body).errCode).toBe(1001);
      expectArgsError((await notify({ recvUserID: b })).body, 'sendUserID');
      expectArgsError((await notify({ sendUserID: a, recvUserID: b, reliabilityLevel: 0 })).body, 'reliabilityLevel');
      expect(errOf((await notify({ sendUserID: a, recvUserID: 'ghost', reliabilityLevel: 2 })).body).errCode).toBe(
        1003,
      );
      expect(errOf((await notify({ sendUserID: a, recvGroupID: 'ghost', reliabilityLevel: 2 })).body).errCode).toBe(
        1004,
      );
      const tb = await userToken(t, b);
      expect(errOf((await notify({ sendUserID: a, recvUserID: b, reliabilityLevel: 2 }, tb)).body).errCode).toBe(1002);
      const anonymous = await t.post('/msg/send_business_notification', { sendUserID: a, recvUserID: b });
      expect(errOf(anonymous.body).errCode).toBe(1005);
      expect(await newestSeqs(t, b)).toEqual({});
    });
  });

  describe('check_msg_is_send_success and get_server_time', () => {
    const withOperationID = (path: string, body: object, operationID: string, token: string) =>
      request(t.app.getHttpServer() as App)
        .post(path)
        .set('operationID', operationID)
        .set('token', token)
        .send(body);

    it('answers 2 for the operationID of a successful send and 0 for an unknown one', async () => {
      const [a, b] = (await registerUsers(t, 2)).map((u) => u.userID);
      const op = `op-${uniqueID()}`;
      expectOk((await withOperationID('/msg/send_msg', { recvID: b, sendMsg: textMsg(a, 'x') }, op, admin)).body);
      const ta = await userToken(t, a);
      const known = await withOperationID('/msg/check_msg_is_send_success', {}, op, ta);
      expect(known.body).toMatchObject({ errCode: 0, data: { status: 2 } });
      const unknown = await withOperationID('/msg/check_msg_is_send_success', {}, `op-${uniqueID()}`, ta);
      expect(unknown.body).toMatchObject({ errCode: 0, data: { status: 0 } });
      // a failed send records no success
      const failedOp = `op-${uniqueID()}`;
      const failed = await withOperationID(
        '/msg/send_msg',
        { recvID: 'ghost', sendMsg: textMsg(a, 'x') },
        failedOp,
        admin,
      );
      expect(errOf(failed.body).errCode).toBe(1003);
      const afterFailure = await withOperationID('/msg/check_msg_is_send_success', {}, failedOp, ta);
      expect(afterFailure.body.data.status).not.toBe(2);
      expect(errOf((await t.post('/msg/check_msg_is_send_success', {})).body).errCode).toBe(1005);
    });

    it('get_server_time is the current time in ms', async () => {
      const [a] = await registerUsers(t, 1);
      const res = await t.post('/msg/get_server_time', {}, await userToken(t, a.userID));
      expectOk(res.body);
      expect(Math.abs((res.body.data as { serverTime: number }).serverTime - Date.now())).toBeLessThan(1000);
      expect(errOf((await t.post('/msg/get_server_time', {})).body).errCode).toBe(1005);
    });
  });
});
