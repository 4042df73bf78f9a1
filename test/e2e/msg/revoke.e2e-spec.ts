import {
  contentOf,
  createGroup,
  errOf,
  expectArgsError,
  nOf,
  pullMsgs,
  registerUsers,
  sendGroupText,
  sendText,
  setMemberRole,
  si,
  tipsOf,
  userToken,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

describe('revoke_msg', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const revoke = (userID: string, conversationID: string, seq: number, token: string) =>
    t.post('/msg/revoke_msg', { userID, conversationID, seq }, token);

  /** The revoke detail a pull shows in place of the message. */
  const revokedDetail = (msg: { content: string }) =>
    JSON.parse((contentOf(msg) as { detail: string }).detail) as Record<string, unknown>;

  it('single chat: the sender revokes; both pull a 2101 in its place and the peer gets a stored 2101', async () => {
    const [a, b] = await registerUsers(t, 2);
    await sendText(t, a.userID, b.userID, 'first');
    const sent = await sendText(t, a.userID, b.userID, 'oops');
    const cid = si(a.userID, b.userID);
    const ta = await userToken(t, a.userID);
    const before = Date.now();
    expect((await revoke(a.userID, cid, 2, ta)).body).toMatchObject({ errCode: 0 });

    for (const viewer of [a.userID, b.userID]) {
      const [first, revoked] = await pullMsgs(t, viewer, cid);
      expect(contentOf(first)).toEqual({ content: 'first' });
      expect(revoked).toMatchObject({ seq: 2, contentType: 2101, clientMsgID: sent.clientMsgID, sendID: a.userID });
      expect(revokedDetail(revoked)).toMatchObject({
        revokerID: a.userID,
        clientMsgID: sent.clientMsgID,
        revokerNickname: a.nickname,
        revokeTime: expect.any(Number),
        sourceMessageSendID: a.userID,
        sourceMessageSendTime: sent.sendTime,
        sourceMessageSenderNickname: a.nickname,
        sessionType: 1,
        seq: 2,
      });
      expect(revokedDetail(revoked).revokeTime).toBeGreaterThanOrEqual(before);
    }

    const notes = await pullMsgs(t, b.userID, nOf(cid));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ contentType: 2101, sendID: a.userID, recvID: b.userID, sessionType: 1 });
    expect(tipsOf(notes[0])).toEqual({
      revokerUserID: a.userID,
      clientMsgID: sent.clientMsgID,
      revokeTime: expect.any(Number),
      sesstionType: 1,
      seq: 2,
      conversationID: cid,
      isAdminRevoke: false,
    });
  });

  it('single chat: only the sender may revoke (1002); twice → 1404; a missing message → 1004; bad input → 1001', async () => {
    const [a, b] = await registerUsers(t, 2);
    await sendText(t, a.userID, b.userID, 'keep');
    const cid = si(a.userID, b.userID);
    const [ta, tb] = [await userToken(t, a.userID), await userToken(t, b.userID)];
    expect(errOf((await revoke(b.userID, cid, 1, tb)).body).errCode).toBe(1002);
    expect(errOf((await revoke(b.userID, cid, 1, ta)).body).errCode).toBe(1002);
    expect(errOf((await t.post('/msg/revoke_msg', { userID: a.userID, conversationID: cid, seq: 1 })).body)).toEqual({
      errCode: 1005,
      errDlt: expect.any(String),
    });
    expectArgsError((await revoke(a.userID, cid, 0, ta)).body, 'seq');
    expectArgsError((await revoke(a.userID, cid, 2 ** 64, ta)).body, 'seq');
    expectArgsError((await t.post('/msg/revoke_msg', { userID: a.userID, seq: 1 }, ta)).body, 'conversationID');
    expect(errOf((await revoke(a.userID, cid, 7, ta)).body).errCode).toBe(1004);
    // none of that revoked it
    expect((await pullMsgs(t, b.userID, cid))[0].contentType).toBe(101);
    expect(await pullMsgs(t, b.userID, nOf(cid))).toEqual([]);

    expect((await revoke(a.userID, cid, 1, ta)).body).toMatchObject({ errCode: 0 });
    expect(errOf((await revoke(a.userID, cid, 1, ta)).body).errCode).toBe(1404);
    expect(await pullMsgs(t, b.userID, nOf(cid))).toHaveLength(1);
  });

  it('an app admin revoking a single-chat message is an admin revoke, told in the conversation stream', async () => {
    const [a, b] = await registerUsers(t, 2);
    await sendText(t, a.userID, b.userID, 'bad words');
    const cid = si(a.userID, b.userID);
    const adminID = t.config.adminUserIDs[0];
    expect((await revoke(adminID, cid, 1, await t.adminToken())).body).toMatchObject({ errCode: 0 });
    const [msg] = await pullMsgs(t, b.userID, cid);
    expect(revokedDetail(msg)).toMatchObject({ revokerID: adminID, sourceMessageSendID: a.userID });
    for (const viewer of [a.userID, b.userID]) {
      const notes = await pullMsgs(t, viewer, nOf(cid));
      expect(notes).toHaveLength(1);
      expect(tipsOf(notes[0])).toMatchObject({ revokerUserID: adminID, conversationID: cid, isAdminRevoke: true });
    }
  });

  describe('group chat', () => {
    let owner: string, admin: string, admin2: string, m1: string, m2: string, groupID: string, cid: string;
    const tokens = new Map<string, string>();
    const as = async (user: string, seq: number) => {
      if (!tokens.has(user)) tokens.set(user, await userToken(t, user));
      return revoke(user, cid, seq, tokens.get(user) ?? '');
    };

    beforeAll(async () => {
      [owner, admin, admin2, m1, m2] = (await registerUsers(t, 5)).map((u) => u.userID);
      groupID = await createGroup(t, owner, [admin, admin2, m1, m2]);
      await setMemberRole(t, groupID, admin, 60);
      await setMemberRole(t, groupID, admin2, 60);
      cid = `sg_${groupID}`;
      await sendGroupText(t, m1, groupID, 'seq1 by m1');
      await sendGroupText(t, owner, groupID, 'seq2 by owner');
      await sendGroupText(t, admin2, groupID, 'seq3 by admin2');
      await sendGroupText(t, m2, groupID, 'seq4 by m2');
      await sendGroupText(t, admin, groupID, 'seq5 by admin');
    });

    const contentTypes = async () => (await pullMsgs(t, m2, cid)).map((m) => m.contentType);

    it("members may not revoke others' messages; admins may not revoke the owner's or another admin's", async () => {
      expect(errOf((await as(m2, 1)).body).errCode).toBe(1002);
      expect(errOf((await as(admin, 2)).body).errCode).toBe(1002);
      expect(errOf((await as(admin, 3)).body).errCode).toBe(1002);
      expect(errOf((await as(m1, 5)).body).errCode).toBe(1002);
      expect(await contentTypes()).toEqual([101, 101, 101, 101, 101]);
    });

    it("an admin revokes a member's message, the owner anyone's, a member their own; n_<group> holds each 2101", async () => {
      expect((await as(admin, 1)).body).toMatchObject({ errCode: 0 });
      expect((await as(owner, 3)).body).toMatchObject({ errCode: 0 });
      expect((await as(m2, 4)).body).toMatchObject({ errCode: 0 });
      expect(await contentTypes()).toEqual([2101, 101, 2101, 2101, 101]);
      const [byAdmin, byOwner] = await pullMsgs(t, m2, cid, 1, 3);
      expect(revokedDetail(byAdmin)).toMatchObject({ revokerID: admin, revokerRole: 60, sourceMessageSendID: m1 });
      expect(revokedDetail(await pullMsgs(t, m1, cid, 3, 3).then((l) => l[0]))).toMatchObject({
        revokerID: owner,
        revokerRole: 100,
        sourceMessageSendID: admin2,
        sessionType: 3,
      });
      expect(byOwner.contentType).toBe(101);

      const notes = await pullMsgs(t, m1, `n_${groupID}`);
      expect(notes.map((n) => [n.contentType, n.sendID, n.groupID, n.sessionType])).toEqual([
        [2101, admin, groupID, 3],
        [2101, owner, groupID, 3],
        [2101, m2, groupID, 3],
      ]);
      expect(tipsOf(notes[0])).toEqual({
        revokerUserID: admin,
        clientMsgID: byAdmin.clientMsgID,
        revokeTime: expect.any(Number),
        sesstionType: 3,
        seq: 1,
        conversationID: cid,
        isAdminRevoke: false,
      });
      expect(errOf((await as(owner, 1)).body).errCode).toBe(1404);
    });
  });
});
