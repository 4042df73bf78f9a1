import { contentOf, registerUsers, sendText, SentMsg, si } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { Client, clientOf, dataOf, listOf } from './conversation-helpers';

describe('the last message of a conversation list, when the newest ones were deleted', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** a and b exchange three messages; returns a's client, b's ID and the sent messages. */
  async function chat(): Promise<{ a: Client; peer: string; cid: string; sent: SentMsg[] }> {
    const [ua, ub] = await registerUsers(t, 2);
    const sent = [
      await sendText(t, ua.userID, ub.userID, 'm1'),
      await sendText(t, ub.userID, ua.userID, 'm2'),
      await sendText(t, ub.userID, ua.userID, 'm3'),
    ];
    return { a: await clientOf(t, ua.userID), peer: ub.userID, cid: si(ua.userID, ub.userID), sent };
  }

  const deleteFor = async (c: Client, conversationID: string, seqs: number[]) =>
    dataOf(await c.post('/msg/delete_msgs', { conversationID, seqs, userID: c.userID }));

  it('/jssdk shows the newest message the user has not deleted', async () => {
    const { a, cid, sent } = await chat();
    await deleteFor(a, cid, [3]);
    const [conv] = listOf(dataOf(await a.post('/jssdk/get_conversations', { conversationIDs: [cid] })).conversations);
    expect(conv.lastMsg).toMatchObject({ seq: 2, clientMsgID: sent[1].clientMsgID, status: 2 });
    expect(contentOf(conv.lastMsg)).toEqual({ content: 'm2' });
    expect(conv.maxSeq).toBe(3);

    const [active] = listOf(dataOf(await a.post('/jssdk/get_active_conversations', { count: 5 })).conversations);
    expect(active.lastMsg).toMatchObject({ seq: 2, clientMsgID: sent[1].clientMsgID });
  });

  it('get_sorted_conversation_list describes that message too', async () => {
    const { a, cid, sent } = await chat();
    await deleteFor(a, cid, [2, 3]);
    const list = dataOf(
      await a.post('/conversation/get_sorted_conversation_list', {
        userID: a.userID,
        pagination: { pageNumber: 1, showNumber: 10 },
      }),
    );
    expect(listOf(list.conversationElems)[0].msgInfo).toMatchObject({
      clientMsgID: sent[0].clientMsgID,
      content: JSON.stringify({ content: 'm1' }),
      LatestMsgRecvTime: sent[0].sendTime,
    });
  });

  it('a conversation whose messages were all deleted by the user has no last message', async () => {
    const { a, cid, peer } = await chat();
    await deleteFor(a, cid, [1, 2, 3]);
    const got = dataOf(await a.post('/jssdk/get_conversations', { conversationIDs: [cid] }));
    expect(listOf(got.conversations)).toEqual([]);
    expect(listOf(dataOf(await a.post('/jssdk/get_active_conversations', { count: 5 })).conversations)).toEqual([]);
    // the peer still sees his last message
    const b = await clientOf(t, peer);
    const [ofB] = listOf(dataOf(await b.post('/jssdk/get_conversations', { conversationIDs: [cid] })).conversations);
    expect(contentOf(ofB.lastMsg)).toEqual({ content: 'm3' });
  });
});
