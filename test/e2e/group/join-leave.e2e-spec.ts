import { errOf, readSeqs } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { call, groupMsgs, groupNotices, membersOf, newGroup, ok, people, sendAs } from './group-helpers';

type Requests = { total: number; groupRequests: { handleResult: number; userInfo: { userID: string } | null }[] };

describe('joining and leaving groups', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('free join (needVerification 2): member at once, record, 1510; twice → 1001', async () => {
    const [owner, joiner] = await people(t, 2);
    const g = await newGroup(t, owner, [], { groupInfo: { needVerification: 2 } });
    await sendAs(t, owner.userID, g.groupID, 'before');
    await ok(t, joiner, '/group/join_group', { groupID: g.groupID, joinSource: 3, inviterUserID: joiner.userID });
    expect((await membersOf(t, owner, g.groupID)).map((m) => m.userID)).toContain(joiner.userID);
    // history before joining is visible by default
    expect((await groupMsgs(t, joiner.userID, g.groupID)).map((m) => m.contentType)).toEqual([1501, 101, 1510]);
    const [enter] = (await groupNotices(t, joiner.userID, g.groupID)).filter((n) => n.contentType === 1510);
    expect(enter.tips).toMatchObject({ entrantUser: { userID: joiner.userID, roleLevel: 20, joinSource: 3 } });
    const again = await call(t, joiner, '/group/join_group', { groupID: g.groupID, joinSource: 3 });
    expect(errOf(again).errCode).toBe(1001);
    expect(errOf(await call(t, joiner, '/group/join_group', { groupID: 'none', joinSource: 3 })).errCode).toBe(1004);
    // applying in someone else's name is refused (the reference trusts inviterUserID; we do not)
    const [other] = await people(t, 1);
    const forOther = await call(t, joiner, '/group/join_group', {
      groupID: g.groupID,
      joinSource: 3,
      inviterUserID: other.userID,
    });
    expect(errOf(forOther).errCode).toBe(1002);
  });

  it('applications: listed to owner/admins and applicant, accepted once (then 1206), refused, counted', async () => {
    const [owner, admin, a, b, m] = await people(t, 5);
    const g = await newGroup(t, owner, [m], { admins: [admin] });
    for (const p of [a, b]) {
      await ok(t, p, '/group/join_group', { groupID: g.groupID, joinSource: 3, reqMessage: 'let me in' });
    }
    expect((await membersOf(t, owner, g.groupID)).length).toBe(3);
    const recv = await ok<Requests>(t, admin, '/group/get_recv_group_applicationList', {
      fromUserID: admin.userID,
      pagination: { pageNumber: 1, showNumber: 10 },
    });
    expect(recv.total).toBe(2);
    expect(recv.groupRequests.map((r) => r.userInfo?.userID).sort()).toEqual([a.userID, b.userID].sort());
    const count = await ok<{ count: number }>(t, owner, '/group/get_group_application_unhandled_count', {
      userID: owner.userID,
    });
    expect(count.count).toBe(2);
    const mine = await ok<Requests>(t, a, '/group/get_user_req_group_applicationList', {
      userID: a.userID,
      pagination: { pageNumber: 1, showNumber: 10 },
    });
    expect(mine.groupRequests).toMatchObject([
      { handleResult: 0, reqMsg: 'let me in', groupInfo: { groupID: g.groupID } },
    ]);
    // an ordinary member may not answer, nor read others' applications
    const respond = (who: typeof owner, fromUserID: string, handleResult: number) =>
      call(t, who, '/group/group_application_response', { groupID: g.groupID, fromUserID, handleResult });
    expect(errOf(await respond(m, a.userID, 1)).errCode).toBe(1002);
    expect(
      errOf(await call(t, m, '/group/get_specified_user_group_request_info', { groupID: g.groupID, userID: a.userID }))
        .errCode,
    ).toBe(1002);
    expect(errOf(await respond(owner, a.userID, 0)).errCode).toBe(1001);
    expect((await respond(admin, a.userID, 1)).errCode).toBe(0);
    expect(errOf(await respond(owner, a.userID, 1)).errCode).toBe(1206);
    expect((await respond(owner, b.userID, -1)).errCode).toBe(0);
    expect(errOf(await respond(owner, m.userID, 1)).errCode).toBe(1004);
    const ids = (await membersOf(t, owner, g.groupID)).map((x) => x.userID);
    expect(ids).toContain(a.userID);
    expect(ids).not.toContain(b.userID);
    const spec = await ok<Requests>(t, b, '/group/get_specified_user_group_request_info', {
      groupID: g.groupID,
      userID: b.userID,
    });
    expect(spec.groupRequests).toMatchObject([{ handleResult: -1 }]);
    const users = await ok<Requests>(t, owner, '/group/get_group_users_req_application_list', {
      groupID: g.groupID,
      userIDs: [a.userID, b.userID],
    });
    expect(users.total).toBe(2);
    expect(users.groupRequests.every((r) => r.userInfo !== null)).toBe(true);
    expect((await groupNotices(t, a.userID, g.groupID)).map((n) => n.contentType)).toContain(1510);
    expect(
      (await ok<{ count: number }>(t, owner, '/group/get_group_application_unhandled_count', { userID: owner.userID }))
        .count,
    ).toBe(0);
  });

  it('invite: direct for members (1509), an application where all need approval; existing members are ignored', async () => {
    const [owner, m, x, y, z] = await people(t, 5);
    const g = await newGroup(t, owner, [m]);
    await ok(t, m, '/group/invite_user_to_group', { groupID: g.groupID, invitedUserIDs: [x.userID, m.userID] });
    const [invited] = (await groupNotices(t, x.userID, g.groupID)).filter((n) => n.contentType === 1509);
    expect(invited.tips).toMatchObject({
      invitedUserList: [{ userID: x.userID, inviterUserID: m.userID }],
      inviterUser: { userID: m.userID },
    });
    expect(
      errOf(await call(t, m, '/group/invite_user_to_group', { groupID: g.groupID, invitedUserIDs: ['ghost'] })).errCode,
    ).toBe(1003);
    // the group is checked before the users
    const nowhere = await call(t, m, '/group/invite_user_to_group', {
      groupID: 'no-such-group',
      invitedUserIDs: ['ghost'],
    });
    expect(errOf(nowhere)).toMatchObject({ errCode: 1004 });
    const [outsider] = await people(t, 1);
    const foreign = await call(t, outsider, '/group/invite_user_to_group', {
      groupID: g.groupID,
      invitedUserIDs: [y.userID],
    });
    expect(errOf(foreign).errCode).toBe(1002);
    const strict = await newGroup(t, owner, [m], { groupInfo: { needVerification: 1 } });
    await ok(t, m, '/group/invite_user_to_group', { groupID: strict.groupID, invitedUserIDs: [y.userID] });
    expect((await membersOf(t, owner, strict.groupID)).map((r) => r.userID)).not.toContain(y.userID);
    const pending = await ok<Requests & { groupRequests: { inviterUserID: string; joinSource: number }[] }>(
      t,
      owner,
      '/group/get_recv_group_applicationList',
      { fromUserID: owner.userID, groupIDs: [strict.groupID], pagination: { pageNumber: 1, showNumber: 10 } },
    );
    expect(pending.groupRequests).toMatchObject([{ inviterUserID: m.userID, joinSource: 2 }]);
    await ok(t, owner, '/group/group_application_response', {
      groupID: strict.groupID,
      fromUserID: y.userID,
      handleResult: 1,
    });
    expect((await groupNotices(t, y.userID, strict.groupID)).map((n) => n.contentType)).toContain(1509);
    // the owner invites directly even there
    await ok(t, owner, '/group/invite_user_to_group', { groupID: strict.groupID, invitedUserIDs: [z.userID] });
    expect((await membersOf(t, owner, strict.groupID)).map((r) => r.userID)).toContain(z.userID);
  });

  it('quit: the owner cannot (1002), a member leaves and sees nothing later; a non-member gets 1004', async () => {
    const [owner, m] = await people(t, 2);
    const g = await newGroup(t, owner, [m]);
    expect(errOf(await call(t, owner, '/group/quit_group', { groupID: g.groupID })).errCode).toBe(1002);
    await sendAs(t, owner.userID, g.groupID, 'one');
    await ok(t, m, '/group/quit_group', { groupID: g.groupID, userID: m.userID });
    await sendAs(t, owner.userID, g.groupID, 'two');
    // the notice of their own leaving (seq 3) is theirs to keep
    expect((await groupMsgs(t, m.userID, g.groupID)).map((x) => x.seq)).toEqual([1, 2, 3]);
    expect((await readSeqs(t, m.userID))[`sg_${g.groupID}`]).toMatchObject({ maxSeq: 3 });
    expect((await groupNotices(t, owner.userID, g.groupID)).map((n) => n.contentType)).toEqual([1501, 1504]);
    expect(errOf(await sendAs(t, m.userID, g.groupID)).errCode).toBe(1203);
    expect(errOf(await call(t, m, '/group/quit_group', { groupID: g.groupID })).errCode).toBe(1004);
    // coming back lifts the cap
    await ok(t, owner, '/group/invite_user_to_group', { groupID: g.groupID, invitedUserIDs: [m.userID] });
    await sendAs(t, owner.userID, g.groupID, 'three');
    expect((await readSeqs(t, m.userID))[`sg_${g.groupID}`].maxSeq).toBe(6);
  });

  it('kick: owner any, admin only members, members nobody; kicked users are capped', async () => {
    const [owner, admin, admin2, m1, m2] = await people(t, 5);
    const g = await newGroup(t, owner, [m1, m2], { admins: [admin, admin2] });
    const kick = (who: typeof owner, ids: string[]) =>
      call(t, who, '/group/kick_group', { groupID: g.groupID, kickedUserIDs: ids });
    expect(errOf(await kick(m1, [m2.userID])).errCode).toBe(1002);
    expect(errOf(await kick(admin, [admin2.userID])).errCode).toBe(1002);
    expect(errOf(await kick(admin, [owner.userID])).errCode).toBe(1001);
    expect(errOf(await kick(owner, [owner.userID])).errCode).toBe(1001);
    expect(errOf(await kick(owner, ['ghost'])).errCode).toBe(1101);
    expect((await kick(admin, [m1.userID])).errCode).toBe(0);
    expect((await kick(owner, [admin2.userID])).errCode).toBe(0);
    expect((await membersOf(t, owner, g.groupID)).map((x) => x.userID).sort()).toEqual(
      [owner.userID, admin.userID, m2.userID].sort(),
    );
    const kicked = (await groupNotices(t, owner.userID, g.groupID)).filter((n) => n.contentType === 1508);
    expect(kicked.map((k) => (k.tips.kickedUserList as { userID: string }[])[0].userID)).toEqual([
      m1.userID,
      admin2.userID,
    ]);
    await sendAs(t, owner.userID, g.groupID, 'after');
    const seen = await groupMsgs(t, m1.userID, g.groupID);
    expect(seen.map((x) => x.contentType)).toEqual([1501, 1508]);
  });

  it('transfer: only the owner; roles swap; a muted new owner is unmuted', async () => {
    const [owner, admin, m] = await people(t, 3);
    const g = await newGroup(t, owner, [m], { admins: [admin] });
    await ok(t, owner, '/group/mute_group_member', { groupID: g.groupID, userID: admin.userID, mutedSeconds: 600 });
    const transfer = (who: typeof owner, from: string, to: string) =>
      call(t, who, '/group/transfer_group', { groupID: g.groupID, oldOwnerUserID: from, newOwnerUserID: to });
    expect(errOf(await transfer(admin, owner.userID, admin.userID)).errCode).toBe(1002);
    expect(errOf(await transfer(owner, owner.userID, owner.userID)).errCode).toBe(1001);
    expect(errOf(await transfer(owner, owner.userID, 'ghost')).errCode).toBe(1001);
    expect((await transfer(owner, owner.userID, admin.userID)).errCode).toBe(0);
    const roles = Object.fromEntries(
      (await membersOf(t, m, g.groupID)).map((x) => [x.userID, [x.roleLevel, x.muteEndTime]]),
    );
    expect(roles).toEqual({ [admin.userID]: [100, 0], [owner.userID]: [60, 0], [m.userID]: [20, 0] });
    const [info] = (
      await ok<{ groupInfos: { ownerUserID: string }[] }>(t, m, '/group/get_groups_info', { groupIDs: [g.groupID] })
    ).groupInfos;
    expect(info.ownerUserID).toBe(admin.userID);
    const notices = (await groupNotices(t, m.userID, g.groupID)).map((n) => n.contentType);
    expect(notices).toEqual([1501, 1512, 1513, 1507]);
  });

  it('dismiss: owner only; members kept after 1511 (deleteMember removes them); later sends 1204; again 1204', async () => {
    const [owner, m] = await people(t, 2);
    const g = await newGroup(t, owner, [m]);
    expect(errOf(await call(t, m, '/group/dismiss_group', { groupID: g.groupID })).errCode).toBe(1002);
    await ok(t, owner, '/group/dismiss_group', { groupID: g.groupID });
    expect(errOf(await sendAs(t, owner.userID, g.groupID)).errCode).toBe(1204);
    expect(errOf(await call(t, owner, '/group/dismiss_group', { groupID: g.groupID })).errCode).toBe(1204);
    expect((await groupNotices(t, m.userID, g.groupID)).map((n) => n.contentType)).toEqual([1501, 1511]);
    const infoOf = async (groupID: string) =>
      (
        await ok<{ groupInfos: { status: number; memberCount: number }[] }>(t, owner, '/group/get_groups_info', {
          groupIDs: [groupID],
        })
      ).groupInfos[0];
    expect(await infoOf(g.groupID)).toMatchObject({ status: 2, memberCount: 2 });
    expect((await membersOf(t, m, g.groupID)).map((x) => x.userID).sort()).toEqual([owner.userID, m.userID].sort());
    // deleteMember: the rows go at once, without a notice
    const g2 = await newGroup(t, owner, [m], { sendMessage: false });
    await ok(t, owner, '/group/dismiss_group', { groupID: g2.groupID, deleteMember: true });
    expect(await groupNotices(t, owner.userID, g2.groupID)).toEqual([]);
    expect(await infoOf(g2.groupID)).toMatchObject({ status: 2, memberCount: 0 });
    const joined = await ok<{ groups: { groupID: string }[] }>(t, m, '/group/get_joined_group_list', {
      fromUserID: m.userID,
      pagination: { pageNumber: 1, showNumber: 10 },
    });
    expect(joined.groups.map((x) => x.groupID)).toEqual([g.groupID]);
  });
});
