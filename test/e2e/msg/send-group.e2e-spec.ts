import { sql } from 'drizzle-orm';
import { DatabaseService, dbHandle } from '../../../src/infra/database/database.service';
import { queryRows } from '../../../src/infra/database/sql-util';
import { createGroup, errOf, expectOk, registerUsers, sendGroupText, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { WsTestClient } from '../../helpers/ws-client';

describe('group chat messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const sendGroup = async (sendID: string, groupID: string, sendMsg: Record<string, unknown> = {}) =>
    t.post(
      '/msg/send_msg',
      { sendMsg: { sendID, groupID, content: { content: 'hi' }, contentType: 101, sessionType: 3, ...sendMsg } },
      await t.adminToken(),
    );

  const readState = async (userID: string, cid: string) => {
    const res = await t.post(
      '/msg/get_conversations_has_read_and_max_seq',
      { userID, conversationIDs: [cid] },
      await userToken(t, userID),
    );
    return res.body.data.seqs[cid] as { maxSeq: number; hasReadSeq: number } | undefined;
  };

  it('stores a group message once and gives every member a conversation with it unread (not the sender)', async () => {
    const [owner, m1, m2] = await registerUsers(t, 3);
    const groupID = await createGroup(t, owner.userID, [m1.userID, m2.userID]);
    const cid = `sg_${groupID}`;
    await sendGroupText(t, m1.userID, groupID, 'first');
    await sendGroupText(t, owner.userID, groupID, 'second');
    const rows = await queryRows<{ n: number }>(
      dbHandle(t.app.get(DatabaseService)),
      sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${cid}`,
    );
    expect(rows[0].n).toBe(2);
    expect(await readState(m1.userID, cid)).toMatchObject({ maxSeq: 2, hasReadSeq: 1 });
    expect(await readState(owner.userID, cid)).toMatchObject({ maxSeq: 2, hasReadSeq: 2 });
    expect(await readState(m2.userID, cid)).toMatchObject({ maxSeq: 2, hasReadSeq: 0 });
    const pulled = await t.post(
      '/msg/pull_msg_by_seq',
      { userID: m2.userID, seqRanges: [{ conversationID: cid, begin: 1, end: 2, num: 10 }] },
      await userToken(t, m2.userID),
    );
    expect(
      pulled.body.data.msgs[cid].Msgs.map((m: { seq: number; groupID: string; sessionType: number }) => [
        m.seq,
        m.groupID,
        m.sessionType,
      ]),
    ).toEqual([
      [1, groupID, 3],
      [2, groupID, 3],
    ]);
  });

  it('accepts sessionType 2 as a group chat, stored under sg_ and answered as 3', async () => {
    const [owner, m1] = await registerUsers(t, 2);
    const groupID = await createGroup(t, owner.userID, [m1.userID]);
    expectOk((await sendGroup(m1.userID, groupID, { sessionType: 2 })).body);
    const cid = `sg_${groupID}`;
    const pulled = await t.post(
      '/msg/pull_msg_by_seq',
      { userID: owner.userID, seqRanges: [{ conversationID: cid, begin: 1, end: 1, num: 1 }] },
      await userToken(t, owner.userID),
    );
    expect(pulled.body.data.msgs[cid].Msgs[0]).toMatchObject({ seq: 1, sessionType: 3 });
  });

  it('refuses non-members (1203), unknown groups (1004), dismissed groups (1204) and a missing groupID (1001)', async () => {
    const [owner, m1, outsider] = await registerUsers(t, 3);
    const groupID = await createGroup(t, owner.userID, [m1.userID]);
    expect(errOf((await sendGroup(outsider.userID, groupID)).body).errCode).toBe(1203);
    expect(errOf((await sendGroup(m1.userID, 'no-such-group')).body).errCode).toBe(1004);
    expect(errOf((await sendGroup(m1.userID, '')).body)).toEqual({
      errCode: 1001,
      errDlt: expect.stringContaining('groupID'),
    });
    const dismissed = await createGroup(t, owner.userID, [m1.userID], { status: 2 });
    expect(errOf((await sendGroup(owner.userID, dismissed)).body).errCode).toBe(1204);
    expect(await readState(owner.userID, `sg_${groupID}`)).toBeUndefined();
  });

  it('applies mutes: a muted member 1402, a muted group 1403 for members while owner and admins still speak', async () => {
    const [owner, admin, member, muted] = await registerUsers(t, 4);
    const groupID = await createGroup(t, owner.userID, [admin.userID, member.userID, muted.userID], { status: 3 });
    const db = dbHandle(t.app.get(DatabaseService));
    await db.execute(
      sql`UPDATE group_members SET role_level = 60 WHERE group_id = ${groupID} AND user_id = ${admin.userID}`,
    );
    await db.execute(
      sql`UPDATE group_members SET mute_end_time = ${Date.now() + 60_000} WHERE group_id = ${groupID} AND user_id = ${muted.userID}`,
    );
    expect(errOf((await sendGroup(muted.userID, groupID)).body).errCode).toBe(1402);
    expect(errOf((await sendGroup(member.userID, groupID)).body).errCode).toBe(1403);
    expectOk((await sendGroup(admin.userID, groupID)).body);
    expectOk((await sendGroup(owner.userID, groupID)).body);
  });

  it('a flagged member is told at once: 1300 naming the group conversation, live over the gateway', async () => {
    const [owner, m1, m2, gone] = await registerUsers(t, 4);
    const groupID = await createGroup(t, owner.userID, [m1.userID, m2.userID, gone.userID]);
    const cid = `sg_${groupID}`;
    await sendGroupText(t, owner.userID, groupID, 'start');
    expectOk((await t.post('/group/quit_group', { groupID }, await userToken(t, gone.userID))).body);
    const live = await Promise.all(
      [m1, m2, gone].map(async (u) =>
        WsTestClient.connect(t, { userID: u.userID, token: await userToken(t, u.userID, 5), platformID: 5 }),
      ),
    );
    const tipsTo = (c: WsTestClient) =>
      c
        .pushedMessages()
        .filter((p) => p.msg.contentType === 1300)
        .map((p) => JSON.parse(JSON.parse(Buffer.from(p.msg.content).toString()).detail as string) as unknown);
    try {
      const atText = { content: { text: 'look', atUserList: [m1.userID, gone.userID] }, contentType: 106 };
      expectOk((await sendGroup(owner.userID, groupID, atText)).body);
      await live[0].until(() => tipsTo(live[0]).length === 1, 'the 1300 for m1');
      expect(tipsTo(live[0])).toEqual([{ userID: m1.userID, conversationIDList: [cid] }]);
      // @all: the others are told too; a former member is neither flagged nor told
      expectOk(
        (await sendGroup(m1.userID, groupID, { ...atText, content: { text: 'all', atUserList: ['AtAllTag'] } })).body,
      );
      await live[1].until(() => tipsTo(live[1]).length === 1, 'the 1300 for m2');
      expect(tipsTo(live[1])).toEqual([{ userID: m2.userID, conversationIDList: [cid] }]);
      expect(tipsTo(live[2])).toEqual([]);
      const conv = await t.post(
        '/conversation/get_conversation',
        { ownerUserID: gone.userID, conversationID: cid },
        await userToken(t, gone.userID),
      );
      expect(conv.body.data.conversation.groupAtType).toBe(0);
    } finally {
      live.forEach((c) => c.close());
    }
  });

  it('flags mentioned members: @someone sets groupAtType 1, @all sets 2 for the others', async () => {
    const [owner, m1, m2] = await registerUsers(t, 3);
    const groupID = await createGroup(t, owner.userID, [m1.userID, m2.userID]);
    const cid = `sg_${groupID}`;
    await sendGroupText(t, owner.userID, groupID, 'start');
    const atText = (atUserList: string[]) => ({ content: { text: 'look', atUserList }, contentType: 106 });
    expectOk((await sendGroup(owner.userID, groupID, atText([m1.userID]))).body);
    const conv = async (userID: string) =>
      (
        await t.post(
          '/conversation/get_conversation',
          { ownerUserID: userID, conversationID: cid },
          await userToken(t, userID),
        )
      ).body.data.conversation;
    expect((await conv(m1.userID)).groupAtType).toBe(1);
    expect((await conv(m2.userID)).groupAtType).toBe(0);
    expectOk((await sendGroup(m1.userID, groupID, atText(['AtAllTag']))).body);
    expect((await conv(m2.userID)).groupAtType).toBe(2);
    expect((await conv(owner.userID)).groupAtType).toBe(2);
    const pulled = await t.post(
      '/msg/pull_msg_by_seq',
      { userID: m2.userID, seqRanges: [{ conversationID: cid, begin: 2, end: 2, num: 1 }] },
      await userToken(t, m2.userID),
    );
    expect(pulled.body.data.msgs[cid].Msgs[0].atUserIDList).toEqual([m1.userID]);
  });

  it('a member who left sees history up to their cap and nothing after', async () => {
    const [owner, leaver] = await registerUsers(t, 2);
    const groupID = await createGroup(t, owner.userID, [leaver.userID]);
    const cid = `sg_${groupID}`;
    await sendGroupText(t, owner.userID, groupID, 'one');
    await sendGroupText(t, owner.userID, groupID, 'two');
    const token = await userToken(t, leaver.userID);
    expectOk((await t.post('/group/quit_group', { groupID }, token)).body);
    await sendGroupText(t, owner.userID, groupID, 'three');
    const pulled = await t.post(
      '/msg/pull_msg_by_seq',
      { userID: leaver.userID, seqRanges: [{ conversationID: cid, begin: 1, end: 10, num: 10 }] },
      token,
    );
    // seq 3 is the notice of their own leaving (1504), seq 4 is 'three'
    expect(
      pulled.body.data.msgs[cid].Msgs.map((m: { seq: number; contentType: number }) => [m.seq, m.contentType]),
    ).toEqual([
      [1, 101],
      [2, 101],
      [3, 1504],
    ]);
    expect(await readState(leaver.userID, cid)).toMatchObject({ maxSeq: 3 });
    expect(errOf((await sendGroup(leaver.userID, groupID)).body).errCode).toBe(1203);
  });
});
