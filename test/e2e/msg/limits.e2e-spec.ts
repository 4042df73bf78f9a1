import { sql } from 'drizzle-orm';
import { DatabaseService, dbHandle } from '../../../src/infra/database/database.service';
import {
  createGroup,
  errOf,
  expectOk,
  pullMsgs,
  registerUsers,
  sendGroupText,
  sendText,
  setMemberRole,
  si,
  userToken,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

describe('limits and who may act for everyone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('in a group only the owner or an admin may delete or clear for everyone (1002 for a member)', async () => {
    const [owner, admin, member] = await registerUsers(t, 3);
    const groupID = await createGroup(t, owner.userID, [admin.userID, member.userID]);
    await setMemberRole(t, groupID, admin.userID, 60);
    const cid = `sg_${groupID}`;
    for (let i = 0; i < 3; i++) await sendGroupText(t, owner.userID, groupID, `m${i}`);
    const forAll = { IsSyncOther: true };
    const asMember = await userToken(t, member.userID);
    const del = await t.post(
      '/msg/delete_msgs',
      { conversationID: cid, seqs: [1], userID: member.userID, deleteSyncOpt: forAll },
      asMember,
    );
    expect(errOf(del.body).errCode).toBe(1002);
    const clear = await t.post(
      '/msg/clear_conversation_msg',
      { conversationIDs: [cid], userID: member.userID, deleteSyncOpt: forAll },
      asMember,
    );
    expect(errOf(clear.body).errCode).toBe(1002);
    expect((await pullMsgs(t, owner.userID, cid)).filter((m) => m.status !== 4)).toHaveLength(3);
    const asAdmin = await userToken(t, admin.userID);
    expectOk(
      (
        await t.post(
          '/msg/delete_msgs',
          { conversationID: cid, seqs: [1], userID: admin.userID, deleteSyncOpt: forAll },
          asAdmin,
        )
      ).body,
    );
    expect((await pullMsgs(t, member.userID, cid)).map((m) => [m.seq, m.status])).toEqual([
      [1, 4],
      [2, 2],
      [3, 2],
    ]);
  });

  it('user_clear_all_msg for everyone clears chats for both sides, and a group the user does not manage only for them', async () => {
    const [owner, member, friend] = await registerUsers(t, 3);
    const groupID = await createGroup(t, owner.userID, [member.userID]);
    await sendGroupText(t, owner.userID, groupID, 'group');
    await sendText(t, member.userID, friend.userID, 'chat');
    const res = await t.post(
      '/msg/user_clear_all_msg',
      { userID: member.userID, deleteSyncOpt: { IsSyncOther: true } },
      await userToken(t, member.userID),
    );
    expectOk(res.body);
    expect(await pullMsgs(t, friend.userID, si(member.userID, friend.userID))).toEqual([]);
    expect(await pullMsgs(t, owner.userID, `sg_${groupID}`)).toHaveLength(1);
    expect(await pullMsgs(t, member.userID, `sg_${groupID}`)).toEqual([]);
  });

  it('batch_send_msg sends to users only: a group sessionType is 1001', async () => {
    const [owner, member] = await registerUsers(t, 2);
    const groupID = await createGroup(t, owner.userID, [member.userID]);
    const res = await t.post(
      '/msg/batch_send_msg',
      {
        sendMsg: { sendID: owner.userID, groupID, content: { content: 'x' }, contentType: 101, sessionType: 3 },
        recvIDs: [member.userID],
      },
      await t.adminToken(),
    );
    expect(errOf(res.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('send_msg') });
  });

  it('one pull may not ask for more than 20000 messages', async () => {
    const [a, b] = await registerUsers(t, 2);
    await sendText(t, a.userID, b.userID, 'x');
    const cid = si(a.userID, b.userID);
    // Fake a long conversation: only the seq head matters for the window size.
    await dbHandle(t.app.get(DatabaseService)).execute(
      sql`UPDATE seq_conversations SET max_seq = 50000 WHERE conversation_id = ${cid}`,
    );
    const seqRanges = Array.from({ length: 21 }, (_, i) => ({
      conversationID: cid,
      begin: i * 1000 + 1,
      end: (i + 1) * 1000,
      num: 1000,
    }));
    const res = await t.post('/msg/pull_msg_by_seq', { userID: a.userID, seqRanges }, await userToken(t, a.userID));
    expect(errOf(res.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('20000') });
  });

  it('delete_msg_physical keeps a message sent after the cut even when its seq is lower', async () => {
    const [a, b] = await registerUsers(t, 2);
    const cid = si(a.userID, b.userID);
    await sendText(t, a.userID, b.userID, 'recent');
    await sendText(t, a.userID, b.userID, 'backdated', { sendTime: 1_000_000 });
    await sendText(t, a.userID, b.userID, 'newest');
    expectOk(
      (await t.post('/msg/delete_msg_physical', { conversationIDs: [cid], timestamp: 2_000_000 }, await t.adminToken()))
        .body,
    );
    const left = await pullMsgs(t, b.userID, cid);
    expect(left.map((m) => [m.seq, m.status])).toEqual([
      [1, 2],
      [2, 4],
      [3, 2],
    ]);
  });
});
