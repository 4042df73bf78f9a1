import { PbCoder, type JsSdkProto } from '@openim/protocol';
import request from 'supertest';
import type { App } from 'supertest/types';
import {
  createGroup,
  errOf,
  registerUsers,
  RegisteredUser,
  sendGroupText,
  sendText,
  SentMsg,
  si,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { Client, clientOf, dataOf, setSingle, sendClock } from './conversation-helpers';

describe('/jssdk in protobuf (as the JS SDK calls it)', () => {
  const at = sendClock();
  let t: TestApp;
  let users: RegisteredUser[];
  let a: Client;
  let b: Client;
  let groupID: string;
  let toB: SentMsg;
  let fromC: SentMsg;
  let inGroup: SentMsg;

  // a: with c (two unread, oldest), with b (a wrote last), a group (one unread, newest), d (a record, no message)
  beforeAll(async () => {
    t = await startTestApp();
    users = await registerUsers(t, 4);
    [a, b] = await Promise.all(users.slice(0, 2).map((u) => clientOf(t, u.userID)));
    groupID = await createGroup(t, b.userID, [a.userID], { groupName: 'PB group' });
    await sendText(t, users[2].userID, a.userID, 'c1', at());
    fromC = await sendText(t, users[2].userID, a.userID, 'c2', at());
    toB = await sendText(t, a.userID, b.userID, 'a1', at());
    inGroup = await sendGroupText(t, b.userID, groupID, 'g1', at());
    expect((await setSingle(a, users[3].userID, { isPinned: true })).body.errCode).toBe(0);
  });
  afterAll(() => t.close());

  /** POSTs protobuf bytes and returns the envelope; `data` is the base64 of the protobuf answer. */
  function postProtobuf(path: string, bytes: Uint8Array, token: string, type = 'application/x-protobuf') {
    return request(t.app.getHttpServer() as App)
      .post(path)
      .set('operationID', 'jssdk-protobuf')
      .set('token', token)
      .set('Content-Type', type)
      .send(Buffer.from(bytes));
  }

  async function active(client: Client, req: JsSdkProto.GetActiveConversationsReq, type?: string) {
    const res = await postProtobuf(
      '/jssdk/get_active_conversations',
      PbCoder.GetActiveConversationsReq.encode(req).finish(),
      client.token,
      type,
    );
    const data = dataOf(res);
    expect(typeof data).toBe('string');
    return PbCoder.GetActiveConversationsResp.decode(Buffer.from(data as string, 'base64'));
  }

  async function designated(client: Client, req: JsSdkProto.GetConversationsReq) {
    const res = await postProtobuf(
      '/jssdk/get_conversations',
      PbCoder.GetConversationsReq.encode(req).finish(),
      client.token,
    );
    return PbCoder.GetConversationsResp.decode(Buffer.from(dataOf(res) as string, 'base64'));
  }

  const ids = (r: { conversations: JsSdkProto.ConversationMsg[] }) =>
    r.conversations.map((x) => x.conversation?.conversationID);
  const text = (m: { content: Uint8Array } | undefined) => JSON.parse(Buffer.from(m!.content).toString('utf8'));

  it('get_active_conversations: newest first, only with messages, last message, peer or group, seqs', async () => {
    const resp = await active(a, { ownerUserID: '', count: 20 });
    expect(ids(resp)).toEqual([`sg_${groupID}`, si(a.userID, b.userID), si(a.userID, users[2].userID)]);
    expect(Number(resp.unreadCount)).toBe(3);

    const [group, withB, withC] = resp.conversations;
    expect(group.conversation).toMatchObject({ ownerUserID: a.userID, conversationType: 3, groupID });
    expect(group.group).toMatchObject({ groupID, groupName: 'PB group', memberCount: 2 });
    expect(group.user).toBeUndefined();
    expect(group.lastMsg).toMatchObject({ clientMsgID: inGroup.clientMsgID, sessionType: 3, groupID });
    expect(text(group.lastMsg)).toEqual({ content: 'g1' });
    expect([Number(group.maxSeq), Number(group.readSeq)]).toEqual([1, 0]);

    expect(withB.user).toMatchObject({ userID: b.userID, nickname: users[1].nickname });
    expect(withB.group).toBeUndefined();
    expect(withB.lastMsg).toMatchObject({
      clientMsgID: toB.clientMsgID,
      serverMsgID: toB.serverMsgID,
      sendID: a.userID,
      recvID: b.userID,
    });
    expect(Number(withB.lastMsg!.seq)).toBe(1);
    expect(Number(withB.lastMsg!.sendTime)).toBe(toB.sendTime);
    expect(text(withB.lastMsg)).toEqual({ content: 'a1' });
    expect([Number(withB.maxSeq), Number(withB.readSeq)]).toEqual([1, 1]);

    expect(withC.lastMsg).toMatchObject({ clientMsgID: fromC.clientMsgID });
    expect(text(withC.lastMsg)).toEqual({ content: 'c2' });
    expect([Number(withC.maxSeq), Number(withC.readSeq)]).toEqual([2, 0]);
  });

  it('get_active_conversations: pinned first, count limits the list, ownerUserID is ignored', async () => {
    expect((await setSingle(a, users[2].userID, { isPinned: true })).body.errCode).toBe(0);
    const two = await active(a, { ownerUserID: a.userID, count: 2 });
    expect(ids(two)).toEqual([si(a.userID, users[2].userID), `sg_${groupID}`]);
    expect(two.conversations[0].conversation?.isPinned).toBe(true);
    expect(Number(two.unreadCount)).toBe(3);
    expect((await setSingle(a, users[2].userID, { isPinned: false })).body.errCode).toBe(0);

    for (const count of [0, -1]) expect(ids(await active(a, { ownerUserID: '', count }))).toHaveLength(3);

    // b asks "as a": gets his own two conversations
    const asB = await active(b, { ownerUserID: a.userID, count: 10 });
    expect(ids(asB)).toEqual([`sg_${groupID}`, si(a.userID, b.userID)]);
    for (const x of asB.conversations) expect(x.conversation?.ownerUserID).toBe(b.userID);
    expect(Number(asB.unreadCount)).toBe(1);
  });

  it('application/protobuf is accepted as well', async () => {
    const resp = await active(a, { ownerUserID: '', count: 1 }, 'application/protobuf');
    expect(ids(resp)).toEqual([`sg_${groupID}`]);
  });

  it('get_conversations: the listed conversations with messages, unread over them', async () => {
    const resp = await designated(a, {
      ownerUserID: b.userID,
      conversationIDs: [si(a.userID, users[2].userID), `sg_${groupID}`, si(a.userID, users[3].userID), 'si_x_y'],
    });
    expect(ids(resp).sort()).toEqual([si(a.userID, users[2].userID), `sg_${groupID}`].sort());
    expect(Number(resp.unreadCount)).toBe(3);
    for (const x of resp.conversations) expect(x.conversation?.ownerUserID).toBe(a.userID);
    const withC = resp.conversations.find((x) => x.conversation?.conversationID === si(a.userID, users[2].userID))!;
    expect(withC.user).toMatchObject({ userID: users[2].userID });
    expect(text(withC.lastMsg)).toEqual({ content: 'c2' });

    const none = await designated(a, { ownerUserID: '', conversationIDs: [] });
    expect(none.conversations).toEqual([]);
    expect(Number(none.unreadCount)).toBe(0);
  });

  it('a body that is not protobuf: 1001; an unsupported Content-Type: 1001', async () => {
    const garbage = await postProtobuf('/jssdk/get_active_conversations', Buffer.from([0xff, 0xff, 0xff]), a.token);
    expect(errOf(garbage.body).errCode).toBe(1001);
    const plain = await postProtobuf(
      '/jssdk/get_conversations',
      PbCoder.GetConversationsReq.encode({ ownerUserID: '', conversationIDs: [`sg_${groupID}`] }).finish(),
      a.token,
      'text/plain',
    );
    expect(errOf(plain.body).errCode).toBe(1001);
    expect(plain.body).not.toHaveProperty('data');
  });
});
