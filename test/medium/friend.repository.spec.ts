import { BlackRepository } from '../../src/friend/black.repository';
import { FriendRequestRepository, HandleResult } from '../../src/friend/friend-request.repository';
import { FriendRepository, NewFriendRow } from '../../src/friend/friend.repository';
import { openTestDatabase, TestDatabase } from '../helpers/database';
import { uniqueID } from '../helpers/fixtures';

function friendRow(ownerUserID: string, friendUserID: string, fields: Partial<NewFriendRow> = {}): NewFriendRow {
  return {
    ownerUserID,
    friendUserID,
    remark: '',
    createTime: Date.now(),
    addSource: 1,
    operatorUserID: '',
    ex: '',
    isPinned: false,
    ...fields,
  };
}

describe('friend repositories (real database)', () => {
  let db: TestDatabase;
  let friends: FriendRepository;
  let blacks: BlackRepository;
  let requests: FriendRequestRepository;
  beforeAll(async () => {
    db = await openTestDatabase();
    friends = new FriendRepository(db.database);
    blacks = new BlackRepository(db.database);
    requests = new FriendRequestRepository(db.database);
  });
  afterAll(() => db.close());

  it('pages a list of 3000 friends pinned first then in insertion order, with the total in the same query', async () => {
    const owner = uniqueID('owner');
    const ids = Array.from({ length: 3000 }, (_, i) => `${owner}_f${String(i).padStart(4, '0')}`);
    const rows = ids.map((id, i) => friendRow(owner, id, { isPinned: i === 2999 }));
    const created = await db.database.transaction((tx) => friends.insertMissing(tx, rows));
    expect(created).toHaveLength(3000);
    expect(await db.database.transaction((tx) => friends.insertMissing(tx, rows.slice(0, 5)))).toEqual([]);
    const first = await friends.page(owner, 0, 3);
    expect(first.total).toBe(3000);
    expect(first.rows.map((r) => r.friendUserID)).toEqual([ids[2999], ids[0], ids[1]]);
    const last = await friends.page(owner, 2999, 10);
    expect(last).toMatchObject({ total: 3000, rows: [{ friendUserID: ids[2998] }] });
    expect(await friends.page(owner, 5000, 10)).toEqual({ total: 3000, rows: [] });
    expect(await friends.page(uniqueID('nobody'), 0, 10)).toEqual({ total: 0, rows: [] });
    expect((await friends.countMany([owner])).get(owner)).toBe(3000);
  });

  it('answers friendship and blocks of many pairs in one query, and who has a user as friend', async () => {
    const [a, b, c] = [uniqueID('a'), uniqueID('b'), uniqueID('c')];
    await db.database.transaction(async (tx) => {
      await friends.insertMissing(tx, [friendRow(a, b), friendRow(c, b)]);
      await blacks.upsert(tx, {
        ownerUserID: b,
        blockUserID: a,
        createTime: 1,
        addSource: 0,
        operatorUserID: b,
        ex: '',
      });
    });
    const rel = await friends.relations([
      { ownerUserID: a, targetUserID: b },
      { ownerUserID: b, targetUserID: a },
      { ownerUserID: c, targetUserID: a },
    ]);
    expect(rel).toEqual([
      { ownerUserID: a, targetUserID: b, friend: true, blocked: false },
      { ownerUserID: b, targetUserID: a, friend: false, blocked: true },
      { ownerUserID: c, targetUserID: a, friend: false, blocked: false },
    ]);
    expect((await friends.ownersOf(b)).sort()).toEqual([a, c].sort());
  });

  it('a black-list upsert tells a new entry from a repeated one', async () => {
    const [a, b] = [uniqueID('a'), uniqueID('b')];
    const row = { ownerUserID: a, blockUserID: b, createTime: 1, addSource: 0, operatorUserID: a, ex: 'one' };
    expect(await db.database.transaction((tx) => blacks.upsert(tx, row))).toBe(true);
    expect(await db.database.transaction((tx) => blacks.upsert(tx, { ...row, ex: 'two' }))).toBe(false);
    expect(await blacks.find(a, [b])).toMatchObject([{ ex: 'two' }]);
  });

  it('handles a pending application once', async () => {
    const [a, b] = [uniqueID('a'), uniqueID('b')];
    const row = {
      fromUserID: a,
      toUserID: b,
      handleResult: HandleResult.Pending,
      reqMsg: 'hi',
      createTime: 1,
      handlerUserID: '',
      handleMsg: '',
      handleTime: 0,
      ex: '',
    };
    await db.database.transaction((tx) => requests.upsertPending(tx, row));
    const handle = { handleResult: HandleResult.Agreed, handlerUserID: b, handleMsg: '', handleTime: 2 };
    expect(await db.database.transaction((tx) => requests.handle(tx, a, b, handle))).toBe(true);
    expect(await db.database.transaction((tx) => requests.handle(tx, a, b, handle))).toBe(false);
    expect(await requests.countPendingTo(b, 0)).toBe(0);
  });
});
