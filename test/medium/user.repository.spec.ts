import { isUniqueViolation } from '../../src/infra/database/sql-util';
import { UserCommandRepository } from '../../src/user/user-command.repository';
import { UserRepository } from '../../src/user/user.repository';
import type { UserCommandRow, UserRow } from '../../src/user/user.schema';
import { openTestDatabase, TestDatabase } from '../helpers/database';
import { uniqueID } from '../helpers/fixtures';

const DAY_MS = 86_400_000;

function userRow(fields: Partial<UserRow> = {}): UserRow {
  return {
    userID: uniqueID(),
    nickname: 'nick',
    faceURL: '',
    ex: '',
    appMangerLevel: 0,
    globalRecvMsgOpt: 0,
    createTime: Date.now(),
    ...fields,
  };
}

describe('UserRepository (real database)', () => {
  let db: TestDatabase;
  let repo: UserRepository;
  beforeAll(async () => {
    // far from UTC, so that a day bucket taken in the session's zone would land on the wrong date
    db = await openTestDatabase({ timeZone: 'Pacific/Kiritimati' });
    repo = new UserRepository(db.database);
  });
  afterAll(() => db.close());

  describe('insertMany', () => {
    it('inserts every row, more than one batch of them', async () => {
      const rows = Array.from({ length: 1203 }, () => userRow());
      await repo.insertMany(rows);
      expect((await repo.existingIds(rows.map((r) => r.userID))).size).toBe(1203);
      expect(await repo.findById(rows[1202].userID)).toEqual(rows[1202]);
    });

    it('inserts nothing when one row is a duplicate, and reports a unique violation', async () => {
      const existing = userRow({ nickname: 'original' });
      await repo.insertMany([existing]);
      const fresh = Array.from({ length: 600 }, () => userRow());
      const err: unknown = await repo.insertMany([...fresh, { ...existing, nickname: 'dup' }]).catch((e) => e);
      expect(isUniqueViolation(err)).toBe(true);
      expect(await repo.existingIds(fresh.map((r) => r.userID))).toEqual(new Set());
      expect((await repo.findById(existing.userID))?.nickname).toBe('original');
    });

    it('isUniqueViolation is false for other failures', async () => {
      const err: unknown = await repo.insertMany([userRow({ nickname: null as unknown as string })]).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isUniqueViolation(err)).toBe(false);
    });
  });

  it('insertMissing leaves existing rows untouched', async () => {
    const kept = userRow({ nickname: 'kept' });
    await repo.insertMany([kept]);
    const added = userRow();
    await repo.insertMissing([{ ...kept, nickname: 'overwritten' }, added]);
    expect((await repo.findById(kept.userID))?.nickname).toBe('kept');
    expect(await repo.findById(added.userID)).toEqual(added);
  });

  it('update applies the patch and answers undefined for an unknown user', async () => {
    const u = userRow({ nickname: 'a', ex: 'e' });
    await repo.insertMany([u]);
    expect(await repo.update(u.userID, { nickname: 'b' })).toEqual({ ...u, nickname: 'b' });
    expect(await repo.update(u.userID, {})).toEqual({ ...u, nickname: 'b' });
    expect(await repo.update(uniqueID('ghost'), { nickname: 'x' })).toBeUndefined();
    expect(await repo.update(uniqueID('ghost'), {})).toBeUndefined();
  });

  describe('page', () => {
    const marker = uniqueID('pg');
    const t0 = Date.UTC(2020, 0, 1);
    const rows = [
      userRow({ userID: `${marker}_a`, nickname: 'Alpha', appMangerLevel: 0, createTime: t0 + 1 }),
      userRow({ userID: `${marker}_b`, nickname: 'beta', appMangerLevel: 1, createTime: t0 + 2 }),
      userRow({ userID: `${marker}_c`, nickname: 'alphabet', appMangerLevel: 2, createTime: t0 + 3 }),
      userRow({ userID: `${marker}_d`, nickname: 'Alpha', appMangerLevel: 3, createTime: t0 + 4 }),
      userRow({ userID: `${marker}_e`, nickname: '50%_off', appMangerLevel: 4, createTime: t0 + 5 }),
    ];
    const idsOf = (r: { rows: UserRow[] }) => r.rows.map((x) => x.userID.slice(-1));
    beforeAll(() => repo.insertMany(rows));

    it('filters by levels and ID substring, ordered by creation, with the total before paging', async () => {
      const first = await repo.page({ levels: [0, 1, 2], userIDLike: marker }, 0, 2);
      expect(first.total).toBe(3);
      expect(idsOf(first)).toEqual(['a', 'b']);
      const second = await repo.page({ levels: [0, 1, 2], userIDLike: marker }, 2, 2);
      expect({ total: second.total, ids: idsOf(second) }).toEqual({ total: 3, ids: ['c'] });
      expect((await repo.page({ levels: [0, 1, 2], userIDLike: marker }, 4, 2)).rows).toEqual([]);
    });

    it('minLevel, exact ID and exact nickname', async () => {
      expect(idsOf(await repo.page({ minLevel: 3, userIDLike: marker }, 0, 10))).toEqual(['d', 'e']);
      expect(idsOf(await repo.page({ exactUserID: `${marker}_c` }, 0, 10))).toEqual(['c']);
      expect(idsOf(await repo.page({ exactNickname: 'Alpha', userIDLike: marker }, 0, 10))).toEqual(['a', 'd']);
      expect((await repo.page({ exactNickname: 'alpha', userIDLike: marker }, 0, 10)).total).toBe(0);
    });

    it('matches ID or nickname case-insensitively, with % and _ taken literally', async () => {
      const both = await repo.page({ userIDLike: `${marker}_B`, nicknameLike: 'ALPHABET' }, 0, 10);
      expect(idsOf(both)).toEqual(['b', 'c']);
      expect(idsOf(await repo.page({ nicknameLike: '0%_o', userIDLike: undefined }, 0, 10))).toEqual(['e']);
      expect((await repo.page({ nicknameLike: 'alpha%t', userIDLike: undefined }, 0, 10)).total).toBe(0);
      expect((await repo.page({ userIDLike: `${marker.slice(0, -1)}_` }, 0, 10)).total).toBe(0);
    });

    it('pageIds pages every user by creation time', async () => {
      const all = await repo.pageIds(0, 100_000);
      expect(all.total).toBe(all.ids.length);
      const pos = all.ids.indexOf(`${marker}_a`);
      expect(all.ids.slice(pos, pos + 5)).toEqual(rows.map((r) => r.userID));
      expect((await repo.pageIds(pos + 1, 2)).ids).toEqual([`${marker}_b`, `${marker}_c`]);
    });
  });

  describe('registrationsPerDay', () => {
    // a day of its own, long before the other rows of this file
    const day = Date.UTC(2001, 2, 10);
    beforeAll(() =>
      repo.insertMany([
        userRow({ createTime: day - 1 }),
        userRow({ createTime: day }),
        userRow({ createTime: day + 11 * 3_600_000 }),
        userRow({ createTime: day + DAY_MS - 1 }),
        userRow({ createTime: day + DAY_MS }),
        userRow({ createTime: day + 3 * DAY_MS }),
      ]),
    );

    it('buckets [start, end) by UTC day and counts the users before start', async () => {
      const all = (await repo.pageIds(0, 1)).total;
      const res = await repo.registrationsPerDay(day, day + 3 * DAY_MS);
      expect(res.total).toBe(all);
      expect(res.before).toBe(1);
      expect(Object.fromEntries(res.perDay)).toEqual({ '2001-03-10': 3, '2001-03-11': 1 });
    });

    it('an empty range counts nothing', async () => {
      const res = await repo.registrationsPerDay(day + DAY_MS + 1, day + 3 * DAY_MS);
      expect(res.perDay.size).toBe(0);
      expect(res.before).toBe(5);
    });
  });
});

describe('UserCommandRepository (real database)', () => {
  let db: TestDatabase;
  let repo: UserCommandRepository;
  beforeAll(async () => {
    db = await openTestDatabase();
    repo = new UserCommandRepository(db.database);
  });
  afterAll(() => db.close());

  const command = (fields: Partial<UserCommandRow> = {}): UserCommandRow => ({
    userID: uniqueID(),
    type: 1,
    uuid: 'k',
    value: 'v',
    ex: 'e',
    createTime: 1_700_000_000,
    ...fields,
  });

  it('upsert inserts, then replaces value and ex of the same (user, type, uuid)', async () => {
    const first = command();
    await repo.upsert(first);
    await repo.upsert({ ...first, value: 'v2', ex: '', createTime: 1_800_000_000 });
    await repo.upsert({ ...first, type: 2 });
    await repo.upsert({ ...first, userID: uniqueID() });
    expect(await repo.list(first.userID, 1)).toEqual([{ ...first, value: 'v2', ex: '' }]);
    expect((await repo.list(first.userID)).map((r) => r.type)).toEqual([1, 2]);
  });

  it('update changes only the given fields and reports whether the record exists', async () => {
    const c = command();
    await repo.upsert(c);
    expect(await repo.update(c.userID, c.type, c.uuid, { ex: 'x' })).toBe(true);
    expect(await repo.list(c.userID)).toEqual([{ ...c, ex: 'x' }]);
    expect(await repo.update(c.userID, c.type, c.uuid, {})).toBe(true);
    expect(await repo.update(c.userID, c.type, 'other', { value: 'y' })).toBe(false);
    expect(await repo.update(c.userID, c.type, 'other', {})).toBe(false);
    expect(await repo.update(c.userID, 9, c.uuid, { value: 'y' })).toBe(false);
    expect(await repo.list(c.userID)).toEqual([{ ...c, ex: 'x' }]);
  });

  it('delete removes exactly the record and reports whether it existed', async () => {
    const c = command();
    await repo.upsert(c);
    await repo.upsert({ ...c, uuid: 'k2' });
    expect(await repo.delete(c.userID, c.type, c.uuid)).toBe(true);
    expect(await repo.delete(c.userID, c.type, c.uuid)).toBe(false);
    expect((await repo.list(c.userID)).map((r) => r.uuid)).toEqual(['k2']);
  });
});
