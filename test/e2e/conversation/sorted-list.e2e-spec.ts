import {
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

describe('conversation/get_sorted_conversation_list', () => {
  const at = sendClock();
  let t: TestApp;
  let users: RegisteredUser[];
  let a: Client;
  let b: Client;
  let c: Client;
  let groupID: string;
  let lastFromC: SentMsg;
  let lastInGroup: SentMsg;

  // a talks to b (pinned; a answered last, so nothing is unread), receives two from c, one in a group; and has a record without messages
  beforeAll(async () => {
    t = await startTestApp();
    users = await registerUsers(t, 4);
    [a, b, c] = await Promise.all(users.slice(0, 3).map((u) => clientOf(t, u.userID)));
    groupID = await createGroup(t, b.userID, [a.userID, c.userID], { groupName: 'The Group' });
    await sendText(t, b.userID, a.userID, 'b1', at());
    await sendText(t, a.userID, b.userID, 'a1', at());
    await sendText(t, c.userID, a.userID, 'c1', at());
    lastFromC = await sendText(t, c.userID, a.userID, 'c2', at());
    lastInGroup = await sendGroupText(t, c.userID, groupID, 'g1', at());
    expect((await setSingle(a, users[3].userID, { ex: 'no messages' })).body.errCode).toBe(0);
    expect((await setSingle(a, b.userID, { isPinned: true })).body.errCode).toBe(0);
  });
  afterAll(() => t.close());

  const sorted = async (client: Client, extra: object = {}, pageNumber = 1, showNumber = 10) =>
    dataOf(
      await client.post('/conversation/get_sorted_conversation_list', {
        userID: client.userID,
        pagination: { pageNumber, showNumber },
        ...extra,
      }),
    );

  it('pinned first, then the newest last message first; unread per conversation and in total', async () => {
    const list = await sorted(a);
    const elems = listOf(list.conversationElems);
    expect(elems.map((e: { conversationID: string }) => e.conversationID)).toEqual([
      si(a.userID, b.userID),
      si(a.userID, users[3].userID),
      `sg_${groupID}`,
      si(a.userID, c.userID),
    ]);
    expect(elems.map((e: { unreadCount: number; IsPinned: boolean }) => [e.unreadCount, e.IsPinned])).toEqual([
      [0, true],
      [0, false],
      [1, false],
      [2, false],
    ]);
    expect(list.unreadTotal).toBe(3);
    expect(list.conversationTotal).toBe(4);
    expect(elems[0]).toEqual({
      conversationID: si(a.userID, b.userID),
      recvMsgOpt: 0,
      unreadCount: 0,
      IsPinned: true,
      msgInfo: expect.objectContaining({
        sendID: a.userID,
        recvID: b.userID,
        content: JSON.stringify({ content: 'a1' }),
      }),
    });
    expect(elems[1].msgInfo).toBeNull();
  });

  it('msgInfo describes the last message: ids, sender, time, type and content; group name and member count', async () => {
    const elems = listOf((await sorted(a)).conversationElems);
    const single = elems.find((e: { conversationID: string }) => e.conversationID === si(a.userID, c.userID));
    expect(single.msgInfo).toEqual({
      serverMsgID: lastFromC.serverMsgID,
      clientMsgID: lastFromC.clientMsgID,
      sessionType: 1,
      sendID: c.userID,
      recvID: a.userID,
      senderName: users[2].nickname,
      faceURL: expect.any(String),
      groupID: '',
      groupName: '',
      groupFaceURL: '',
      groupType: 0,
      groupMemberCount: 0,
      LatestMsgRecvTime: lastFromC.sendTime,
      msgFrom: 200,
      contentType: 101,
      content: JSON.stringify({ content: 'c2' }),
      ex: '',
    });
    const group = elems.find((e: { conversationID: string }) => e.conversationID === `sg_${groupID}`);
    expect(group.msgInfo).toMatchObject({
      serverMsgID: lastInGroup.serverMsgID,
      clientMsgID: lastInGroup.clientMsgID,
      sessionType: 3,
      sendID: c.userID,
      groupID,
      groupName: 'The Group',
      groupType: 2,
      groupMemberCount: 3,
      LatestMsgRecvTime: lastInGroup.sendTime,
      content: JSON.stringify({ content: 'g1' }),
    });
  });

  it('pages the sorted list; totals count all conversations', async () => {
    const all = listOf((await sorted(a)).conversationElems).map((e: { conversationID: string }) => e.conversationID);
    const first = await sorted(a, {}, 1, 3);
    const second = await sorted(a, {}, 2, 3);
    const beyond = await sorted(a, {}, 3, 3);
    expect(listOf(first.conversationElems).map((e: { conversationID: string }) => e.conversationID)).toEqual(
      all.slice(0, 3),
    );
    expect(listOf(second.conversationElems).map((e: { conversationID: string }) => e.conversationID)).toEqual(
      all.slice(3),
    );
    expect(listOf(beyond.conversationElems)).toEqual([]);
    for (const page of [first, second, beyond]) expect(page).toMatchObject({ conversationTotal: 4, unreadTotal: 3 });
  });

  it('conversationIDs restricts the list to those conversations', async () => {
    const list = await sorted(a, { conversationIDs: [si(a.userID, c.userID), `sg_${groupID}`, 'si_not_mine'] });
    expect(listOf(list.conversationElems).map((e: { conversationID: string }) => e.conversationID)).toEqual([
      `sg_${groupID}`,
      si(a.userID, c.userID),
    ]);
    expect(list).toMatchObject({ conversationTotal: 2, unreadTotal: 3 });
  });

  it("is the owner's own view: read positions and pins of the peer differ", async () => {
    const list = await sorted(b);
    const elems = listOf(list.conversationElems);
    expect(elems.map((e: { conversationID: string; unreadCount: number; IsPinned: boolean }) => e)).toEqual([
      expect.objectContaining({ conversationID: `sg_${groupID}`, unreadCount: 1, IsPinned: false }),
      expect.objectContaining({ conversationID: si(a.userID, b.userID), unreadCount: 1, IsPinned: false }),
    ]);
    expect(list.unreadTotal).toBe(2);
  });

  it('reading a conversation lowers its unread count and the total', async () => {
    const [x, y] = await registerUsers(t, 2);
    const cx = await clientOf(t, x.userID);
    await sendText(t, y.userID, x.userID, 'one');
    await sendText(t, y.userID, x.userID, 'two');
    expect((await sorted(cx)).unreadTotal).toBe(2);
    const read = await cx.post('/msg/set_conversation_has_read_seq', {
      conversationID: si(x.userID, y.userID),
      userID: x.userID,
      hasReadSeq: 1,
    });
    expect(read.body.errCode).toBe(0);
    const after = await sorted(cx);
    expect(after.unreadTotal).toBe(1);
    expect(listOf(after.conversationElems)[0]).toMatchObject({ unreadCount: 1 });
  });

  it('1002 for another user, 1001 naming a bad field', async () => {
    const other = await b.post('/conversation/get_sorted_conversation_list', {
      userID: a.userID,
      pagination: { pageNumber: 1, showNumber: 10 },
    });
    expect(errOf(other.body).errCode).toBe(1002);
    const admin = await t.post(
      '/conversation/get_sorted_conversation_list',
      { userID: a.userID, pagination: { pageNumber: 1, showNumber: 10 } },
      await t.adminToken(),
    );
    expect(dataOf(admin).conversationTotal).toBe(4);
    expectArgsError(
      (await a.post('/conversation/get_sorted_conversation_list', { userID: a.userID })).body,
      'pagination',
    );
    expectArgsError(
      (
        await a.post('/conversation/get_sorted_conversation_list', {
          userID: a.userID,
          pagination: { pageNumber: 0, showNumber: 10 },
        })
      ).body,
      'pagination.pageNumber',
    );
    expectArgsError(
      (
        await a.post('/conversation/get_sorted_conversation_list', {
          userID: a.userID,
          conversationIDs: 'x',
          pagination: { pageNumber: 1, showNumber: 10 },
        })
      ).body,
      'conversationIDs',
    );
  });
});
