import { wasmSuite } from './browser';
import { createGroup, members, type Group, type Member } from './im';
import type { WasmUser } from './user';
import { WasmWorld } from './world';

jest.setTimeout(120_000);

interface Application {
  groupID: string;
  userID: string;
  reqMsg: string;
  handleResult: number;
  handledMsg: string;
  joinSource: number;
}

/** Joining groups from the Web SDK: with verification (applications, accept, refuse) and without. */
wasmSuite('group-applications')('Web SDK: group applications', () => {
  const world = new WasmWorld();
  let o: string, a1: string, a2: string;
  let owner: WasmUser, one: WasmUser, two: WasmUser;
  let gid = '';

  beforeAll(async () => {
    await world.start();
    [o, a1, a2] = await world.register('owner', 'a1', 'a2');
    [owner, one, two] = await Promise.all([world.login(o), world.login(a1), world.login(a2)]);
  });
  afterAll(() => world.stop());

  it('two join applications within 10 s both reach the owner, listed and counted', async () => {
    gid = (await createGroup(owner, [], { needVerification: 1, groupName: 'Closed' })).groupID;
    await one.call('joinGroup', { groupID: gid, reqMsg: 'me first', joinSource: 3 });
    await two.call('joinGroup', { groupID: gid, reqMsg: 'me too', joinSource: 3 });
    await owner.waitEvent<Application>('OnGroupApplicationAdded', (x) => x.userID === a1 && x.reqMsg === 'me first');
    await owner.waitEvent<Application>('OnGroupApplicationAdded', (x) => x.userID === a2 && x.reqMsg === 'me too');
    // the applicant's own app is told too
    await one.waitEvent<Application>('OnGroupApplicationAdded', (x) => x.groupID === gid);
    const listed = await owner.call<Application[]>('getGroupApplicationListAsRecipient');
    expect(listed.map((x) => [x.userID, x.handleResult, x.joinSource]).sort()).toEqual(
      [
        [a1, 0, 3],
        [a2, 0, 3],
      ].sort(),
    );
    const mine = await one.call<Application[]>('getGroupApplicationListAsApplicant');
    expect(mine).toEqual([expect.objectContaining({ groupID: gid, reqMsg: 'me first', handleResult: 0 })]);
    expect(await owner.call('getGroupApplicationUnhandledCount', { time: 0 })).toBe(2);
  });

  it('accepting one makes the applicant a member; refusing the other tells them and leaves them out', async () => {
    await owner.call('acceptGroupApplication', { groupID: gid, fromUserID: a1, handleMsg: 'welcome' });
    await one.waitEvent<Application>('OnGroupApplicationAccepted', (x) => x.groupID === gid && x.handleResult === 1);
    await one.waitEvent<Group>('OnJoinedGroupAdded', (g) => g.groupID === gid);
    await owner.waitEvent<Member>('OnGroupMemberAdded', (m) => m.userID === a1);
    await owner.call('refuseGroupApplication', { groupID: gid, fromUserID: a2, handleMsg: 'sorry' });
    await two.waitEvent<Application>('OnGroupApplicationRejected', (x) => x.groupID === gid && x.handleResult === -1);
    expect(await two.call('isJoinGroup', gid)).toBe(false);
    expect((await members(owner, gid)).map((m) => m.userID).sort()).toEqual([o, a1].sort());
    const handled = await owner.call<Application[]>('getGroupApplicationListAsRecipient');
    expect(handled.map((x) => [x.userID, x.handleResult, x.handledMsg]).sort()).toEqual(
      [
        [a1, 1, 'welcome'],
        [a2, -1, 'sorry'],
      ].sort(),
    );
    expect(await owner.call('getGroupApplicationUnhandledCount', { time: 0 })).toBe(0);
  });

  it('in a group that verifies all, a member’s invitation becomes an application; the owner’s does not', async () => {
    const [a3, a4] = await world.register('a3', 'a4');
    const since = owner.mark();
    await one.call('inviteUserToGroup', { groupID: gid, reason: 'a friend of mine', userIDList: [a3] });
    await owner.waitEvent<Application>('OnGroupApplicationAdded', (x) => x.userID === a3 && x.groupID === gid, since);
    expect((await members(owner, gid)).map((m) => m.userID)).not.toContain(a3);
    await owner.call('inviteUserToGroup', { groupID: gid, reason: '', userIDList: [a4] });
    await owner.waitEvent<Member>('OnGroupMemberAdded', (m) => m.userID === a4, since);
  });

  it('a group without verification takes a joiner at once', async () => {
    const open = (await createGroup(owner, [], { needVerification: 2, groupName: 'Open' })).groupID;
    const since = owner.mark();
    await two.call('joinGroup', { groupID: open, reqMsg: '', joinSource: 3 });
    await two.waitEvent<Group>('OnJoinedGroupAdded', (g) => g.groupID === open);
    await owner.waitEvent<Member>('OnGroupMemberAdded', (m) => m.userID === a2 && m.groupID === open, since);
    expect(await two.call('isJoinGroup', open)).toBe(true);
  });
});
