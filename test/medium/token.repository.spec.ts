import { randomBytes } from 'node:crypto';
import type { TokenRow } from '../../src/auth/auth.schema';
import { TokenRepository, TokenState } from '../../src/auth/token.repository';
import { openTestDatabase, TestDatabase } from '../helpers/database';
import { uniqueID } from '../helpers/fixtures';

const HOUR_MS = 3_600_000;

describe('TokenRepository (real database)', () => {
  let db: TestDatabase;
  let repo: TokenRepository;
  beforeAll(async () => {
    db = await openTestDatabase();
    repo = new TokenRepository(db.database);
  });
  afterAll(() => db.close());

  function tokenRow(userID: string, fields: Partial<TokenRow> = {}): TokenRow {
    const now = Date.now();
    return {
      tokenHash: randomBytes(16).toString('hex'),
      userID,
      platformID: 1,
      state: TokenState.Normal,
      expireAt: now + HOUR_MS,
      createTime: now,
      ...fields,
    };
  }

  const keepAll = () => ({ kick: [] });
  const kickAll = (active: TokenRow[]) => ({ kick: active.map((t) => t.tokenHash) });
  const stateOf = async (hash: string) => (await repo.findByHash(hash))?.state;

  it('issue stores the token; findByHash returns it', async () => {
    const row = tokenRow(uniqueID());
    expect(await repo.issue(row, keepAll)).toEqual({ kicked: [], shortened: [] });
    expect(await repo.findByHash(row.tokenHash)).toEqual(row);
    expect(await repo.findByHash('no-such-hash')).toBeUndefined();
  });

  it("decide sees only the user's normal, unexpired tokens", async () => {
    const userID = uniqueID();
    const live = tokenRow(userID);
    const web = tokenRow(userID, { platformID: 5 });
    await repo.issue(live, keepAll);
    await repo.issue(web, keepAll);
    await repo.issue(tokenRow(userID, { state: TokenState.Kicked }), keepAll);
    await repo.issue(tokenRow(userID, { expireAt: Date.now() - 1 }), keepAll);
    await repo.issue(tokenRow(uniqueID()), keepAll);

    let seen: string[] = [];
    await repo.issue(tokenRow(userID), (active) => {
      seen = active.map((t) => t.tokenHash);
      return { kick: [] };
    });
    expect(seen.sort()).toEqual([live.tokenHash, web.tokenHash].sort());
  });

  it('issue kicks exactly the tokens decide returns, and returns them', async () => {
    const userID = uniqueID();
    const [a, b, c] = [tokenRow(userID), tokenRow(userID, { platformID: 2 }), tokenRow(userID, { platformID: 3 })];
    for (const r of [a, b, c]) await repo.issue(r, keepAll);
    const fresh = tokenRow(userID);
    const res = await repo.issue(fresh, () => ({ kick: [b.tokenHash] }));
    expect(res).toEqual({ kicked: [b], shortened: [] });
    expect(await Promise.all([a, b, c, fresh].map((r) => stateOf(r.tokenHash)))).toEqual([
      TokenState.Normal,
      TokenState.Kicked,
      TokenState.Normal,
      TokenState.Normal,
    ]);
  });

  it('issue shortens the lifetime of the tokens decide names', async () => {
    const userID = uniqueID();
    const old = tokenRow(userID, { platformID: 10 });
    const other = tokenRow(userID, { platformID: 10 });
    await repo.issue(old, keepAll);
    await repo.issue(other, keepAll);
    const at = Date.now() + 5 * 60_000;
    const res = await repo.issue(tokenRow(userID, { platformID: 10 }), () => ({
      kick: [],
      expireAt: { hashes: [old.tokenHash], at },
    }));
    expect(res).toEqual({ kicked: [], shortened: [old.tokenHash] });
    expect(await repo.findByHash(old.tokenHash)).toEqual({ ...old, expireAt: at });
    expect(await repo.findByHash(other.tokenHash)).toEqual(other);
  });

  it('two concurrent issues for one user are serialised: a kick-all policy leaves one token', async () => {
    for (let round = 0; round < 5; round++) {
      const userID = uniqueID();
      await repo.issue(tokenRow(userID), keepAll);
      const rows = [tokenRow(userID), tokenRow(userID)];
      await Promise.all(rows.map((r) => repo.issue(r, kickAll)));
      const states = await Promise.all(rows.map((r) => stateOf(r.tokenHash)));
      expect(states.filter((s) => s === TokenState.Normal)).toHaveLength(1);
    }
  });

  it('concurrent issues for different users do not kick each other', async () => {
    const rows = [tokenRow(uniqueID()), tokenRow(uniqueID()), tokenRow(uniqueID())];
    await Promise.all(rows.map((r) => repo.issue(r, kickAll)));
    expect(await Promise.all(rows.map((r) => stateOf(r.tokenHash)))).toEqual([0, 0, 0]);
  });

  it("kickPlatform kicks every normal token of that user's platform and returns their hashes", async () => {
    const userID = uniqueID();
    const [p1a, p1b, p2] = [tokenRow(userID), tokenRow(userID), tokenRow(userID, { platformID: 2 })];
    const alreadyKicked = tokenRow(userID, { state: TokenState.Kicked });
    const otherUser = tokenRow(uniqueID());
    for (const r of [p1a, p1b, p2, alreadyKicked, otherUser]) await repo.issue(r, keepAll);

    expect((await repo.kickPlatform(userID, 1)).sort()).toEqual([p1a.tokenHash, p1b.tokenHash].sort());
    expect(await Promise.all([p1a, p1b, p2, otherUser].map((r) => stateOf(r.tokenHash)))).toEqual([
      TokenState.Kicked,
      TokenState.Kicked,
      TokenState.Normal,
      TokenState.Normal,
    ]);
    expect(await repo.kickPlatform(userID, 1)).toEqual([]);
  });

  it('deleteExpired removes the tokens expired before now, and only those', async () => {
    const now = Date.now() + 10 * HOUR_MS;
    const userID = uniqueID();
    const expired = [tokenRow(userID, { expireAt: now - 1 }), tokenRow(userID, { expireAt: now - HOUR_MS })];
    const kickedExpired = tokenRow(userID, { expireAt: now - 2, state: TokenState.Kicked });
    const alive = [tokenRow(userID, { expireAt: now }), tokenRow(userID, { expireAt: now + 1 })];
    for (const r of [...expired, kickedExpired, ...alive]) await repo.issue(r, keepAll);
    const deleted = await repo.deleteExpired(now);
    expect(deleted).toBeGreaterThanOrEqual(3);
    for (const r of [...expired, kickedExpired]) expect(await repo.findByHash(r.tokenHash)).toBeUndefined();
    for (const r of alive) expect(await repo.findByHash(r.tokenHash)).toEqual(r);
    expect(await repo.deleteExpired(now)).toBe(0);
  });
});
