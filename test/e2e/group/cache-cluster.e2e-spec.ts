import { errOf } from '../../helpers/fixtures';
import { eventually, TestApp, twoInstances } from '../../helpers/test-app';
import { newGroup, ok, people, sendAs } from './group-helpers';

const code = async (t: TestApp, sendID: string, groupID: string) => errOf(await sendAs(t, sendID, groupID)).errCode;

/** Two nodes share one PostgreSQL database and one Redis: with the embedded database there is no second node. */
const clustered = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

clustered("two app instances: a group change on one reaches the other's group cache", () => {
  const instances = twoInstances();

  it('mute, unmute, kick and dismiss on instance 1 decide the next send on instance 2', async () => {
    const [t1, t2] = instances();
    const [owner, m, other] = await people(t1, 3);
    const g = await newGroup(t1, owner, [m, other]);
    // instance 2 has the group in its cache
    expect(await code(t2, m.userID, g.groupID)).toBe(0);
    await ok(t1, owner, '/group/mute_group_member', { groupID: g.groupID, userID: m.userID, mutedSeconds: 600 });
    expect(await eventually(() => code(t2, m.userID, g.groupID), 1402)).toBe(1402);
    await ok(t1, owner, '/group/cancel_mute_group_member', { groupID: g.groupID, userID: m.userID });
    expect(await eventually(() => code(t2, m.userID, g.groupID), 0)).toBe(0);
    await ok(t1, owner, '/group/kick_group', { groupID: g.groupID, kickedUserIDs: [m.userID] });
    expect(await eventually(() => code(t2, m.userID, g.groupID), 1203)).toBe(1203);
    await ok(t1, owner, '/group/dismiss_group', { groupID: g.groupID });
    expect(await eventually(() => code(t2, other.userID, g.groupID), 1204)).toBe(1204);
  });
});
