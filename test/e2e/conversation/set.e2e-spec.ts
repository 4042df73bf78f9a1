import {
  contentOf,
  createGroup,
  errOf,
  expectOk,
  expectArgsError,
  registerUsers,
  sendText,
  si,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { Client, clientOf, conversationOf, dataOf, listOf, setSingle } from './conversation-helpers';

describe('conversation/set_conversations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function clients(n: number): Promise<Client[]> {
    const users = await registerUsers(t, n);
    return Promise.all(users.map((u) => clientOf(t, u.userID)));
  }

  it('creates a missing record with the given values, then changes only the supplied fields', async () => {
    const [a, b] = await clients(2);
    const cid = si(a.userID, b.userID);
    expect(errOf((await conversationOf(a, cid)).body).errCode).toBe(1004);

    expectOk((await setSingle(a, b.userID, { isPinned: true, ex: 'x', burnDuration: 30 })).body);
    const created = dataOf(await conversationOf(a, cid)).conversation;
    expect(created).toMatchObject({
      ownerUserID: a.userID,
      conversationID: cid,
      conversationType: 1,
      userID: b.userID,
      groupID: '',
      isPinned: true,
      ex: 'x',
      burnDuration: 30,
      recvMsgOpt: 0,
      attachedInfo: '',
    });
    // only a's record: b never asked for one
    expect(errOf((await conversationOf(b, cid)).body).errCode).toBe(1004);

    expectOk((await setSingle(a, b.userID, { attachedInfo: 'att', groupAtType: 0 })).body);
    const updated = dataOf(await conversationOf(a, cid)).conversation;
    expect(updated).toEqual({ ...created, attachedInfo: 'att' });

    // null wrappers mean "not set" (spec/rest-semantics.md §1.3)
    expectOk((await setSingle(a, b.userID, { ex: null, isPinned: null, isPrivateChat: null, recvMsgOpt: 2 })).body);
    expect(dataOf(await conversationOf(a, cid)).conversation).toEqual({ ...updated, recvMsgOpt: 2 });
  });

  it('ignores minSeq and maxSeq', async () => {
    const [a, b] = await clients(2);
    await sendText(t, b.userID, a.userID, 'hi');
    expectOk((await setSingle(a, b.userID, { minSeq: 5, maxSeq: 9, ex: 'seen' })).body);
    const conv = dataOf(await conversationOf(a, si(a.userID, b.userID))).conversation;
    expect(conv).toMatchObject({ minSeq: 0, maxSeq: 0, ex: 'seen' });
    const seqs = dataOf(await a.post('/msg/get_conversations_has_read_and_max_seq', { userID: a.userID }));
    expect(seqs.seqs[si(a.userID, b.userID)]).toMatchObject({ maxSeq: 1, hasReadSeq: 0 });
  });

  it('needs self or admin for EVERY userIDs entry (1002, nothing written); an admin sets several users', async () => {
    const [a, b, c] = await clients(3);
    const groupID = await createGroup(t, a.userID, [b.userID, c.userID]);
    const conversation = { conversationID: `sg_${groupID}`, conversationType: 3, groupID, isPinned: true };
    const refused = await a.post('/conversation/set_conversations', { userIDs: [a.userID, b.userID], conversation });
    expect(errOf(refused.body).errCode).toBe(1002);
    for (const user of [a, b]) expect(errOf((await conversationOf(user, `sg_${groupID}`)).body).errCode).toBe(1004);

    const admin = await t.adminToken();
    const ok = await t.post('/conversation/set_conversations', { userIDs: [b.userID, c.userID], conversation }, admin);
    expectOk(ok.body);
    for (const user of [b, c]) {
      expect(dataOf(await conversationOf(user, `sg_${groupID}`)).conversation).toMatchObject({
        ownerUserID: user.userID,
        conversationType: 3,
        groupID,
        userID: '',
        isPinned: true,
      });
    }
    expect(errOf((await conversationOf(a, `sg_${groupID}`)).body).errCode).toBe(1004);
  });

  it('refuses a conversationID that does not match the type and peer or group (1001)', async () => {
    const [a, b, c] = await clients(3);
    const groupID = await createGroup(t, a.userID, [b.userID]);
    const set = (conversation: object) =>
      a.post('/conversation/set_conversations', {
        userIDs: [a.userID],
        conversation: { isPinned: true, ...conversation },
      });
    const cases: object[] = [
      { conversationID: si(a.userID, c.userID), conversationType: 1, userID: b.userID },
      { conversationID: si(b.userID, c.userID), conversationType: 1, userID: c.userID },
      { conversationID: `sg_${groupID}`, conversationType: 1, userID: b.userID },
      { conversationID: si(a.userID, b.userID), conversationType: 3, groupID },
      { conversationID: 'sg_other', conversationType: 3, groupID },
      { conversationID: si(a.userID, b.userID), conversationType: 1 },
    ];
    for (const conversation of cases) {
      expect({ conversation, ...errOf((await set(conversation)).body) }).toEqual({
        conversation,
        errCode: 1001,
        errDlt: expect.stringMatching(/conversation\.(conversationID|userID)|conversationID/),
      });
    }
    const all = dataOf(await a.post('/conversation/get_all_conversations', { ownerUserID: a.userID }));
    expect(listOf(all.conversations)).toEqual([]);
  });

  it('a group conversation needs an existing group (1004)', async () => {
    const [a] = await clients(1);
    const res = await a.post('/conversation/set_conversations', {
      userIDs: [a.userID],
      conversation: { conversationID: 'sg_nosuchgroup', conversationType: 3, groupID: 'nosuchgroup', isPinned: true },
    });
    expect(errOf(res.body).errCode).toBe(1004);
    expect(errOf((await conversationOf(a, 'sg_nosuchgroup')).body).errCode).toBe(1004);
  });

  it('isPinned is listed by get_pinned_conversation_ids, recvMsgOpt 2 by get_not_notify_conversation_ids', async () => {
    const [a, b, c] = await clients(3);
    await sendText(t, b.userID, a.userID, 'one');
    await sendText(t, c.userID, a.userID, 'two');
    const pinned = async () =>
      listOf(dataOf(await a.post('/conversation/get_pinned_conversation_ids', { userID: a.userID })).conversationIDs);
    const notNotify = async () =>
      listOf(
        dataOf(await a.post('/conversation/get_not_notify_conversation_ids', { userID: a.userID })).conversationIDs,
      );
    expect(await pinned()).toEqual([]);
    expect(await notNotify()).toEqual([]);

    expectOk((await setSingle(a, b.userID, { isPinned: true })).body);
    expectOk((await setSingle(a, c.userID, { recvMsgOpt: 2 })).body);
    expect(await pinned()).toEqual([si(a.userID, b.userID)]);
    expect(await notNotify()).toEqual([si(a.userID, c.userID)]);
    // the peers' own lists are not affected
    const ofB = dataOf(await b.post('/conversation/get_pinned_conversation_ids', { userID: b.userID }));
    expect(listOf(ofB.conversationIDs)).toEqual([]);

    expectOk((await setSingle(a, b.userID, { isPinned: false })).body);
    expectOk((await setSingle(a, c.userID, { recvMsgOpt: 1 })).body);
    expect(await pinned()).toEqual([]);
    expect(await notNotify()).toEqual([]);
  });

  it('recvMsgOpt 1: an admin send_msg from the peer is refused with 1001 "not sent" and nothing is stored', async () => {
    const [a, b] = await clients(2);
    await sendText(t, b.userID, a.userID, 'before');
    expectOk((await setSingle(a, b.userID, { recvMsgOpt: 1 })).body);
    const res = await t.post(
      '/msg/send_msg',
      {
        recvID: a.userID,
        sendMsg: {
          sendID: b.userID,
          senderPlatformID: 1,
          content: { content: 'after' },
          contentType: 101,
          sessionType: 1,
        },
      },
      await t.adminToken(),
    );
    expect(errOf(res.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('not sent') });
    const seqs = dataOf(await a.post('/msg/get_conversations_has_read_and_max_seq', { userID: a.userID }));
    expect(seqs.seqs[si(a.userID, b.userID)]).toMatchObject({ maxSeq: 1 });
    // a may still write to b
    await sendText(t, a.userID, b.userID, 'from a');
    const after = dataOf(await b.post('/msg/get_conversations_has_read_and_max_seq', { userID: b.userID }));
    expect(after.seqs[si(a.userID, b.userID)]).toMatchObject({ maxSeq: 2 });
  });

  it("isPrivateChat on a single chat is mirrored on the peer's record (created if missing)", async () => {
    const [a, b] = await clients(2);
    const cid = si(a.userID, b.userID);
    expectOk((await setSingle(a, b.userID, { isPrivateChat: true })).body);
    expect(dataOf(await conversationOf(a, cid)).conversation).toMatchObject({ isPrivateChat: true, userID: b.userID });
    expect(dataOf(await conversationOf(b, cid)).conversation).toMatchObject({
      isPrivateChat: true,
      ownerUserID: b.userID,
      userID: a.userID,
      conversationType: 1,
    });
    expectOk((await setSingle(b, a.userID, { isPrivateChat: false })).body);
    for (const user of [a, b]) {
      expect(dataOf(await conversationOf(user, cid)).conversation).toMatchObject({ isPrivateChat: false });
    }
    // both changes are announced in the chat itself (1701 has a copy in si_), from the one who set it
    const pulled = dataOf(
      await b.post('/msg/pull_msg_by_seq', {
        userID: b.userID,
        seqRanges: [{ conversationID: cid, begin: 1, end: 10, num: 10 }],
        order: 0,
      }),
    );
    const tips = pulled.msgs[cid].Msgs.map((m: { contentType: number; content: string }) => {
      expect(m.contentType).toBe(1701);
      return JSON.parse((contentOf(m) as { detail: string }).detail);
    });
    expect(tips).toEqual([
      { recvID: b.userID, sendID: a.userID, isPrivate: true, conversationID: cid },
      { recvID: a.userID, sendID: b.userID, isPrivate: false, conversationID: cid },
    ]);
  });

  it('bad input: 1001 naming the field', async () => {
    const [a, b] = await clients(2);
    const conversation = { conversationID: si(a.userID, b.userID), conversationType: 1, userID: b.userID };
    const set = (body: object) => a.post('/conversation/set_conversations', body);
    expectArgsError((await set({ conversation })).body, 'userIDs');
    expectArgsError((await set({ userIDs: [a.userID] })).body, 'conversation');
    expectArgsError(
      (await set({ userIDs: [a.userID], conversation: { ...conversation, conversationType: 0 } })).body,
      'conversation.conversationType',
    );
    expectArgsError(
      (await set({ userIDs: [a.userID], conversation: { ...conversation, recvMsgOpt: 3 } })).body,
      'conversation.recvMsgOpt',
    );
    expectArgsError(
      (await set({ userIDs: [a.userID], conversation: { ...conversation, recvMsgOpt: '1' } })).body,
      'conversation.recvMsgOpt',
    );
    expectArgsError(
      (await set({ userIDs: [a.userID], conversation: { ...conversation, isPinned: 'yes' } })).body,
      'conversation.isPinned',
    );
    expect(errOf((await conversationOf(a, conversation.conversationID)).body).errCode).toBe(1004);
  });
});
