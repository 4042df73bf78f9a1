import { expectOk, pullMsgs, readSeqs, registerUsers, sendText, si, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

describe('a deleted conversation keeps its seq state', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('after clear + delete, a new message brings the conversation back with only itself unread and the cleared history hidden', async () => {
    const [a, b] = await registerUsers(t, 2);
    const cid = si(a.userID, b.userID);
    const tb = await userToken(t, b.userID);
    await sendText(t, a.userID, b.userID, 'one');
    await sendText(t, a.userID, b.userID, 'two');
    expectOk((await t.post('/msg/clear_conversation_msg', { conversationIDs: [cid], userID: b.userID }, tb)).body);
    await t.post(
      '/conversation/set_conversations',
      {
        userIDs: [b.userID],
        conversation: { conversationID: cid, conversationType: 1, userID: a.userID, isPinned: true },
      },
      tb,
    );
    expectOk(
      (await t.post('/conversation/delete_conversations', { ownerUserID: b.userID, conversationIDs: [cid] }, tb)).body,
    );
    const gone = await t.post('/conversation/get_conversation', { ownerUserID: b.userID, conversationID: cid }, tb);
    expect(gone.body.errCode).toBe(1004);

    await sendText(t, a.userID, b.userID, 'three');
    expect((await readSeqs(t, b.userID))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 2 });
    expect((await pullMsgs(t, b.userID, cid, 1, 10, tb)).map((m) => m.seq)).toEqual([3]);
    const back = await t.post('/conversation/get_conversation', { ownerUserID: b.userID, conversationID: cid }, tb);
    // Settings start afresh, as a new conversation's would.
    expect(back.body.data.conversation).toMatchObject({ conversationID: cid, isPinned: false, minSeq: 3 });
  });
});
