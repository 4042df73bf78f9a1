import { sql } from 'drizzle-orm';
import { DatabaseService, dbHandle } from '../../../src/infra/database/database.service';
import { queryRows } from '../../../src/infra/database/sql-util';
import { errOf, expectArgsError, expectOk, uniqueID } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { call, GroupInfoView, membersOf, ok, people, sendAs } from './group-helpers';

const SIZE = 10_000;

describe('a group of 10,000 members', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is created in one request, paged, messaged (stored once), muted, unmuted and dismissed', async () => {
    const admin = await t.adminToken();
    const prefix = uniqueID('big');
    const ids = Array.from({ length: SIZE - 1 }, (_, i) => `${prefix}_${i}`);
    for (let i = 0; i < ids.length; i += 1000) {
      const users = ids.slice(i, i + 1000).map((userID) => ({ userID, nickname: userID }));
      expectOk((await t.post('/user/user_register', { users }, admin)).body);
    }
    const [owner] = await people(t, 1);
    const started = Date.now();
    const created = await ok<{ groupInfo: GroupInfoView }>(t, owner, '/group/create_group', {
      memberUserIDs: ids,
      groupInfo: { groupName: 'big', groupType: 2 },
    });
    const groupID = created.groupInfo.groupID;
    expect(created.groupInfo.memberCount).toBe(SIZE);
    // one more is too many (GROUP_MAX_MEMBERS)
    const [extra] = await people(t, 1);
    expect(
      errOf(await call(t, owner, '/group/invite_user_to_group', { groupID, invitedUserIDs: [extra.userID] })).errCode,
    ).toBe(1001);
    const page = await ok<{ total: number; members: { userID: string }[] }>(t, owner, '/group/get_group_member_list', {
      groupID,
      pagination: { pageNumber: 50, showNumber: 100 },
    });
    expect(page.total).toBe(SIZE);
    expect(page.members.length).toBe(100);
    const member = ids[4242];
    expectOk(await sendAs(t, member, groupID, 'hello everyone'));
    const rows = await queryRows<{ n: number }>(
      dbHandle(t.app.get(DatabaseService)),
      sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${`sg_${groupID}`} AND content_type = 101`,
    );
    expect(rows[0].n).toBe(1);
    await ok(t, owner, '/group/mute_group_member', { groupID, userID: member, mutedSeconds: 60 });
    expect(errOf(await sendAs(t, member, groupID)).errCode).toBe(1402);
    await ok(t, owner, '/group/cancel_mute_group_member', { groupID, userID: member });
    expectOk(await sendAs(t, member, groupID));
    const abstract = await ok<{ groupAbstractInfos: { groupMemberNumber: number }[] }>(
      t,
      owner,
      '/group/get_group_abstract_info',
      { groupIDs: [groupID] },
    );
    expect(abstract.groupAbstractInfos[0].groupMemberNumber).toBe(SIZE);
    await ok(t, owner, '/group/dismiss_group', { groupID });
    expect(errOf(await sendAs(t, owner.userID, groupID)).errCode).toBe(1204);
    // the members stay for the history; a second dismissal with deleteMember removes them
    await ok(t, owner, '/group/dismiss_group', { groupID, deleteMember: true });
    expect(await membersOf(t, admin, groupID)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 180_000);

  it('refuses a creation beyond GROUP_MAX_MEMBERS', async () => {
    const [owner] = await people(t, 1);
    const members = Array.from({ length: SIZE }, (_, i) => `nobody_${i}`);
    expectArgsError(
      await call(t, owner, '/group/create_group', { memberUserIDs: members, groupInfo: { groupType: 2 } }),
      'GROUP_MAX_MEMBERS',
    );
  });
});
