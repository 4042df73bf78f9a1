import { DatabaseService } from '../../../src/infra/database/database.service';
import { ConversationRepository } from '../../../src/chat-store/conversation.repository';
import { createGroup, errOf, registerUsers, sendGroupText, sendText, si } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { Client, clientOf, conversationOf, dataOf, listOf, setSingle } from './conversation-helpers';

const DAY_MS = 86_400_000;

describe('conversation: offline push users, delete, update by user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function clients(n: number): Promise<Client[]> {
    const users = await registerUsers(t, n);
    return Promise.all(users.map((u) => clientOf(t, u.userID)));
  }

  const allIDs = async (c: Client): Promise<string[]> =>
    listOf(dataOf(await c.post('/conversation/get_all_conversations', { ownerUserID: c.userID })).conversations)
      .map((x: { conversationID: string }) => x.conversationID)
      .sort();

  it('get_conversation_offline_push_user_ids: leaves out users whose recvMsgOpt is not 0 (admin only)', async () => {
    const [owner, normal, refusing, silent, noRecord] = await clients(5);
    const groupID = await createGroup(t, owner.userID, [normal.userID, refusing.userID, silent.userID]);
    await sendGroupText(t, owner.userID, groupID, 'hello all');
    const conversationID = `sg_${groupID}`;
    const set = (c: Client, recvMsgOpt: number) =>
      c.post('/conversation/set_conversations', {
        userIDs: [c.userID],
        conversation: { conversationID, conversationType: 3, groupID, recvMsgOpt },
      });
    expect((await set(refusing, 1)).body.errCode).toBe(0);
    expect((await set(silent, 2)).body.errCode).toBe(0);
    const userIDs = [owner, normal, refusing, silent, noRecord].map((c) => c.userID);
    const body = { conversationID, userIDs };
    const res = await t.post('/conversation/get_conversation_offline_push_user_ids', body, await t.adminToken());
    expect([...dataOf(res).userIDs].sort()).toEqual([owner.userID, normal.userID, noRecord.userID].sort());

    // single chat: the peer who muted the conversation is left out
    expect((await setSingle(normal, owner.userID, { recvMsgOpt: 2 })).body.errCode).toBe(0);
    const single = await t.post(
      '/conversation/get_conversation_offline_push_user_ids',
      { conversationID: si(owner.userID, normal.userID), userIDs: [owner.userID, normal.userID] },
      await t.adminToken(),
    );
    expect(dataOf(single).userIDs).toEqual([owner.userID]);

    const refused = await owner.post('/conversation/get_conversation_offline_push_user_ids', body);
    expect(errOf(refused.body).errCode).toBe(1002);
  });

  it('delete_conversations by ID: removes only the owner\u2019s records, the messages stay', async () => {
    const [a, b, c] = await clients(3);
    await sendText(t, a.userID, b.userID, 'to b');
    await sendText(t, a.userID, c.userID, 'to c');
    const res = await a.post('/conversation/delete_conversations', {
      ownerUserID: a.userID,
      conversationIDs: [si(a.userID, b.userID), 'si_not_mine'],
    });
    expect(res.body.errCode).toBe(0);
    expect(await allIDs(a)).toEqual([si(a.userID, c.userID)]);
    expect(errOf((await conversationOf(a, si(a.userID, b.userID))).body).errCode).toBe(1004);
    // b still has his record and the message
    expect(await allIDs(b)).toEqual([si(a.userID, b.userID)]);
    const pulled = dataOf(
      await b.post('/msg/pull_msg_by_seq', {
        userID: b.userID,
        seqRanges: [{ conversationID: si(a.userID, b.userID), begin: 1, end: 10, num: 10 }],
        order: 0,
      }),
    );
    expect(pulled.msgs[si(a.userID, b.userID)].Msgs).toHaveLength(1);
    // a new message recreates a's record, and the history is still there
    await sendText(t, b.userID, a.userID, 'back');
    expect(await allIDs(a)).toEqual([si(a.userID, b.userID), si(a.userID, c.userID)].sort());
    const seqs = dataOf(await a.post('/msg/get_conversations_has_read_and_max_seq', { userID: a.userID }));
    expect(seqs.seqs[si(a.userID, b.userID)]).toMatchObject({ maxSeq: 2 });
  });

  it('delete_conversations with needDeleteTime: removes the conversations idle for that many days', async () => {
    const [a, b, c] = await clients(3);
    await sendText(t, a.userID, b.userID, 'recent');
    // a record without any message, created three days ago (no API can backdate one)
    const repo = t.app.get(ConversationRepository);
    await t.app.get(DatabaseService).transaction((tx) =>
      repo.ensure(tx, [
        {
          ownerUserID: a.userID,
          conversationID: si(a.userID, c.userID),
          conversationType: 1,
          userID: c.userID,
          createTime: Date.now() - 3 * DAY_MS,
        },
      ]),
    );
    expect(await allIDs(a)).toEqual([si(a.userID, b.userID), si(a.userID, c.userID)].sort());
    const del = (needDeleteTime: number) =>
      a.post('/conversation/delete_conversations', { ownerUserID: a.userID, needDeleteTime });
    expect((await del(5)).body.errCode).toBe(0);
    expect(await allIDs(a)).toEqual([si(a.userID, b.userID), si(a.userID, c.userID)].sort());
    expect((await del(2)).body.errCode).toBe(0);
    expect(await allIDs(a)).toEqual([si(a.userID, b.userID)]);
  });

  it('delete_conversations: exactly one of needDeleteTime and conversationIDs (1001); self or admin (1002)', async () => {
    const [a, b] = await clients(2);
    await sendText(t, a.userID, b.userID, 'hi');
    const cid = si(a.userID, b.userID);
    for (const body of [
      { ownerUserID: a.userID },
      { ownerUserID: a.userID, conversationIDs: [] },
      { ownerUserID: a.userID, conversationIDs: null },
      { ownerUserID: a.userID, needDeleteTime: null, conversationIDs: null },
      { ownerUserID: a.userID, needDeleteTime: 1, conversationIDs: [cid] },
    ]) {
      const res = await a.post('/conversation/delete_conversations', body);
      expect({ body, errCode: errOf(res.body).errCode }).toEqual({ body, errCode: 1001 });
    }
    const other = await b.post('/conversation/delete_conversations', { ownerUserID: a.userID, conversationIDs: [cid] });
    expect(errOf(other.body).errCode).toBe(1002);
    expect(await allIDs(a)).toEqual([cid]);
    const admin = await t.post(
      '/conversation/delete_conversations',
      { ownerUserID: a.userID, conversationIDs: [cid] },
      await t.adminToken(),
    );
    expect(admin.body.errCode).toBe(0);
    expect(await allIDs(a)).toEqual([]);
  });

  it('update_conversations_by_user: sets ex on all of the user\u2019s records and nothing else', async () => {
    const [a, b, c] = await clients(3);
    await sendText(t, a.userID, b.userID, 'one');
    await sendText(t, c.userID, a.userID, 'two');
    expect((await setSingle(a, b.userID, { isPinned: true, ex: 'old' })).body.errCode).toBe(0);
    const before = await a.post('/conversation/get_incremental_conversations', {
      userID: a.userID,
      versionID: '',
      version: 0,
    });
    const { version, versionID } = dataOf(before);

    expect(
      (await a.post('/conversation/update_conversations_by_user', { userID: a.userID, ex: 'bulk' })).body.errCode,
    ).toBe(0);
    const all = listOf(
      dataOf(await a.post('/conversation/get_all_conversations', { ownerUserID: a.userID })).conversations,
    );
    expect(all).toHaveLength(2);
    for (const conv of all) expect(conv.ex).toBe('bulk');
    expect(all.find((x: { userID: string }) => x.userID === b.userID)).toMatchObject({ isPinned: true });
    // the peers' records are untouched
    expect(dataOf(await conversationOf(b, si(a.userID, b.userID))).conversation.ex).toBe('');
    // clients learn it through incremental sync
    const sync = dataOf(
      await a.post('/conversation/get_incremental_conversations', { userID: a.userID, versionID, version }),
    );
    expect(
      listOf(sync.update)
        .map((x: { conversationID: string }) => x.conversationID)
        .sort(),
    ).toEqual([si(a.userID, b.userID), si(a.userID, c.userID)].sort());

    // without ex nothing changes
    expect((await a.post('/conversation/update_conversations_by_user', { userID: a.userID })).body.errCode).toBe(0);
    for (const conv of listOf(
      dataOf(await a.post('/conversation/get_all_conversations', { ownerUserID: a.userID })).conversations,
    )) {
      expect(conv.ex).toBe('bulk');
    }

    const other = await b.post('/conversation/update_conversations_by_user', { userID: a.userID, ex: 'x' });
    expect(errOf(other.body).errCode).toBe(1002);
  });
});
