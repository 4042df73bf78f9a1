import { errOf, expectArgsError, readSeqs } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { call, groupNotices, GroupInfoView, newGroup, ok, people } from './group-helpers';

describe('group creation and info', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates a group: caller is owner, roles 100/60/20, every member gets the sg_ record and the 1501 copy', async () => {
    const [owner, admin, m1, m2] = await people(t, 4);
    const g = await newGroup(t, owner, [m1, m2], { admins: [admin], groupInfo: { groupName: 'Team', ex: 'x' } });
    expect(g).toMatchObject({ groupName: 'Team', ownerUserID: owner.userID, memberCount: 4, status: 0, groupType: 2 });
    expect(g.groupID).toMatch(/^\d+$/);
    expect(g.creatorUserID).toBe(owner.userID);
    const members = await ok<{ members: { userID: string; roleLevel: number; joinSource: number }[] }>(
      t,
      m1,
      '/group/get_group_members_info',
      { groupID: g.groupID, userIDs: [owner.userID, admin.userID, m2.userID, 'nobody'] },
    );
    expect(members.members.map((m) => [m.userID, m.roleLevel, m.joinSource])).toEqual([
      [owner.userID, 100, 2],
      [admin.userID, 60, 2],
      [m2.userID, 20, 2],
    ]);
    for (const p of [owner, admin, m1, m2]) {
      expect((await readSeqs(t, p.userID))[`sg_${g.groupID}`]).toMatchObject({ maxSeq: 1 });
    }
    const [created] = await groupNotices(t, m2.userID, g.groupID);
    expect(created).toMatchObject({ seq: 1, contentType: 1501, sendID: owner.userID });
    expect(created.tips).toMatchObject({
      group: { groupID: g.groupID, memberCount: 4 },
      opUser: { userID: owner.userID, roleLevel: 100 },
      groupOwnerUser: { userID: owner.userID },
      groupMemberVersionID: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
    expect((created.tips.memberList as unknown[]).length).toBe(4);
  });

  it('groupID "" (what the official SDKs always send) gets a generated ID, a fresh one per group', async () => {
    const [owner, m1] = await people(t, 2);
    const make = () =>
      ok<{ groupInfo: GroupInfoView }>(t, owner, '/group/create_group', {
        memberUserIDs: [m1.userID],
        groupInfo: { groupID: '', groupName: 'from the SDK', groupType: 2 },
      });
    const [a, b] = [(await make()).groupInfo, (await make()).groupInfo];
    expect(a.groupID).toMatch(/^\d+$/);
    expect(b.groupID).toMatch(/^\d+$/);
    expect(a.groupID).not.toBe(b.groupID);
    expect(a).toMatchObject({ groupName: 'from the SDK', ownerUserID: owner.userID, memberCount: 2 });
  });

  it('sendMessage false leaves no visible copy; an announcement at creation adds 1519', async () => {
    const [owner, m1] = await people(t, 2);
    const quiet = await newGroup(t, owner, [m1], { sendMessage: false });
    expect(await groupNotices(t, m1.userID, quiet.groupID)).toEqual([]);
    const loud = await newGroup(t, owner, [m1], { groupInfo: { notification: 'read me' } });
    expect((await groupNotices(t, m1.userID, loud.groupID)).map((n) => n.contentType)).toEqual([1501, 1519]);
    expect(loud).toMatchObject({ notification: 'read me', notificationUserID: owner.userID });
  });

  it('refuses bad creations: another owner (1002), duplicates and groupType (1001), unknown users (1003), taken ID (1202)', async () => {
    const [owner, m1] = await people(t, 2);
    const base = { groupInfo: { groupType: 2 } };
    expect(errOf(await call(t, m1, '/group/create_group', { ...base, ownerUserID: owner.userID })).errCode).toBe(1002);
    expectArgsError(
      await call(t, owner, '/group/create_group', {
        ...base,
        memberUserIDs: [m1.userID],
        adminUserIDs: [m1.userID],
      }),
      'memberUserIDs',
    );
    expectArgsError(await call(t, owner, '/group/create_group', { groupInfo: { groupType: 1 } }), 'groupType');
    expectArgsError(await call(t, owner, '/group/create_group', { memberUserIDs: [m1.userID] }), 'groupInfo');
    expect(errOf(await call(t, owner, '/group/create_group', { ...base, memberUserIDs: ['ghost'] })).errCode).toBe(
      1003,
    );
    const g = await newGroup(t, owner, [], { groupInfo: { groupID: `fixed-${owner.userID}` } });
    expect(g.groupID).toBe(`fixed-${owner.userID}`);
    const again = await call(t, m1, '/group/create_group', { groupInfo: { groupID: g.groupID, groupType: 2 } });
    expect(errOf(again).errCode).toBe(1202);
    // an app admin creates for someone else
    const made = await ok<{ groupInfo: GroupInfoView }>(t, await t.adminToken(), '/group/create_group', {
      ...base,
      ownerUserID: owner.userID,
      memberUserIDs: [m1.userID],
    });
    expect(made.groupInfo).toMatchObject({ ownerUserID: owner.userID, memberCount: 2 });
  });

  it('get_groups_info returns known groups in order and skips unknown ones', async () => {
    const [owner] = await people(t, 1);
    const a = await newGroup(t, owner);
    const b = await newGroup(t, owner);
    const data = await ok<{ groupInfos: GroupInfoView[] }>(t, owner, '/group/get_groups_info', {
      groupIDs: [b.groupID, 'none', a.groupID],
    });
    expect(data.groupInfos.map((g) => g.groupID)).toEqual([b.groupID, a.groupID]);
    expectArgsError(await call(t, owner, '/group/get_groups_info', { groupIDs: [] }), 'groupIDs');
  });

  it('set_group_info: owner/admin only; name 1520, announcement 1519 (+ groupAtType 4), other fields 1502', async () => {
    const [owner, admin, m1] = await people(t, 3);
    const g = await newGroup(t, owner, [m1], { admins: [admin], sendMessage: false });
    const set = (who: typeof owner, fields: Record<string, unknown>) =>
      call(t, who, '/group/set_group_info', { groupInfoForSet: { groupID: g.groupID, ...fields } });
    expect(errOf(await set(m1, { groupName: 'x' })).errCode).toBe(1002);
    expectOk(await set(admin, { groupName: 'Renamed', notification: 'hello all', introduction: '' }));
    // empty strings are "unchanged" in the deprecated form; nothing changed → no notification
    expectOk(await set(owner, { groupName: '', notification: '' }));
    expectOk(await set(owner, { needVerification: 2, ex: 'e' }));
    const [info] = (
      await ok<{ groupInfos: GroupInfoView[] }>(t, m1, '/group/get_groups_info', { groupIDs: [g.groupID] })
    ).groupInfos;
    expect(info).toMatchObject({ groupName: 'Renamed', notification: 'hello all', needVerification: 2, ex: 'e' });
    expect(info.notificationUserID).toBe(admin.userID);
    // 1519 and 1520 are visible; 1502 is not stored
    expect((await groupNotices(t, m1.userID, g.groupID)).map((n) => n.contentType)).toEqual([1519, 1520]);
    const conv = await ok<{ conversation: { groupAtType: number } }>(t, m1, '/conversation/get_conversation', {
      ownerUserID: m1.userID,
      conversationID: `sg_${g.groupID}`,
    });
    expect(conv.conversation.groupAtType).toBe(4);
    expect(errOf(await call(t, owner, '/group/set_group_info', { groupInfoForSet: { groupID: 'none' } })).errCode).toBe(
      1004,
    );
  });

  it('set_group_info_ex: null keeps, "" clears, a blank name is refused', async () => {
    const [owner] = await people(t, 1);
    const g = await newGroup(t, owner, [], { groupInfo: { introduction: 'intro', faceURL: 'f' } });
    expectArgsError(
      await call(t, owner, '/group/set_group_info_ex', { groupID: g.groupID, groupName: '  ' }),
      'groupName',
    );
    expectOk(await call(t, owner, '/group/set_group_info_ex', { groupID: g.groupID, introduction: '', faceURL: null }));
    const [info] = (
      await ok<{ groupInfos: GroupInfoView[] }>(t, owner, '/group/get_groups_info', { groupIDs: [g.groupID] })
    ).groupInfos;
    expect(info).toMatchObject({ groupName: 'team', introduction: '', faceURL: 'f' });
  });

  it('get_groups (admin) finds by name or ID; abstract info hashes change with the members', async () => {
    const [owner, m1] = await people(t, 2);
    const g = await newGroup(t, owner, [m1], { groupInfo: { groupName: `Findme ${owner.userID}` } });
    expect(
      errOf(await call(t, owner, '/group/get_groups', { pagination: { pageNumber: 1, showNumber: 10 } })).errCode,
    ).toBe(1002);
    const admin = await t.adminToken();
    const found = await ok<{ total: number; groups: { groupInfo: GroupInfoView; groupOwnerUserID: string }[] }>(
      t,
      admin,
      '/group/get_groups',
      { groupName: `findme ${owner.userID}`, pagination: { pageNumber: 1, showNumber: 10 } },
    );
    expect(found.total).toBe(1);
    expect(found.groups[0]).toMatchObject({ groupInfo: { groupID: g.groupID }, groupOwnerUserID: owner.userID });
    const abstract = async () =>
      (
        await ok<{ groupAbstractInfos: { groupMemberNumber: number; groupMemberListHash: number }[] }>(
          t,
          m1,
          '/group/get_group_abstract_info',
          { groupIDs: [g.groupID] },
        )
      ).groupAbstractInfos[0];
    const before = await abstract();
    expect(before.groupMemberNumber).toBe(2);
    await ok(t, owner, '/group/set_group_member_info', {
      members: [{ groupID: g.groupID, userID: m1.userID, nickname: 'n' }],
    });
    const after = await abstract();
    expect(after.groupMemberListHash).not.toBe(before.groupMemberListHash);
    const [outsider] = await people(t, 1);
    expect(errOf(await call(t, outsider, '/group/get_group_abstract_info', { groupIDs: [g.groupID] })).errCode).toBe(
      1002,
    );
  });

  it('statistics/group/create counts groups per day (admin)', async () => {
    const [owner] = await people(t, 1);
    const start = Date.now() - 1000;
    await newGroup(t, owner);
    await newGroup(t, owner);
    const end = Date.now() + 1000;
    const stats = await ok<{ total: number; before: number; count: Record<string, number> }>(
      t,
      await t.adminToken(),
      '/statistics/group/create',
      { start, end },
    );
    expect(Object.values(stats.count).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    expect(stats.total).toBeGreaterThanOrEqual(stats.before + 2);
    expect(errOf(await call(t, owner, '/statistics/group/create', { start, end })).errCode).toBe(1002);
    expectArgsError(
      await call(t, await t.adminToken(), '/statistics/group/create', { start: end, end: start }),
      'start',
    );
  });
});

function expectOk(body: { errCode: number }): void {
  expect(body).toMatchObject({ errCode: 0 });
}
