import { pullMsgs, readSeqs } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { groupMsgs, newGroup, ok, people, sendAs } from './group-helpers';

/** What a member who left (or was kicked, or whose group was dismissed) can still read of the group. */
describe("a leaver's view of the group", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const notices = async (userID: string, groupID: string) =>
    (await pullMsgs(t, userID, `n_${groupID}`)).map((m) => m.contentType);

  it('keeps the notice of their own leaving and nothing later', async () => {
    const [owner, m] = await people(t, 2);
    const g = await newGroup(t, owner, [m]);
    await sendAs(t, owner.userID, g.groupID, 'before');
    await ok(t, m, '/group/quit_group', { groupID: g.groupID, userID: m.userID });
    await sendAs(t, owner.userID, g.groupID, 'after');
    expect((await groupMsgs(t, m.userID, g.groupID)).map((x) => x.contentType)).toEqual([1501, 101, 1504]);
    expect((await readSeqs(t, m.userID))[`sg_${g.groupID}`].maxSeq).toBe(3);
  });

  it("does not see the group's notification stream grow after leaving (a revoke there names later messages)", async () => {
    const [owner, m] = await people(t, 2);
    const g = await newGroup(t, owner, [m]);
    const cid = `sg_${g.groupID}`;
    await sendAs(t, owner.userID, g.groupID, 'one');
    await ok(t, owner, '/msg/revoke_msg', { userID: owner.userID, conversationID: cid, seq: 2 });
    expect(await notices(m.userID, g.groupID)).toEqual([2101]);
    await ok(t, owner, '/group/kick_group', { groupID: g.groupID, kickedUserIDs: [m.userID] });
    await sendAs(t, owner.userID, g.groupID, 'secret');
    await ok(t, owner, '/msg/revoke_msg', { userID: owner.userID, conversationID: cid, seq: 4 });
    expect(await notices(owner.userID, g.groupID)).toEqual([2101, 2101]);
    expect(await notices(m.userID, g.groupID)).toEqual([2101]);
    expect((await readSeqs(t, m.userID))[`n_${g.groupID}`]?.maxSeq).toBeUndefined();
    const newest = await ok<{ maxSeqs: Record<string, number> }>(t, m, '/msg/newest_seq', { userID: m.userID });
    expect(newest.maxSeqs[`n_${g.groupID}`]).toBe(1);
    // back in the group, the stream is theirs again
    await ok(t, owner, '/group/invite_user_to_group', { groupID: g.groupID, invitedUserIDs: [m.userID] });
    expect(await notices(m.userID, g.groupID)).toEqual([2101, 2101]);
  });

  it('a kicked member sees its own 1508, not a later kick of someone else', async () => {
    const [owner, m1, m2] = await people(t, 3);
    const g = await newGroup(t, owner, [m1, m2]);
    await ok(t, owner, '/group/kick_group', { groupID: g.groupID, kickedUserIDs: [m1.userID] });
    await ok(t, owner, '/group/kick_group', { groupID: g.groupID, kickedUserIDs: [m2.userID] });
    expect((await groupMsgs(t, m1.userID, g.groupID)).map((x) => x.contentType)).toEqual([1501, 1508]);
    expect((await groupMsgs(t, m2.userID, g.groupID)).map((x) => x.contentType)).toEqual([1501, 1508, 1508]);
  });

  it('leaving a group that has no chat messages yet still ends the view there', async () => {
    const [owner, m] = await people(t, 2);
    const g = await newGroup(t, owner, [m], { sendMessage: false });
    await ok(t, owner, '/group/kick_group', { groupID: g.groupID, kickedUserIDs: [m.userID], sendMessage: false });
    await sendAs(t, owner.userID, g.groupID, 'members only');
    expect(await groupMsgs(t, m.userID, g.groupID)).toEqual([]);
    expect((await readSeqs(t, m.userID))[`sg_${g.groupID}`]?.maxSeq ?? 0).toBe(0);
  });

  it('dismissed: members keep the 1511, their rows and the history (the SDKs dismiss with deleteMember false)', async () => {
    const [owner, m] = await people(t, 2);
    const g = await newGroup(t, owner, [m]);
    await sendAs(t, owner.userID, g.groupID, 'before the end');
    await ok(t, owner, '/group/dismiss_group', { groupID: g.groupID });
    expect((await groupMsgs(t, m.userID, g.groupID)).map((x) => x.contentType)).toEqual([1501, 101, 1511]);
    // a fresh login reads the sender info of the history, and sees the group as dismissed (status 2)
    const members = await ok<{ members: { userID: string }[] }>(t, m, '/group/get_group_members_info', {
      groupID: g.groupID,
      userIDs: [owner.userID],
    });
    expect(members.members.map((x) => x.userID)).toEqual([owner.userID]);
    const joined = await ok<{ total: number; groups: { groupID: string; status: number }[] }>(
      t,
      m,
      '/group/get_joined_group_list',
      { fromUserID: m.userID, pagination: { pageNumber: 1, showNumber: 10 } },
    );
    expect(joined.groups.map((x) => [x.groupID, x.status])).toEqual([[g.groupID, 2]]);
  });
});
