import { wasmSuite } from './wasm/browser';
import type { WasmUser } from './wasm/user';
import { WasmWorld } from './wasm/world';

jest.setTimeout(120_000);

interface FriendApplication {
  fromUserID: string;
  toUserID: string;
  reqMsg: string;
  handleMsg: string;
  handleResult: number;
}
interface Friend {
  userID: string;
  nickname: string;
  remark: string;
  isPinned: boolean;
  ex: string;
}

/** Friends and the blacklist from the Web SDK: every method, with what both sides see. */
wasmSuite('friends')('Web SDK: friends and blacklist', () => {
  const world = new WasmWorld();
  let a: string, b: string, c: string;
  let alice: WasmUser, bob: WasmUser, carol: WasmUser;

  beforeAll(async () => {
    await world.start();
    [a, b, c] = await world.register('alice', 'bob', 'carol');
    [alice, bob, carol] = await Promise.all([world.login(a), world.login(b), world.login(c)]);
  });
  afterAll(() => world.stop());

  it('an application reaches the recipient, is listed on both sides and counted', async () => {
    await alice.call('addFriend', { toUserID: b, reqMsg: 'hi bob' });
    await bob.waitEvent<FriendApplication>(
      'OnFriendApplicationAdded',
      (x) => x.fromUserID === a && x.reqMsg === 'hi bob',
    );
    await alice.waitEvent<FriendApplication>('OnFriendApplicationAdded', (x) => x.toUserID === b);
    const incoming = await bob.call<FriendApplication[]>('getFriendApplicationListAsRecipient');
    expect(incoming).toEqual([expect.objectContaining({ fromUserID: a, reqMsg: 'hi bob', handleResult: 0 })]);
    const outgoing = await alice.call<FriendApplication[]>('getFriendApplicationListAsApplicant');
    expect(outgoing).toEqual([expect.objectContaining({ toUserID: b, handleResult: 0 })]);
    expect(await bob.call('getFriendApplicationUnhandledCount', { time: 0 })).toBe(1);
  });

  it('accepting makes both friends; refusing tells the applicant', async () => {
    await bob.call('acceptFriendApplication', { toUserID: a, handleMsg: 'sure' });
    await alice.waitEvent<FriendApplication>(
      'OnFriendApplicationAccepted',
      (x) => x.toUserID === b && x.handleResult === 1,
    );
    await alice.waitEvent<Friend>('OnFriendAdded', (f) => f.userID === b);
    await bob.waitEvent<Friend>('OnFriendAdded', (f) => f.userID === a);
    expect(await bob.call('getFriendApplicationUnhandledCount', { time: 0 })).toBe(0);

    await carol.call('addFriend', { toUserID: a, reqMsg: 'me too' });
    await alice.waitEvent<FriendApplication>('OnFriendApplicationAdded', (x) => x.fromUserID === c);
    await alice.call('refuseFriendApplication', { toUserID: c, handleMsg: 'no' });
    await carol.waitEvent<FriendApplication>(
      'OnFriendApplicationRejected',
      (x) => x.toUserID === a && x.handleResult === -1,
    );
    const checked = await alice.call<{ userID: string; result: number }[]>('checkFriend', [b, c]);
    expect(Object.fromEntries(checked.map((x) => [x.userID, x.result]))).toEqual({ [b]: 1, [c]: 0 });
  });

  it('the friend list, its pages, search and single friends', async () => {
    expect((await alice.call<Friend[]>('getFriendList', false)).map((f) => f.userID)).toEqual([b]);
    expect(await alice.call<Friend[]>('getFriendListPage', { offset: 0, count: 10, filterBlack: false })).toEqual([
      expect.objectContaining({ userID: b, nickname: `N${b}` }),
    ]);
    const found = await alice.call<{ userID: string }[]>('searchFriends', {
      keywordList: [b],
      isSearchUserID: true,
      isSearchNickname: false,
      isSearchRemark: false,
    });
    expect(found.map((f) => f.userID)).toEqual([b]);
    // filterBlack: optional in the typings, read unguarded by the core
    const [info] = await alice.call<Friend[]>('getSpecifiedFriendsInfo', { friendUserIDList: [b], filterBlack: false });
    expect(info).toMatchObject({ userID: b, nickname: `N${b}` });
  });

  it('remark, pin and ex: each form of the update is kept and read back', async () => {
    await alice.call('updateFriends', { friendUserIDs: [b], remark: 'Bobby' });
    await alice.waitEvent<Friend>('OnFriendInfoChanged', (f) => f.userID === b && f.remark === 'Bobby');
    await alice.call('setFriendRemark', { toUserID: b, remark: 'B.' });
    await alice.waitEvent<Friend>('OnFriendInfoChanged', (f) => f.remark === 'B.');
    await alice.call('pinFriends', { toUserIDs: [b], isPinned: true });
    await alice.waitEvent<Friend>('OnFriendInfoChanged', (f) => f.isPinned);
    // the wrapper's setFriendsEx passes the core's updateFriends one argument too many (the core panics,
    // "index out of range [3]"): an app sets ex through updateFriends
    await alice.call('updateFriends', { friendUserIDs: [b], ex: 'x1' });
    await alice.waitEvent<Friend>('OnFriendInfoChanged', (f) => f.ex === 'x1');
    const byRemark = await alice.call<{ userID: string }[]>('searchFriends', {
      keywordList: ['B.'],
      isSearchUserID: false,
      isSearchNickname: false,
      isSearchRemark: true,
    });
    expect(byRemark.map((f) => f.userID)).toEqual([b]);
    const again = await world.login(a, 2);
    expect((await again.call<Friend[]>('getFriendList', false))[0]).toMatchObject({
      remark: 'B.',
      isPinned: true,
      ex: 'x1',
    });
    await again.close();
  });

  it('blacklist: added, listed, filtered from friends, and removed; both sides are told', async () => {
    await alice.call('addBlack', { toUserID: b, ex: 'spam' });
    await alice.waitEvent<{ userID: string }>('OnBlackAdded', (x) => x.userID === b);
    const black = await alice.call<{ userID: string; ex: string }[]>('getBlackList');
    expect(black).toEqual([expect.objectContaining({ userID: b })]);
    expect(await alice.call<Friend[]>('getFriendList', true)).toEqual([]);
    await alice.call('removeBlack', b);
    await alice.waitEvent<{ userID: string }>('OnBlackDeleted', (x) => x.userID === b);
    expect(await alice.call('getBlackList')).toEqual([]);
  });

  it('deleting a friend removes them from the list', async () => {
    await alice.call('deleteFriend', b);
    await alice.waitEvent<Friend>('OnFriendDeleted', (f) => f.userID === b);
    expect(await alice.call('getFriendList', false)).toEqual([]);
    const checked = await alice.call<{ userID: string; result: number }[]>('checkFriend', [b]);
    expect(checked[0].result).toBe(0);
  });
});
