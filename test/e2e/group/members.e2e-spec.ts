import { errOf, expectArgsError } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { call, groupNotices, membersOf, newGroup, ok, people, sendAs } from './group-helpers';

type Member = { userID: string; roleLevel: number; nickname: string; faceURL: string; muteEndTime: number };

describe('group members', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('member list: owner, admins, members; role filters, keyword on nicknames, paging; members only', async () => {
    const [owner, admin, m1, m2, outsider] = await people(t, 5);
    const g = await newGroup(t, owner, [m1, m2], { admins: [admin] });
    await ok(t, m2, '/group/set_group_member_info', {
      members: [{ groupID: g.groupID, userID: m2.userID, nickname: 'Zebra in group' }],
    });
    const list = (body: Record<string, unknown>) =>
      ok<{ total: number; members: Member[] }>(t, m1, '/group/get_group_member_list', {
        groupID: g.groupID,
        pagination: { pageNumber: 1, showNumber: 10 },
        ...body,
      });
    const all = await list({});
    expect(all.total).toBe(4);
    expect(all.members.slice(0, 2).map((m) => m.userID)).toEqual([owner.userID, admin.userID]);
    // a member without a group nickname shows the user's nickname
    expect(all.members.find((m) => m.userID === m1.userID)?.nickname).toBe(`nick-${m1.userID}`);
    expect((await list({ filter: 4 })).members.map((m) => m.roleLevel)).toEqual([100, 60]);
    expect((await list({ filter: 3 })).total).toBe(2);
    expect((await list({ keyword: 'zebra' })).members.map((m) => m.userID)).toEqual([m2.userID]);
    expect((await list({ keyword: m1.userID })).members.map((m) => m.userID)).toEqual([m1.userID]);
    const page2 = await list({ pagination: { pageNumber: 2, showNumber: 3 } });
    expect(page2).toMatchObject({ total: 4 });
    expect(page2.members.length).toBe(1);
    expect(
      errOf(
        await call(t, outsider, '/group/get_group_member_list', {
          groupID: g.groupID,
          pagination: { pageNumber: 1, showNumber: 10 },
        }),
      ).errCode,
    ).toBe(1002);
    expectArgsError(await call(t, m1, '/group/get_group_member_list', { groupID: g.groupID }), 'pagination');
    const ids = await ok<{ userIDs: string[] }>(t, m1, '/group/get_group_member_user_id', { groupID: g.groupID });
    expect(ids.userIDs.sort()).toEqual([owner, admin, m1, m2].map((p) => p.userID).sort());
  });

  it('joined group list pages a user’s groups with member counts; only self or app admin', async () => {
    const [owner, m] = await people(t, 2);
    const a = await newGroup(t, owner, [m]);
    const b = await newGroup(t, owner, []);
    const mine = await ok<{ total: number; groups: { groupID: string; memberCount: number }[] }>(
      t,
      owner,
      '/group/get_joined_group_list',
      { fromUserID: owner.userID, pagination: { pageNumber: 1, showNumber: 10 } },
    );
    expect(mine.total).toBe(2);
    expect(mine.groups.map((g) => [g.groupID, g.memberCount])).toEqual([
      [a.groupID, 2],
      [b.groupID, 1],
    ]);
    const other = await call(t, m, '/group/get_joined_group_list', {
      fromUserID: owner.userID,
      pagination: { pageNumber: 1, showNumber: 10 },
    });
    expect(errOf(other).errCode).toBe(1002);
  });

  it('mute member: who may mute whom; a muted member gets 1402 until unmuted', async () => {
    const [owner, admin, admin2, m1, m2] = await people(t, 5);
    const g = await newGroup(t, owner, [m1, m2], { admins: [admin, admin2] });
    const mute = (who: typeof owner, userID: string) =>
      call(t, who, '/group/mute_group_member', { groupID: g.groupID, userID, mutedSeconds: 3600 });
    expect(errOf(await mute(m1, m2.userID)).errCode).toBe(1002);
    expect(errOf(await mute(admin, admin2.userID)).errCode).toBe(1002);
    expect(errOf(await mute(admin, owner.userID)).errCode).toBe(1002);
    expect(errOf(await mute(owner, 'ghost')).errCode).toBe(1004);
    expectArgsError(
      await call(t, owner, '/group/mute_group_member', { groupID: g.groupID, userID: m1.userID, mutedSeconds: 0 }),
      'mutedSeconds',
    );
    expect((await mute(admin, m1.userID)).errCode).toBe(0);
    expect((await mute(owner, admin2.userID)).errCode).toBe(0);
    expect(errOf(await sendAs(t, m1.userID, g.groupID)).errCode).toBe(1402);
    expect(errOf(await sendAs(t, admin2.userID, g.groupID)).errCode).toBe(1402);
    const muted = (await membersOf(t, owner, g.groupID)).find((m) => m.userID === m1.userID);
    expect(muted?.muteEndTime).toBeGreaterThan(Date.now() + 3_500_000);
    await ok(t, admin, '/group/cancel_mute_group_member', { groupID: g.groupID, userID: m1.userID });
    expect((await sendAs(t, m1.userID, g.groupID)).errCode).toBe(0);
    const notices = await groupNotices(t, m2.userID, g.groupID);
    const types = notices.map((n) => n.contentType);
    expect(types).toEqual([1501, 1512, 1512, 1513]);
    expect(notices[1].tips).toMatchObject({
      mutedUser: { userID: m1.userID },
      mutedSeconds: 3600,
      opUser: { userID: admin.userID },
    });
  });

  it('mute group: ordinary members get 1403, owner and admins speak; cancel lifts it', async () => {
    const [owner, admin, m] = await people(t, 3);
    const g = await newGroup(t, owner, [m], { admins: [admin] });
    expect(errOf(await call(t, m, '/group/mute_group', { groupID: g.groupID })).errCode).toBe(1002);
    await ok(t, admin, '/group/mute_group', { groupID: g.groupID });
    expect(errOf(await sendAs(t, m.userID, g.groupID)).errCode).toBe(1403);
    expect((await sendAs(t, admin.userID, g.groupID)).errCode).toBe(0);
    expect((await sendAs(t, owner.userID, g.groupID)).errCode).toBe(0);
    await ok(t, owner, '/group/cancel_mute_group', { groupID: g.groupID });
    expect((await sendAs(t, m.userID, g.groupID)).errCode).toBe(0);
    const notices = (await groupNotices(t, m.userID, g.groupID)).map((n) => n.contentType);
    expect(notices).toEqual([1501, 1514, 1515]);
  });

  it('set_group_member_info: who may change whom, roles 60/20 only, all or nothing', async () => {
    const [owner, admin, m1, m2] = await people(t, 4);
    const g = await newGroup(t, owner, [m1, m2], { admins: [admin] });
    const set = (who: typeof owner, members: Record<string, unknown>[]) =>
      call(t, who, '/group/set_group_member_info', { members: members.map((m) => ({ groupID: g.groupID, ...m })) });
    expect(errOf(await set(m1, [{ userID: m2.userID, nickname: 'x' }])).errCode).toBe(1002);
    expect(errOf(await set(m1, [{ userID: m1.userID, roleLevel: 60 }])).errCode).toBe(1002);
    expect(errOf(await set(admin, [{ userID: owner.userID, nickname: 'x' }])).errCode).toBe(1002);
    expect(errOf(await set(owner, [{ userID: m1.userID, roleLevel: 100 }])).errCode).toBe(1002);
    expect(errOf(await set(owner, [{ userID: m1.userID, roleLevel: 30 }])).errCode).toBe(1001);
    expect(errOf(await set(owner, [{ userID: owner.userID, roleLevel: 20 }])).errCode).toBe(1001);
    expect(errOf(await set(owner, [{ userID: 'ghost', nickname: 'x' }])).errCode).toBe(1001);
    expect(
      errOf(
        await set(owner, [
          { userID: m1.userID, nickname: 'a' },
          { userID: m1.userID, nickname: 'b' },
        ]),
      ).errCode,
    ).toBe(1001);
    // one bad item: nothing written
    expect(
      errOf(
        await set(admin, [
          { userID: m1.userID, nickname: 'written?' },
          { userID: owner.userID, nickname: 'no' },
        ]),
      ).errCode,
    ).toBe(1002);
    expect((await membersOf(t, owner, g.groupID)).find((m) => m.userID === m1.userID)?.nickname).toBe(
      `nick-${m1.userID}`,
    );
    expect((await set(m1, [{ userID: m1.userID, nickname: 'me', faceURL: 'f.png' }])).errCode).toBe(0);
    expect((await set(admin, [{ userID: m2.userID, ex: 'e' }])).errCode).toBe(0);
    expect(
      (
        await set(owner, [
          { userID: m2.userID, roleLevel: 60 },
          { userID: admin.userID, roleLevel: 20 },
        ])
      ).errCode,
    ).toBe(0);
    const roles = Object.fromEntries((await membersOf(t, owner, g.groupID)).map((m) => [m.userID, m]));
    expect(roles[m1.userID]).toMatchObject({ nickname: 'me', faceURL: 'f.png', roleLevel: 20 });
    expect(roles[m2.userID]).toMatchObject({ roleLevel: 60, ex: 'e' });
    expect(roles[admin.userID].roleLevel).toBe(20);
    // 1516/1517/1518 are not stored as messages (the reference's defaults): nothing new in the chat
    expect((await groupNotices(t, m1.userID, g.groupID)).map((n) => n.contentType)).toEqual([1501]);
  });

  it("a user's new nickname shows in the groups where the member has none of their own", async () => {
    const [owner, m] = await people(t, 2);
    const plain = await newGroup(t, owner, [m]);
    const named = await newGroup(t, owner, [m]);
    await ok(t, m, '/group/set_group_member_info', {
      members: [{ groupID: named.groupID, userID: m.userID, nickname: 'group name', faceURL: 'gf' }],
    });
    const version = async (groupID: string) =>
      (await ok<{ version: number }>(t, m, '/group/get_full_group_member_user_ids', { groupID })).version;
    const [v1, v2] = [await version(plain.groupID), await version(named.groupID)];
    await ok(t, m, '/user/update_user_info_ex', { userInfo: { userID: m.userID, nickname: 'New Nick' } });
    expect(await version(plain.groupID)).toBe(v1 + 1);
    expect(await version(named.groupID)).toBe(v2);
    const show = async (groupID: string) =>
      (await membersOf(t, owner, groupID)).find((x) => x.userID === m.userID)?.nickname;
    expect(await show(plain.groupID)).toBe('New Nick');
    expect(await show(named.groupID)).toBe('group name');
  });
});
