import {
  createGroup,
  errOf,
  expectArgsError,
  registerUsers,
  sendGroupText,
  sendText,
  si,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { Client, clientOf, CONVERSATION_FIELDS, conversationOf, dataOf } from './conversation-helpers';

describe('conversation: reading the records that messages create', () => {
  let t: TestApp;
  let a: Client;
  let b: Client;
  let c: Client;
  let groupID: string;

  beforeAll(async () => {
    t = await startTestApp();
    const users = await registerUsers(t, 3);
    [a, b, c] = await Promise.all(users.map((u) => clientOf(t, u.userID)));
    await sendText(t, a.userID, b.userID, 'to b');
    await sendText(t, c.userID, a.userID, 'from c');
    groupID = await createGroup(t, a.userID, [b.userID]);
    await sendGroupText(t, b.userID, groupID, 'to the group');
  });
  afterAll(() => t.close());

  it("get_all_conversations: every record of the owner, single and group, with all the Conversation's fields", async () => {
    const all = dataOf(await a.post('/conversation/get_all_conversations', { ownerUserID: a.userID }));
    const byID = new Map<string, Record<string, unknown>>(
      all.conversations.map((x: { conversationID: string }) => [x.conversationID, x]),
    );
    expect([...byID.keys()].sort()).toEqual([si(a.userID, b.userID), si(a.userID, c.userID), `sg_${groupID}`].sort());
    for (const conv of byID.values()) expect(Object.keys(conv).sort()).toEqual(CONVERSATION_FIELDS);
    expect(byID.get(si(a.userID, b.userID))).toEqual({
      ownerUserID: a.userID,
      conversationID: si(a.userID, b.userID),
      recvMsgOpt: 0,
      conversationType: 1,
      userID: b.userID,
      groupID: '',
      isPinned: false,
      attachedInfo: '',
      isPrivateChat: false,
      groupAtType: 0,
      ex: '',
      burnDuration: 0,
      minSeq: 0,
      maxSeq: 0,
      msgDestructTime: expect.any(Number),
      latestMsgDestructTime: 0,
      isMsgDestruct: false,
    });
    expect(byID.get(si(a.userID, c.userID))).toMatchObject({ ownerUserID: a.userID, userID: c.userID });
    expect(byID.get(`sg_${groupID}`)).toMatchObject({
      ownerUserID: a.userID,
      conversationType: 3,
      groupID,
      userID: '',
    });

    const ofB = dataOf(await b.post('/conversation/get_all_conversations', { ownerUserID: b.userID }));
    expect(ofB.conversations.map((x: { conversationID: string }) => x.conversationID).sort()).toEqual(
      [si(a.userID, b.userID), `sg_${groupID}`].sort(),
    );
    expect(ofB.conversations.find((x: { conversationType: number }) => x.conversationType === 1)).toMatchObject({
      ownerUserID: b.userID,
      userID: a.userID,
    });
  });

  it('get_conversation: the owner\u2019s record, 1004 when the owner has none', async () => {
    const found = dataOf(await conversationOf(c, si(a.userID, c.userID)));
    expect(found.conversation).toMatchObject({
      ownerUserID: c.userID,
      conversationID: si(a.userID, c.userID),
      userID: a.userID,
    });
    // b and c never talked: no record for either
    expect(errOf((await conversationOf(c, si(b.userID, c.userID))).body).errCode).toBe(1004);
    expect(errOf((await conversationOf(c, `sg_${groupID}`)).body).errCode).toBe(1004);
  });

  it('get_conversations: only the listed records that exist', async () => {
    const res = await a.post('/conversation/get_conversations', {
      ownerUserID: a.userID,
      conversationIDs: [si(a.userID, b.userID), si(b.userID, c.userID), `sg_${groupID}`, 'si_nobody_none'],
    });
    const ids = dataOf(res).conversations.map((x: { conversationID: string }) => x.conversationID);
    expect(ids.sort()).toEqual([si(a.userID, b.userID), `sg_${groupID}`].sort());
    const none = await c.post('/conversation/get_conversations', {
      ownerUserID: c.userID,
      conversationIDs: [`sg_${groupID}`],
    });
    expect(dataOf(none).conversations ?? []).toEqual([]);
  });

  it('get_owner_conversation: pages of the records with the total of all of them', async () => {
    const page = async (pageNumber: number, showNumber: number) =>
      dataOf(
        await a.post('/conversation/get_owner_conversation', {
          userID: a.userID,
          pagination: { pageNumber, showNumber },
        }),
      );
    const first = await page(1, 2);
    const second = await page(2, 2);
    const beyond = await page(3, 2);
    expect([first.total, second.total, beyond.total]).toEqual([3, 3, 3]);
    expect(first.conversations).toHaveLength(2);
    expect(second.conversations).toHaveLength(1);
    expect(beyond.conversations ?? []).toEqual([]);
    const ids = [...first.conversations, ...second.conversations].map(
      (x: { conversationID: string }) => x.conversationID,
    );
    expect(ids.sort()).toEqual([si(a.userID, b.userID), si(a.userID, c.userID), `sg_${groupID}`].sort());
    for (const conv of first.conversations) expect(conv.ownerUserID).toBe(a.userID);
    const all = await page(1, 10);
    expect(all.conversations).toHaveLength(3);
  });

  it("another user's conversations: 1002 on every read route; an admin may read them", async () => {
    const bodies: [string, object][] = [
      ['/conversation/get_all_conversations', { ownerUserID: a.userID }],
      ['/conversation/get_conversation', { ownerUserID: a.userID, conversationID: si(a.userID, b.userID) }],
      ['/conversation/get_conversations', { ownerUserID: a.userID, conversationIDs: [si(a.userID, b.userID)] }],
      ['/conversation/get_owner_conversation', { userID: a.userID, pagination: { pageNumber: 1, showNumber: 10 } }],
      ['/conversation/get_pinned_conversation_ids', { userID: a.userID }],
      ['/conversation/get_not_notify_conversation_ids', { userID: a.userID }],
    ];
    const admin = await t.adminToken();
    for (const [path, body] of bodies) {
      const refused = await b.post(path, body);
      expect({ path, ...errOf(refused.body) }).toEqual({ path, errCode: 1002, errDlt: expect.any(String) });
      expect(refused.body).not.toHaveProperty('data');
      const allowed = await t.post(path, body, admin);
      expect({ path, errCode: allowed.body.errCode }).toEqual({ path, errCode: 0 });
    }
    const asAdmin = await t.post(
      '/conversation/get_conversation',
      { ownerUserID: a.userID, conversationID: si(a.userID, c.userID) },
      admin,
    );
    expect(dataOf(asAdmin).conversation).toMatchObject({ ownerUserID: a.userID, userID: c.userID });
  });

  it('without a token: 1005', async () => {
    for (const [path, body] of [
      ['/conversation/get_all_conversations', { ownerUserID: a.userID }],
      ['/conversation/get_conversation', { ownerUserID: a.userID, conversationID: si(a.userID, b.userID) }],
    ] as const) {
      const res = await t.post(path, body);
      expect(errOf(res.body).errCode).toBe(1005);
      expect(res.body).not.toHaveProperty('data');
    }
  });

  it('bad input: 1001 naming the field', async () => {
    expectArgsError((await a.post('/conversation/get_all_conversations', {})).body, 'ownerUserID');
    expectArgsError((await a.post('/conversation/get_conversation', { ownerUserID: a.userID })).body, 'conversationID');
    expectArgsError(
      (await a.post('/conversation/get_conversations', { ownerUserID: a.userID, conversationIDs: 'si_x_y' })).body,
      'conversationIDs',
    );
    expectArgsError((await a.post('/conversation/get_owner_conversation', { userID: a.userID })).body, 'pagination');
    expectArgsError(
      (
        await a.post('/conversation/get_owner_conversation', {
          userID: a.userID,
          pagination: { pageNumber: 0, showNumber: 10 },
        })
      ).body,
      'pagination.pageNumber',
    );
    expectArgsError((await a.post('/conversation/get_pinned_conversation_ids', { userID: 42 })).body, 'userID');
  });
});
