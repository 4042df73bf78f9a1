import { contentOf, errOf, registerUsers, sendText, si, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

describe('single chat: send, conversations, pull', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('stores a message with seq 1, creates both conversations and counts it unread for the receiver only', async () => {
    const [a, b] = await registerUsers(t, 2);
    const sent = await sendText(t, a.userID, b.userID, 'hello');
    expect(sent).toEqual({
      serverMsgID: expect.stringMatching(/^[0-9a-f]{32}$/),
      clientMsgID: expect.any(String),
      sendTime: expect.any(Number),
    });
    const cid = si(a.userID, b.userID);
    for (const [user, unread] of [
      [a.userID, 0],
      [b.userID, 1],
    ] as const) {
      const token = await userToken(t, user);
      const seqs = await t.post('/msg/get_conversations_has_read_and_max_seq', { userID: user }, token);
      expect(seqs.body.data.seqs[cid]).toMatchObject({ maxSeq: 1, hasReadSeq: 1 - unread });
      const conv = await t.post('/conversation/get_conversation', { ownerUserID: user, conversationID: cid }, token);
      expect(conv.body.data.conversation).toMatchObject({
        ownerUserID: user,
        conversationType: 1,
        userID: user === a.userID ? b.userID : a.userID,
      });
      const list = await t.post(
        '/conversation/get_sorted_conversation_list',
        { userID: user, pagination: { pageNumber: 1, showNumber: 10 } },
        token,
      );
      expect(list.body.data).toMatchObject({ conversationTotal: 1, unreadTotal: unread });
      expect(list.body.data.conversationElems[0].msgInfo).toMatchObject({
        clientMsgID: sent.clientMsgID,
        content: JSON.stringify({ content: 'hello' }),
      });
    }
    const tb = await userToken(t, b.userID);
    const pulled = await t.post(
      '/msg/pull_msg_by_seq',
      { userID: b.userID, seqRanges: [{ conversationID: cid, begin: 1, end: 10, num: 10 }], order: 0 },
      tb,
    );
    const msgs = pulled.body.data.msgs[cid].Msgs;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({
      seq: 1,
      sendID: a.userID,
      recvID: b.userID,
      clientMsgID: sent.clientMsgID,
      contentType: 101,
      sessionType: 1,
    });
    expect(contentOf(msgs[0])).toEqual({ content: 'hello' });
    const newest = await t.post('/msg/newest_seq', { userID: b.userID }, tb);
    expect(newest.body.data.maxSeqs).toEqual({ [cid]: 1 });
  });

  it('refuses unknown users (1003), bad content (1001) and a non-admin caller (1002), writing nothing', async () => {
    const [a, b] = await registerUsers(t, 2);
    const admin = await t.adminToken();
    const send = (body: object, token = admin) => t.post('/msg/send_msg', body, token);
    const base = { sendID: a.userID, senderPlatformID: 1, content: { content: 'x' }, contentType: 101, sessionType: 1 };
    expect(errOf((await send({ recvID: 'ghost', sendMsg: base })).body).errCode).toBe(1003);
    expect(errOf((await send({ recvID: b.userID, sendMsg: { ...base, sendID: 'ghost' } })).body).errCode).toBe(1003);
    expect(errOf((await send({ recvID: b.userID, sendMsg: { ...base, content: { text: 'x' } } })).body)).toEqual({
      errCode: 1001,
      errDlt: expect.stringContaining('content.content'),
    });
    expect(errOf((await send({ recvID: b.userID, sendMsg: { ...base, contentType: 999 } })).body).errCode).toBe(1001);
    expect(errOf((await send({ recvID: b.userID, sendMsg: { ...base, sessionType: 5 } })).body).errCode).toBe(1001);
    expect(errOf((await send({ sendMsg: base })).body)).toEqual({
      errCode: 1001,
      errDlt: expect.stringContaining('recvID'),
    });
    const user = await userToken(t, a.userID);
    expect(errOf((await send({ recvID: b.userID, sendMsg: base }, user)).body).errCode).toBe(1002);
    const tb = await userToken(t, b.userID);
    const seqs = await t.post('/msg/get_conversations_has_read_and_max_seq', { userID: b.userID }, tb);
    expect(seqs.body.data.seqs).toEqual({});
  });

  it("accepts the reference server's flat body as well as the nested sendMsg", async () => {
    const [a, b] = await registerUsers(t, 2);
    const res = await t.post(
      '/msg/send_msg',
      {
        recvID: b.userID,
        sendID: a.userID,
        senderPlatformID: 1,
        content: { content: 'flat' },
        contentType: 101,
        sessionType: 1,
      },
      await t.adminToken(),
    );
    expect(res.body.errCode).toBe(0);
    const flatMissing = await t.post(
      '/msg/send_msg',
      { recvID: b.userID, sendID: a.userID, contentType: 101, sessionType: 1 },
      await t.adminToken(),
    );
    expect(errOf(flatMissing.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('content') });
  });
});
