import { sql } from 'drizzle-orm';
import { DatabaseService, dbHandle } from '../../../src/infra/database/database.service';
import {
  chatOf,
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
  tipsOf,
  userToken,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

describe('read state: mark_msgs_as_read, mark_conversation_as_read, set_conversation_has_read_seq', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('mark_msgs_as_read: the last seq becomes the read position, the messages read, the peer gets a 2200', async () => {
    const { a, b, cid, tb } = await chatOf(t, 3);
    expect((await readSeqs(t, b))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 0 });
    const res = await t.post('/msg/mark_msgs_as_read', { userID: b, conversationID: cid, seqs: [1, 2] }, tb);
    expect(res.body).toMatchObject({ errCode: 0 });
    expect((await readSeqs(t, b))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 2 });

    for (const viewer of [a, b]) {
      const msgs = await pullMsgs(t, viewer, cid);
      expect(msgs.map((m) => [m.seq, m.isRead])).toEqual([
        [1, true],
        [2, true],
        [3, false],
      ]);
    }
    const receipts = await pullMsgs(t, a, nOf(cid));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ seq: 1, contentType: 2200, sendID: b, recvID: a, sessionType: 1 });
    expect(tipsOf(receipts[0])).toEqual({ markAsReadUserID: b, conversationID: cid, seqs: [1, 2], hasReadSeq: 2 });
    expect((await newestSeqs(t, a))[nOf(cid)]).toBe(1);

    // an earlier seq does not move the read position back
    await t.post('/msg/mark_msgs_as_read', { userID: b, conversationID: cid, seqs: [1] }, tb);
    expect((await readSeqs(t, b))[cid].hasReadSeq).toBe(2);
  });

  it("mark_msgs_as_read: a reader's own message is not marked read by them", async () => {
    const { a, b, cid, tb } = await chatOf(t, 1);
    await sendText(t, b, a, 'reply');
    const ta = await userToken(t, a);
    await t.post('/msg/mark_msgs_as_read', { userID: b, conversationID: cid, seqs: [1, 2] }, tb);
    const msgs = await pullMsgs(t, a, cid, 1, 2, ta);
    expect(msgs.map((m) => [m.sendID, m.isRead])).toEqual([
      [a, true],
      [b, false],
    ]);
  });

  it('mark_msgs_as_read refuses a seq past the max (1001), an unknown conversation (1004) and bad input', async () => {
    const { a, b, cid, tb } = await chatOf(t, 2);
    const mark = (body: object, token = tb) => t.post('/msg/mark_msgs_as_read', body, token);
    expect(errOf((await mark({ userID: b, conversationID: cid, seqs: [1, 3] })).body).errCode).toBe(1001);
    expect(errOf((await mark({ userID: b, conversationID: `${cid}x`, seqs: [1] })).body).errCode).toBe(1004);
    expectArgsError((await mark({ userID: b, conversationID: cid, seqs: [0, 1] })).body, 'seqs');
    expectArgsError((await mark({ userID: b, conversationID: cid, seqs: [] })).body, 'seqs');
    const many = Array.from({ length: 1001 }, (_, i) => i + 1);
    expectArgsError((await mark({ userID: b, conversationID: cid, seqs: many })).body, 'seqs');
    expectArgsError((await mark({ userID: b, seqs: [1] })).body, 'conversationID');
    expect(errOf((await mark({ userID: a, conversationID: cid, seqs: [1] })).body).errCode).toBe(1002);
    const anonymous = await t.post('/msg/mark_msgs_as_read', { userID: b, conversationID: cid, seqs: [1] });
    expect(errOf(anonymous.body).errCode).toBe(1005);
    // nothing of that was applied
    expect((await readSeqs(t, b))[cid].hasReadSeq).toBe(0);
    expect(await pullMsgs(t, a, nOf(cid))).toEqual([]);
  });

  it('mark_conversation_as_read clamps to the max seq, leaves nothing unread and tells the peer', async () => {
    const { a, b, cid, tb } = await chatOf(t, 3);
    await t.post('/msg/mark_msgs_as_read', { userID: b, conversationID: cid, seqs: [1] }, tb);
    const res = await t.post('/msg/mark_conversation_as_read', { userID: b, conversationID: cid, hasReadSeq: 99 }, tb);
    expect(res.body).toMatchObject({ errCode: 0 });
    const state = (await readSeqs(t, b))[cid];
    expect(state).toMatchObject({ maxSeq: 3, hasReadSeq: 3 });
    expect(state.maxSeq - state.hasReadSeq).toBe(0);
    expect((await pullMsgs(t, a, cid)).every((m) => m.isRead)).toBe(true);
    const receipts = await pullMsgs(t, a, nOf(cid));
    expect(receipts.map((m) => m.contentType)).toEqual([2200, 2200]);
    expect(tipsOf(receipts[1])).toEqual({ markAsReadUserID: b, conversationID: cid, seqs: [2, 3], hasReadSeq: 3 });
  });

  it('mark_conversation_as_read reads a backlog longer than one SQL statement takes parameters for', async () => {
    const { a, b, cid, tb } = await chatOf(t, 1);
    // 70 000 seqs, as after a long spam run; only seq 1 is still stored
    await dbHandle(t.app.get(DatabaseService)).execute(
      sql`UPDATE seq_conversations SET max_seq = 70000 WHERE conversation_id = ${cid}`,
    );
    const res = await t.post(
      '/msg/mark_conversation_as_read',
      { userID: b, conversationID: cid, hasReadSeq: 70000 },
      tb,
    );
    expect(res.body).toMatchObject({ errCode: 0 });
    expect((await readSeqs(t, b))[cid]).toMatchObject({ maxSeq: 70000, hasReadSeq: 70000 });
    expect((await pullMsgs(t, a, cid, 1, 1))[0].isRead).toBe(true);
  }, 30_000);

  it('mark_conversation_as_read refuses bad input, other users and unknown conversations', async () => {
    const { a, b, cid, tb } = await chatOf(t, 1);
    const mark = (body: object, token = tb) => t.post('/msg/mark_conversation_as_read', body, token);
    expectArgsError((await mark({ userID: b, conversationID: cid, hasReadSeq: 0 })).body, 'hasReadSeq');
    expectArgsError((await mark({ userID: b, conversationID: cid, hasReadSeq: 1, seqs: [0] })).body, 'seqs');
    expectArgsError((await mark({ userID: b, conversationID: cid, hasReadSeq: 1, seqs: [2 ** 64] })).body, 'seqs');
    expectArgsError((await mark({ userID: b, conversationID: cid })).body, 'hasReadSeq');
    expect(errOf((await mark({ userID: b, conversationID: 'si_x_y', hasReadSeq: 1 })).body).errCode).toBe(1004);
    expect(errOf((await mark({ userID: a, conversationID: cid, hasReadSeq: 1 })).body).errCode).toBe(1002);
    const anonymous = await t.post('/msg/mark_conversation_as_read', { userID: b, conversationID: cid, hasReadSeq: 1 });
    expect(errOf(anonymous.body).errCode).toBe(1005);
    expect((await readSeqs(t, b))[cid].hasReadSeq).toBe(0);
  });

  it('set_conversation_has_read_seq may lower the read position but not pass the max seq', async () => {
    const { a, b, cid, tb } = await chatOf(t, 3);
    const set = (body: object, token = tb) => t.post('/msg/set_conversation_has_read_seq', body, token);
    expect((await set({ userID: b, conversationID: cid, hasReadSeq: 3 })).body).toMatchObject({ errCode: 0 });
    expect((await readSeqs(t, b))[cid].hasReadSeq).toBe(3);
    expect((await set({ userID: b, conversationID: cid, hasReadSeq: 1 })).body).toMatchObject({ errCode: 0 });
    expect((await readSeqs(t, b))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 1 });

    expect(errOf((await set({ userID: b, conversationID: cid, hasReadSeq: 4 })).body).errCode).toBe(1001);
    expectArgsError((await set({ userID: b, conversationID: cid, hasReadSeq: 0 })).body, 'hasReadSeq');
    expect(errOf((await set({ userID: b, conversationID: 'si_x_y', hasReadSeq: 1 })).body).errCode).toBe(1004);
    expect(errOf((await set({ userID: a, conversationID: cid, hasReadSeq: 1 })).body).errCode).toBe(1002);
    const anonymous = await t.post('/msg/set_conversation_has_read_seq', {
      userID: b,
      conversationID: cid,
      hasReadSeq: 2,
    });
    expect(errOf(anonymous.body).errCode).toBe(1005);
    expect((await readSeqs(t, b))[cid].hasReadSeq).toBe(1);
    // it tells only the reader's own devices: nothing is stored for the peer
    expect(await pullMsgs(t, a, nOf(cid))).toEqual([]);
  });

  it("unread is maxSeq − hasReadSeq; a sender's own messages never count for them", async () => {
    const { a, b, cid, tb } = await chatOf(t, 2);
    await sendText(t, b, a, 'r1');
    await sendText(t, a, b, 'm3');
    await sendText(t, a, b, 'm4');
    const unread = async (user: string) => {
      const s = (await readSeqs(t, user))[cid];
      return s.maxSeq - s.hasReadSeq;
    };
    expect((await readSeqs(t, a))[cid]).toMatchObject({ maxSeq: 5, hasReadSeq: 5 });
    expect(await unread(a)).toBe(0);
    expect((await readSeqs(t, b))[cid]).toMatchObject({ maxSeq: 5, hasReadSeq: 3 });
    expect(await unread(b)).toBe(2);
    await t.post('/msg/mark_msgs_as_read', { userID: b, conversationID: cid, seqs: [4] }, tb);
    expect(await unread(b)).toBe(1);
    expect(await unread(a)).toBe(0);
  });

  it('groups: unread per member, mark_msgs_as_read stores the 2200 in n_<group>, marking the conversation does not', async () => {
    const [owner, m1, m2] = await registerUsers(t, 3);
    const groupID = await createGroup(t, owner.userID, [m1.userID, m2.userID]);
    const cid = `sg_${groupID}`;
    for (const text of ['g1', 'g2', 'g3']) await sendGroupText(t, owner.userID, groupID, text);
    expect((await readSeqs(t, owner.userID))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 3 });
    expect((await readSeqs(t, m1.userID))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 0 });

    const t1 = await userToken(t, m1.userID);
    await t.post('/msg/mark_msgs_as_read', { userID: m1.userID, conversationID: cid, seqs: [1, 2] }, t1);
    expect((await readSeqs(t, m1.userID))[cid].hasReadSeq).toBe(2);
    expect((await readSeqs(t, m2.userID))[cid].hasReadSeq).toBe(0);
    const receipts = await pullMsgs(t, m2.userID, `n_${groupID}`);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ contentType: 2200, sendID: m1.userID, groupID, sessionType: 3 });
    expect(tipsOf(receipts[0])).toEqual({
      markAsReadUserID: m1.userID,
      conversationID: cid,
      seqs: [1, 2],
      hasReadSeq: 2,
    });
    // group messages carry no per-message read mark
    expect((await pullMsgs(t, owner.userID, cid)).map((m) => m.isRead)).toEqual([false, false, false]);

    const t2 = await userToken(t, m2.userID);
    await t.post('/msg/mark_conversation_as_read', { userID: m2.userID, conversationID: cid, hasReadSeq: 9 }, t2);
    expect((await readSeqs(t, m2.userID))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 3 });
    expect(await pullMsgs(t, owner.userID, `n_${groupID}`)).toHaveLength(1);
  });
});
