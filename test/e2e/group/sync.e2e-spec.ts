import { errOf } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { idHash } from '../../../src/versionlog/id-hash';
import { call, groupNotices, newGroup, ok, people } from './group-helpers';

interface Incremental<T> {
  version: number;
  versionID: string;
  full: boolean;
  delete: string[];
  insert: T[];
  update: T[];
}
type Ids = { groupID?: string; userID?: string };

describe('group incremental sync', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('joined groups: full when unknown, then exactly the groups joined and left since the version', async () => {
    const [owner, m] = await people(t, 2);
    const a = await newGroup(t, owner, [m]);
    const inc = (versionID: string, version: number) =>
      ok<Incremental<{ groupID: string }>>(t, m, '/group/get_incremental_join_groups', {
        userID: m.userID,
        versionID,
        version,
      });
    const first = await inc('', 0);
    expect(first).toMatchObject({ full: true, insert: [], delete: [] });
    expect(await inc(first.versionID, first.version)).toMatchObject({
      full: false,
      insert: [],
      delete: [],
      update: [],
    });
    const b = await newGroup(t, owner, [m]);
    await ok(t, owner, '/group/kick_group', { groupID: a.groupID, kickedUserIDs: [m.userID] });
    const next = await inc(first.versionID, first.version);
    expect(next).toMatchObject({ full: false, delete: [a.groupID], update: [] });
    expect(next.insert.map((g: Ids) => g.groupID)).toEqual([b.groupID]);
    expect(next.version).toBe(first.version + 2);
    expect((await inc('0123456789abcdef01234567', first.version)).full).toBe(true);
    expect(errOf(await call(t, owner, '/group/get_incremental_join_groups', { userID: m.userID })).errCode).toBe(1002);
  });

  it('group members: inserts, updates, deletes and the group after a version; the tips carry the version', async () => {
    const [owner, m1, m2, m3] = await people(t, 4);
    const g = await newGroup(t, owner, [m1, m2]);
    const [created] = await groupNotices(t, owner.userID, g.groupID);
    const v0 = {
      versionID: created.tips.groupMemberVersionID as string,
      version: created.tips.groupMemberVersion as number,
    };
    const inc = (v: { versionID: string; version: number }) =>
      ok<Incremental<{ userID: string; nickname: string }> & { group: { groupName: string } | null }>(
        t,
        m1,
        '/group/get_incremental_group_members',
        { groupID: g.groupID, ...v },
      );
    expect(await inc(v0)).toMatchObject({ full: false, insert: [], update: [], delete: [], group: null });
    await ok(t, owner, '/group/invite_user_to_group', { groupID: g.groupID, invitedUserIDs: [m3.userID] });
    await ok(t, m2, '/group/set_group_member_info', {
      members: [{ groupID: g.groupID, userID: m2.userID, nickname: 'two' }],
    });
    await ok(t, owner, '/group/kick_group', { groupID: g.groupID, kickedUserIDs: [m1.userID] });
    await ok(t, owner, '/group/set_group_info_ex', { groupID: g.groupID, groupName: 'renamed' });
    const after = await ok<Incremental<{ userID: string }> & { group: { groupName: string } }>(
      t,
      owner,
      '/group/get_incremental_group_members',
      { groupID: g.groupID, ...v0 },
    );
    expect(after.full).toBe(false);
    expect(after.insert.map((x) => x.userID)).toEqual([m3.userID]);
    expect(after.update).toMatchObject([{ userID: m2.userID, nickname: 'two' }]);
    expect(after.delete).toEqual([m1.userID]);
    expect(after.group.groupName).toBe('renamed');
    expect(after.version).toBe(v0.version + 4);
    const renamed = (await groupNotices(t, owner.userID, g.groupID)).find((n) => n.contentType === 1520);
    expect(renamed?.tips.groupMemberVersion).toBe(after.version);
    // the kicked member may not ask any more
    expect(
      errOf(await call(t, m1, '/group/get_incremental_group_members', { groupID: g.groupID, ...v0 })).errCode,
    ).toBe(1002);
    const full = await ok<{ full: boolean; group: unknown }>(t, owner, '/group/get_incremental_group_members', {
      groupID: g.groupID,
      versionID: '',
      version: 0,
    });
    expect(full).toMatchObject({ full: true, group: { groupID: g.groupID } });
  });

  it('sortVersion: set when a role change reorders the member list since the version, 0 otherwise', async () => {
    const [owner, m1, m2] = await people(t, 3);
    const g = await newGroup(t, owner, [m1, m2]);
    type Sorted = Incremental<{ userID: string }> & { sortVersion: number };
    const inc = (v: { versionID: string; version: number }) =>
      ok<Sorted>(t, owner, '/group/get_incremental_group_members', { groupID: g.groupID, ...v });
    const v0 = await inc({ versionID: '', version: 0 });
    await ok(t, m1, '/group/set_group_member_info', {
      members: [{ groupID: g.groupID, userID: m1.userID, nickname: 'one' }],
    });
    const renamed = await inc(v0);
    expect(renamed).toMatchObject({ full: false, sortVersion: 0 });
    await ok(t, owner, '/group/set_group_member_info', {
      members: [{ groupID: g.groupID, userID: m2.userID, roleLevel: 60 }],
    });
    const promoted = await inc(renamed);
    expect(promoted.update.map((u) => u.userID)).toEqual([m2.userID]);
    expect(promoted.sortVersion).toBe(promoted.version);
    await ok(t, owner, '/group/transfer_group', {
      groupID: g.groupID,
      oldOwnerUserID: owner.userID,
      newOwnerUserID: m1.userID,
    });
    const transferred = await inc(promoted);
    expect(transferred.sortVersion).toBe(transferred.version);
    expect(transferred.update.map((u) => u.userID).sort()).toEqual([owner.userID, m1.userID].sort());
  });

  it('batch: many groups in one answer; a dismissed group or one the user left fails it, as in the reference', async () => {
    const [owner, m] = await people(t, 2);
    const a = await newGroup(t, owner, [m]);
    const b = await newGroup(t, owner, [m]);
    const c = await newGroup(t, owner, [m]);
    const d = await newGroup(t, owner, [m]);
    const ids = await ok<{ groupIDs: string[]; version: number }>(t, m, '/group/get_full_join_group_ids', {
      userID: m.userID,
      idHash: 0,
    });
    expect(ids.groupIDs).toEqual([a.groupID, b.groupID, c.groupID, d.groupID].sort());
    const first = await ok<{ respList: Record<string, Incremental<Ids>> }>(
      t,
      m,
      '/group/get_incremental_group_members_batch',
      {
        userID: m.userID,
        reqList: ids.groupIDs.map((groupID) => ({ groupID, versionID: '', version: 0 })),
      },
    );
    expect(Object.keys(first.respList).sort()).toEqual(ids.groupIDs);
    await ok(t, owner, '/group/dismiss_group', { groupID: c.groupID });
    await ok(t, m, '/group/quit_group', { groupID: d.groupID });
    await ok(t, owner, '/group/set_group_member_info', {
      members: [{ groupID: a.groupID, userID: m.userID, ex: 'x' }],
    });
    const since = (groupIDs: string[]) => ({
      userID: m.userID,
      reqList: groupIDs.map((groupID) => ({
        groupID,
        versionID: first.respList[groupID].versionID,
        version: first.respList[groupID].version,
      })),
    });
    // the SDK core asks again for any group left out of an answer: a refusal ends its loop, a gap does not
    const batch = '/group/get_incremental_group_members_batch';
    expect(errOf(await call(t, m, batch, since([a.groupID, c.groupID]))).errCode).toBe(1204);
    expect(errOf(await call(t, m, batch, since([a.groupID, d.groupID]))).errCode).toBe(1002);
    const again = await ok<{ respList: Record<string, Incremental<Ids>> }>(t, m, batch, since([a.groupID, b.groupID]));
    expect(Object.keys(again.respList).sort()).toEqual([a.groupID, b.groupID].sort());
    expect(again.respList[a.groupID].update.map((x) => x.userID)).toEqual([m.userID]);
    expect(again.respList[b.groupID]).toMatchObject({ full: false, insert: [], update: [], delete: [] });
  });

  it('full ID lists: equal when the client hash matches', async () => {
    const [owner, m] = await people(t, 2);
    const g = await newGroup(t, owner, [m]);
    const members = await ok<{ userIDs: string[] }>(t, m, '/group/get_full_group_member_user_ids', {
      groupID: g.groupID,
    });
    expect(members.userIDs).toEqual([owner.userID, m.userID].sort());
    const same = await ok<{ equal: boolean; userIDs: null }>(t, m, '/group/get_full_group_member_user_ids', {
      groupID: g.groupID,
      idHash: idHash(members.userIDs),
    });
    expect(same).toMatchObject({ equal: true, userIDs: null });
    const joined = await ok<{ groupIDs: string[] }>(t, m, '/group/get_full_join_group_ids', { userID: m.userID });
    const eq = await ok<{ equal: boolean }>(t, m, '/group/get_full_join_group_ids', {
      userID: m.userID,
      idHash: idHash(joined.groupIDs),
    });
    expect(eq.equal).toBe(true);
    const [outsider] = await people(t, 1);
    expect(
      errOf(await call(t, outsider, '/group/get_full_group_member_user_ids', { groupID: g.groupID })).errCode,
    ).toBe(1002);
  });
});
