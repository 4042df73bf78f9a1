import request from 'supertest';
import type { App } from 'supertest/types';
import {
  contentOf,
  createGroup,
  errOf,
  expectArgsError,
  registerUsers,
  RegisteredUser,
  sendGroupText,
  sendText,
  SentMsg,
  si,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { Client, clientOf, dataOf, listOf, setSingle, sendClock } from './conversation-helpers';

interface ConversationMsg {
  conversation: { conversationID: string; ownerUserID: string; isPinned: boolean };
  lastMsg: { clientMsgID: string; serverMsgID: string; content: string; seq: number; sendID: string };
  user: { userID: string; nickname: string } | null;
  friend: unknown;
  group: { groupID: string; groupName: string; memberCount: number } | null;
  maxSeq: number;
  readSeq: number;
}

describe('/jssdk in JSON', () => {
  const at = sendClock();
  let t: TestApp;
  let users: RegisteredUser[];
  let a: Client;
  let b: Client;
  let groupID: string;
  let toB: SentMsg;
  let fromC: SentMsg;
  let inGroup: SentMsg;

  // a: with b (a wrote last), c (two unread, older), a group (one unread, newest), d (a record, no message)
  beforeAll(async () => {
    t = await startTestApp();
    users = await registerUsers(t, 4);
    [a, b] = await Promise.all(users.slice(0, 2).map((u) => clientOf(t, u.userID)));
    groupID = await createGroup(t, users[1].userID, [a.userID], { groupName: 'JS group' });
    await sendText(t, users[2].userID, a.userID, 'c1', at());
    fromC = await sendText(t, users[2].userID, a.userID, 'c2', at());
    await sendText(t, b.userID, a.userID, 'b1', at());
    toB = await sendText(t, a.userID, b.userID, 'a1', at());
    inGroup = await sendGroupText(t, b.userID, groupID, 'g1', at());
    expect((await setSingle(a, users[3].userID, { isPinned: true })).body.errCode).toBe(0);
  });
  afterAll(() => t.close());

  const ids = (list: ConversationMsg[]) => list.map((x) => x.conversation.conversationID);
  const conversations = async (body: object, client = a) => dataOf(await client.post('/jssdk/get_conversations', body));
  const active = async (body: object, client = a) => dataOf(await client.post('/jssdk/get_active_conversations', body));

  it('get_conversations: the listed conversations that have messages, with last message, peer and seqs', async () => {
    const res = await conversations({
      conversationIDs: [si(a.userID, b.userID), si(a.userID, users[2].userID), si(a.userID, users[3].userID), 'si_x_y'],
    });
    const list: ConversationMsg[] = listOf(res.conversations);
    expect(ids(list).sort()).toEqual([si(a.userID, b.userID), si(a.userID, users[2].userID)].sort());
    expect(res.unreadCount).toBe(2);

    const withB = list.find((x) => x.conversation.conversationID === si(a.userID, b.userID))!;
    expect(withB).toEqual({
      conversation: expect.objectContaining({ ownerUserID: a.userID, userID: b.userID, conversationType: 1 }),
      lastMsg: expect.objectContaining({
        clientMsgID: toB.clientMsgID,
        serverMsgID: toB.serverMsgID,
        sendID: a.userID,
        recvID: b.userID,
        seq: 2,
        sendTime: toB.sendTime,
        contentType: 101,
      }),
      user: expect.objectContaining({ userID: b.userID, nickname: users[1].nickname }),
      friend: null,
      group: null,
      maxSeq: 2,
      readSeq: 2,
    });
    expect(contentOf(withB.lastMsg)).toEqual({ content: 'a1' });

    const withC = list.find((x) => x.conversation.conversationID === si(a.userID, users[2].userID))!;
    expect(withC).toMatchObject({ maxSeq: 2, readSeq: 0, user: { userID: users[2].userID } });
    expect(withC.lastMsg).toMatchObject({ clientMsgID: fromC.clientMsgID, seq: 2 });
    expect(contentOf(withC.lastMsg)).toEqual({ content: 'c2' });
  });

  it('get_conversations: a group conversation carries the group, not a user', async () => {
    const res = await conversations({ conversationIDs: [`sg_${groupID}`] });
    const [group]: ConversationMsg[] = res.conversations;
    expect(group).toMatchObject({
      conversation: { conversationID: `sg_${groupID}`, ownerUserID: a.userID },
      user: null,
      group: { groupID, groupName: 'JS group', memberCount: 2 },
      maxSeq: 1,
      readSeq: 0,
    });
    expect(group.lastMsg).toMatchObject({ clientMsgID: inGroup.clientMsgID, groupID, sessionType: 3 });
    expect(contentOf(group.lastMsg)).toEqual({ content: 'g1' });
    expect(res.unreadCount).toBe(1);
  });

  it('ownerUserID in the body is ignored: always the caller\u2019s own conversations', async () => {
    const asB = await conversations(
      { ownerUserID: a.userID, conversationIDs: [si(a.userID, b.userID), si(a.userID, users[2].userID)] },
      b,
    );
    const list: ConversationMsg[] = listOf(asB.conversations);
    expect(ids(list)).toEqual([si(a.userID, b.userID)]);
    expect(list[0].conversation.ownerUserID).toBe(b.userID);
    expect(list[0]).toMatchObject({ readSeq: 1, maxSeq: 2, user: { userID: a.userID } });
    expect(asB.unreadCount).toBe(1);

    const activeAsB: ConversationMsg[] = listOf((await active({ ownerUserID: a.userID, count: 10 }, b)).conversations);
    for (const x of activeAsB) expect(x.conversation.ownerUserID).toBe(b.userID);
    expect(ids(activeAsB)).toEqual([`sg_${groupID}`, si(a.userID, b.userID)]);
  });

  it('get_active_conversations: pinned first, then newest; only conversations with messages; unread over all', async () => {
    const all = await active({ count: 10 });
    // d is pinned but has no message: left out
    expect(ids(listOf(all.conversations))).toEqual([
      `sg_${groupID}`,
      si(a.userID, b.userID),
      si(a.userID, users[2].userID),
    ]);
    expect(all.unreadCount).toBe(3);

    expect((await setSingle(a, users[2].userID, { isPinned: true })).body.errCode).toBe(0);
    const pinned = await active({ count: 2 });
    const list: ConversationMsg[] = listOf(pinned.conversations);
    expect(ids(list)).toEqual([si(a.userID, users[2].userID), `sg_${groupID}`]);
    expect(list[0].conversation.isPinned).toBe(true);
    expect(pinned.unreadCount).toBe(3);
    expect((await setSingle(a, users[2].userID, { isPinned: false })).body.errCode).toBe(0);
  });

  it('get_active_conversations: count 0, negative or absent means the default', async () => {
    for (const body of [{ count: 0 }, { count: -5 }, {}]) {
      const res = await active(body);
      expect({ body, n: listOf(res.conversations).length }).toEqual({ body, n: 3 });
    }
    expect(listOf((await active({ count: 1 })).conversations)).toHaveLength(1);
  });

  it('an empty conversationIDs list or a user without messages: nothing, unreadCount 0', async () => {
    const empty = await conversations({ conversationIDs: [] });
    expect(listOf(empty.conversations)).toEqual([]);
    expect(empty.unreadCount).toBe(0);
    const loner = await clientOf(t, users[3].userID);
    const none = await active({ count: 5 }, loner);
    expect(listOf(none.conversations)).toEqual([]);
    expect(none.unreadCount).toBe(0);
  });

  it('bad input: 1001; an unsupported Content-Type: 1001; no token: 1005', async () => {
    expectArgsError((await a.post('/jssdk/get_conversations', {})).body, 'conversationIDs');
    expectArgsError((await a.post('/jssdk/get_active_conversations', { count: '5' })).body, 'count');
    const server = t.app.getHttpServer() as App;
    for (const path of ['/jssdk/get_conversations', '/jssdk/get_active_conversations']) {
      for (const payload of ['{"count":5,"conversationIDs":[]}', 'count=5']) {
        const res = await request(server)
          .post(path)
          .set('operationID', 'jssdk-text')
          .set('token', a.token)
          .set('Content-Type', 'text/plain')
          .send(payload);
        expect({ path, payload, errCode: errOf(res.body).errCode }).toEqual({ path, payload, errCode: 1001 });
        expect(res.body).not.toHaveProperty('data');
      }
      expect(errOf((await t.post(path, { count: 5, conversationIDs: [] })).body).errCode).toBe(1005);
    }
  });
});
