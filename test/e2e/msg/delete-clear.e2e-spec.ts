import {
  chatOf,
  contentOf,
  createGroup,
  errOf,
  expectArgsError,
  newestSeqs,
  nOf,
  pullMsgs,
  readSeqs,
  registerUsers,
  sendGroupText,
  sendText,
  si,
  tipsOf,
  userToken,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

describe('delete_msgs, clear_conversation_msg, user_clear_all_msg', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const texts = async (user: string, cid: string) =>
    (await pullMsgs(t, user, cid)).map((m) => [m.seq, m.status, m.content ? contentOf(m) : '']);

  describe('delete_msgs', () => {
    it('by default hides the messages for the caller only, with no notification', async () => {
      const { a, b, cid, tb } = await chatOf(t, 3);
      const res = await t.post('/msg/delete_msgs', { userID: b, conversationID: cid, seqs: [2] }, tb);
      expect(res.body).toMatchObject({ errCode: 0 });
      expect(await texts(b, cid)).toEqual([
        [1, 2, { content: 'm1' }],
        [2, 4, ''],
        [3, 2, { content: 'm3' }],
      ]);
      expect((await texts(a, cid))[1]).toEqual([2, 2, { content: 'm2' }]);
      expect(Object.keys(await newestSeqs(t, b))).toEqual([cid]);
    });

    it("with IsSyncSelf tells the caller's devices with a 2102 in n_<user>_<user>", async () => {
      const { a, b, cid, tb } = await chatOf(t, 3);
      await t.post(
        '/msg/delete_msgs',
        { userID: b, conversationID: cid, seqs: [1, 3], deleteSyncOpt: { IsSyncSelf: true } },
        tb,
      );
      expect((await texts(b, cid)).map(([, status]) => status)).toEqual([4, 2, 4]);
      expect((await texts(a, cid)).map(([, status]) => status)).toEqual([2, 2, 2]);
      const own = await pullMsgs(t, b, `n_${b}_${b}`, 1, 10, tb);
      expect(own).toHaveLength(1);
      expect(own[0]).toMatchObject({ contentType: 2102, sendID: b, recvID: b });
      expect(tipsOf(own[0])).toEqual({ userID: b, conversationID: cid, seqs: [1, 3] });
      expect(await pullMsgs(t, a, nOf(cid))).toEqual([]);
    });

    it('with IsSyncOther removes them for both sides and tells the peer', async () => {
      const { a, b, cid, tb } = await chatOf(t, 3);
      await t.post(
        '/msg/delete_msgs',
        { userID: b, conversationID: cid, seqs: [2], deleteSyncOpt: { IsSyncOther: true } },
        tb,
      );
      for (const viewer of [a, b]) {
        const msgs = await pullMsgs(t, viewer, cid);
        expect(msgs.map((m) => [m.seq, m.status])).toEqual([
          [1, 2],
          [2, 4],
          [3, 2],
        ]);
        expect(msgs[1]).toMatchObject({ content: '', clientMsgID: '', sendID: '' });
      }
      const notes = await pullMsgs(t, a, nOf(cid));
      expect(notes.map((n) => [n.contentType, n.sendID, n.recvID])).toEqual([[2102, b, a]]);
      expect(tipsOf(notes[0])).toEqual({ userID: b, conversationID: cid, seqs: [2] });
    });

    it('refuses bad seqs (1001), other users (1002), no token (1005) and unknown conversations (1004)', async () => {
      const { a, b, cid, tb } = await chatOf(t, 2);
      const del = (body: object, token = tb) => t.post('/msg/delete_msgs', body, token);
      expectArgsError((await del({ userID: b, conversationID: cid, seqs: [0] })).body, 'seqs');
      expectArgsError((await del({ userID: b, conversationID: cid, seqs: [1, 1] })).body, 'seqs');
      expectArgsError((await del({ userID: b, conversationID: cid, seqs: [1, 2 ** 64] })).body, 'seqs');
      expectArgsError((await del({ userID: b, conversationID: cid, seqs: [] })).body, 'seqs');
      const many = Array.from({ length: 1001 }, (_, i) => i + 1);
      expectArgsError((await del({ userID: b, conversationID: cid, seqs: many })).body, 'seqs');
      expectArgsError(
        (await del({ userID: b, conversationID: cid, seqs: [1], deleteSyncOpt: { IsSyncOther: 'yes' } })).body,
        'IsSyncOther',
      );
      expect(errOf((await del({ userID: a, conversationID: cid, seqs: [1] })).body).errCode).toBe(1002);
      expect(errOf((await del({ userID: b, conversationID: 'si_x_y', seqs: [1] })).body).errCode).toBe(1004);
      const anonymous = await t.post('/msg/delete_msgs', { userID: b, conversationID: cid, seqs: [1] });
      expect(errOf(anonymous.body).errCode).toBe(1005);
      expect((await texts(b, cid)).map(([, status]) => status)).toEqual([2, 2]);
    });
  });

  describe('clear_conversation_msg', () => {
    it('hides the history for the caller only and leaves nothing unread; new messages show', async () => {
      const { a, b, cid, tb } = await chatOf(t, 3);
      const res = await t.post('/msg/clear_conversation_msg', { userID: b, conversationIDs: [cid, 'si_x_y'] }, tb);
      expect(res.body).toMatchObject({ errCode: 0 });
      expect(await pullMsgs(t, b, cid)).toEqual([]);
      expect((await readSeqs(t, b))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 3 });
      expect(await texts(a, cid)).toHaveLength(3);
      expect((await readSeqs(t, a))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 3 });

      await sendText(t, a, b, 'after');
      expect(await texts(b, cid)).toEqual([[4, 2, { content: 'after' }]]);
      expect(await texts(a, cid)).toHaveLength(4);
      expect((await readSeqs(t, b))[cid]).toMatchObject({ maxSeq: 4, hasReadSeq: 3 });
    });

    it('with IsSyncOther hides the history for both; new messages still show', async () => {
      const { a, b, cid, tb } = await chatOf(t, 2);
      await sendText(t, b, a, 'reply');
      await t.post(
        '/msg/clear_conversation_msg',
        { userID: b, conversationIDs: [cid], deleteSyncOpt: { IsSyncOther: true } },
        tb,
      );
      expect(await pullMsgs(t, b, cid)).toEqual([]);
      expect(await pullMsgs(t, a, cid)).toEqual([]);
      await sendText(t, b, a, 'fresh start');
      for (const viewer of [a, b]) expect(await texts(viewer, cid)).toEqual([[4, 2, { content: 'fresh start' }]]);
    });

    it('refuses other users (1002), no token (1005) and a missing list (1001)', async () => {
      const { a, b, cid, tb } = await chatOf(t, 1);
      const clear = (body: object, token = tb) => t.post('/msg/clear_conversation_msg', body, token);
      expect(errOf((await clear({ userID: a, conversationIDs: [cid] })).body).errCode).toBe(1002);
      expectArgsError((await clear({ userID: b })).body, 'conversationIDs');
      expectArgsError((await clear({ userID: b, conversationIDs: [] })).body, 'conversationIDs');
      const many = Array.from({ length: 1001 }, (_, i) => `si_${i}`);
      expectArgsError((await clear({ userID: b, conversationIDs: many })).body, 'conversationIDs');
      const anonymous = await t.post('/msg/clear_conversation_msg', { userID: b, conversationIDs: [cid] });
      expect(errOf(anonymous.body).errCode).toBe(1005);
      expect(await pullMsgs(t, b, cid)).toHaveLength(1);
    });
  });

  describe('user_clear_all_msg', () => {
    it("hides every conversation's history for the caller only, groups included", async () => {
      const [a, b, c] = (await registerUsers(t, 3)).map((u) => u.userID);
      await sendText(t, a, b, 'a→b');
      await sendText(t, c, b, 'c→b');
      const groupID = await createGroup(t, a, [b, c]);
      await sendGroupText(t, c, groupID, 'in group');
      const [ab, cb, g] = [si(a, b), si(c, b), `sg_${groupID}`];
      const tb = await userToken(t, b);
      expect(errOf((await t.post('/msg/user_clear_all_msg', { userID: a }, tb)).body).errCode).toBe(1002);
      expect(errOf((await t.post('/msg/user_clear_all_msg', { userID: b })).body).errCode).toBe(1005);
      expectArgsError((await t.post('/msg/user_clear_all_msg', {}, tb)).body, 'userID');

      expect((await t.post('/msg/user_clear_all_msg', { userID: b }, tb)).body).toMatchObject({ errCode: 0 });
      for (const cid of [ab, cb, g]) expect(await pullMsgs(t, b, cid)).toEqual([]);
      const state = await readSeqs(t, b);
      for (const cid of [ab, cb, g]) expect(state[cid].maxSeq - state[cid].hasReadSeq).toBe(0);
      expect(await pullMsgs(t, a, ab)).toHaveLength(1);
      expect(await pullMsgs(t, c, cb)).toHaveLength(1);
      expect(await pullMsgs(t, a, g)).toHaveLength(1);
    });

    it('with IsSyncOther clears the history of everyone in those conversations', async () => {
      const { a, b, cid, tb } = await chatOf(t, 2);
      await t.post('/msg/user_clear_all_msg', { userID: b, deleteSyncOpt: { IsSyncOther: true } }, tb);
      expect(await pullMsgs(t, a, cid)).toEqual([]);
      expect(await pullMsgs(t, b, cid)).toEqual([]);
    });
  });

  describe('physical deletion (admin)', () => {
    it('delete_msg_phsical_by_seq removes the seqs for everyone', async () => {
      const { a, b, cid, tb } = await chatOf(t, 3);
      const admin = await t.adminToken();
      const del = (body: object, token = admin) => t.post('/msg/delete_msg_phsical_by_seq', body, token);
      expect(errOf((await del({ conversationID: cid, seqs: [1] }, tb)).body).errCode).toBe(1002);
      expect(errOf((await t.post('/msg/delete_msg_phsical_by_seq', { conversationID: cid, seqs: [1] })).body)).toEqual({
        errCode: 1005,
        errDlt: expect.any(String),
      });
      expectArgsError((await del({ conversationID: cid, seqs: [0] })).body, 'seqs');
      expectArgsError((await del({ seqs: [1] })).body, 'conversationID');
      expectArgsError((await del({ conversationID: cid, seqs: [2 ** 64] })).body, 'seqs');
      expect((await texts(b, cid)).map(([, status]) => status)).toEqual([2, 2, 2]);

      expect((await del({ conversationID: cid, seqs: [1, 3] })).body).toMatchObject({ errCode: 0 });
      for (const viewer of [a, b]) expect((await texts(viewer, cid)).map(([, status]) => status)).toEqual([4, 2, 4]);
      expect(await pullMsgs(t, a, nOf(cid))).toEqual([]);
    });

    it('delete_msg_physical removes the messages sent before the timestamp in the listed conversations', async () => {
      const [a, b, c] = (await registerUsers(t, 3)).map((u) => u.userID);
      const old = Date.now() - 2 * 86_400_000;
      await sendText(t, a, b, 'old 1', { sendTime: old });
      await sendText(t, a, b, 'old 2', { sendTime: old + 1000 });
      await sendText(t, a, b, 'new');
      await sendText(t, a, c, 'old elsewhere', { sendTime: old });
      const admin = await t.adminToken();
      const cutoff = Date.now() - 86_400_000;
      const [ab, ac] = [si(a, b), si(a, c)];
      const tb = await userToken(t, b);
      expect(
        errOf((await t.post('/msg/delete_msg_physical', { conversationIDs: [ab], timestamp: cutoff }, tb)).body)
          .errCode,
      ).toBe(1002);
      expectArgsError((await t.post('/msg/delete_msg_physical', { conversationIDs: [ab] }, admin)).body, 'timestamp');
      const tooLate = await t.post('/msg/delete_msg_physical', { conversationIDs: [ab], timestamp: 2 ** 64 }, admin);
      expectArgsError(tooLate.body, 'timestamp');
      expect(await texts(b, ab)).toHaveLength(3);

      const res = await t.post('/msg/delete_msg_physical', { conversationIDs: [ab], timestamp: cutoff }, admin);
      expect(res.body).toMatchObject({ errCode: 0 });
      for (const viewer of [a, b]) expect(await texts(viewer, ab)).toEqual([[3, 2, { content: 'new' }]]);
      expect(await texts(c, ac)).toEqual([[1, 2, { content: 'old elsewhere' }]]);
    });
  });
});
