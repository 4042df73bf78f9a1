import { createHash } from 'node:crypto';
import { errOf, expectArgsError, registerUsers, sendText, si } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { Client, clientOf, dataOf, listOf, setSingle } from './conversation-helpers';

/** spec/protocol.md §8.3: the first 8 bytes (big-endian) of the MD5 of the JSON array, as a JS number. */
function expectedIdHash(ids: string[]): number {
  if (!ids.length) return 0;
  const digest = createHash('md5').update(JSON.stringify(ids)).digest('hex');
  return Number(BigInt(`0x${digest.slice(0, 16)}`));
}

interface Sync {
  version: number;
  versionID: string;
  full: boolean;
  delete: string[] | null;
  insert: { conversationID: string }[] | null;
  update: { conversationID: string }[] | null;
}

describe('conversation: incremental sync and full ID lists', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function clients(n: number): Promise<Client[]> {
    const users = await registerUsers(t, n);
    return Promise.all(users.map((u) => clientOf(t, u.userID)));
  }

  const incremental = async (c: Client, versionID: string, version: number): Promise<Sync> =>
    dataOf(await c.post('/conversation/get_incremental_conversations', { userID: c.userID, versionID, version }));

  const changes = (s: Sync) => ({
    full: s.full,
    delete: listOf(s.delete),
    insert: listOf(s.insert).map((x) => x.conversationID),
    update: listOf(s.update).map((x) => x.conversationID),
  });

  it('first sync is full; then no change, update, insert and delete each show up once', async () => {
    const [a, b, c] = await clients(3);
    await sendText(t, b.userID, a.userID, 'hello');
    const first = await incremental(a, '', 0);
    expect(first).toMatchObject({ full: true, versionID: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(first.version).toBeGreaterThanOrEqual(1);
    expect(changes(first)).toEqual({ full: true, delete: [], insert: [], update: [] });

    const same = await incremental(a, first.versionID, first.version);
    expect(same).toMatchObject({ version: first.version, versionID: first.versionID });
    expect(changes(same)).toEqual({ full: false, delete: [], insert: [], update: [] });

    expect((await setSingle(a, b.userID, { isPinned: true, ex: 'pinned' })).body.errCode).toBe(0);
    const afterSet = await incremental(a, first.versionID, first.version);
    expect(afterSet.version).toBeGreaterThan(first.version);
    expect(afterSet.versionID).toBe(first.versionID);
    expect(changes(afterSet)).toEqual({ full: false, delete: [], insert: [], update: [si(a.userID, b.userID)] });
    expect(listOf(afterSet.update)[0]).toMatchObject({ ownerUserID: a.userID, isPinned: true, ex: 'pinned' });

    await sendText(t, a.userID, c.userID, 'new peer');
    const afterMsg = await incremental(a, afterSet.versionID, afterSet.version);
    expect(afterMsg.version).toBeGreaterThan(afterSet.version);
    expect(changes(afterMsg)).toEqual({ full: false, delete: [], insert: [si(a.userID, c.userID)], update: [] });
    expect(listOf(afterMsg.insert)[0]).toMatchObject({
      ownerUserID: a.userID,
      conversationType: 1,
      userID: c.userID,
    });
    // a second message in a known conversation is no conversation change
    await sendText(t, c.userID, a.userID, 'again');
    expect(changes(await incremental(a, afterMsg.versionID, afterMsg.version))).toEqual({
      full: false,
      delete: [],
      insert: [],
      update: [],
    });

    const del = await a.post('/conversation/delete_conversations', {
      ownerUserID: a.userID,
      conversationIDs: [si(a.userID, b.userID)],
    });
    expect(del.body.errCode).toBe(0);
    const afterDelete = await incremental(a, afterMsg.versionID, afterMsg.version);
    expect(changes(afterDelete)).toEqual({ full: false, delete: [si(a.userID, b.userID)], insert: [], update: [] });

    // a client that missed everything since the first sync learns the net result
    expect(changes(await incremental(a, first.versionID, first.version))).toEqual({
      full: false,
      delete: [si(a.userID, b.userID)],
      insert: [si(a.userID, c.userID)],
      update: [],
    });
  });

  it("changes of another user's records do not touch the caller's log", async () => {
    const [a, b] = await clients(2);
    await sendText(t, a.userID, b.userID, 'hi');
    const base = await incremental(a, '', 0);
    expect((await setSingle(b, a.userID, { isPinned: true })).body.errCode).toBe(0);
    const after = await incremental(a, base.versionID, base.version);
    expect(after.version).toBe(base.version);
    expect(changes(after)).toEqual({ full: false, delete: [], insert: [], update: [] });
  });

  it('a stale or unknown versionID, or version 0, means a full reload', async () => {
    const [a, b] = await clients(2);
    await sendText(t, a.userID, b.userID, 'hi');
    const base = await incremental(a, '', 0);
    for (const [versionID, version] of [
      ['0123456789abcdef01234567', base.version],
      ['not-a-version-id', base.version],
      ['', base.version],
      [base.versionID, 0],
    ] as const) {
      const res = await incremental(a, versionID, version);
      expect({ versionID, version, ...changes(res) }).toEqual({
        versionID,
        version,
        full: true,
        delete: [],
        insert: [],
        update: [],
      });
      expect(res).toMatchObject({ version: base.version, versionID: base.versionID });
    }
  });

  it('get_incremental_conversations: 1002 for another user, 1001 naming a bad field', async () => {
    const [a, b] = await clients(2);
    const other = await a.post('/conversation/get_incremental_conversations', {
      userID: b.userID,
      versionID: '',
      version: 0,
    });
    expect(errOf(other.body).errCode).toBe(1002);
    expectArgsError(
      (await a.post('/conversation/get_incremental_conversations', { userID: a.userID, version: 'x' })).body,
      'version',
    );
    expectArgsError((await a.post('/conversation/get_incremental_conversations', { version: 1 })).body, 'userID');
  });

  it('get_full_conversation_ids: the IDs with the log version; equal and no IDs when the idHash matches', async () => {
    const [a, b, c] = await clients(3);
    await sendText(t, a.userID, b.userID, 'one');
    await sendText(t, c.userID, a.userID, 'two');
    const full = dataOf(await a.post('/conversation/get_full_conversation_ids', { userID: a.userID, idHash: 0 }));
    expect([...full.conversationIDs].sort()).toEqual([si(a.userID, b.userID), si(a.userID, c.userID)].sort());
    expect(full.equal).toBe(false);
    const sync = await incremental(a, '', 0);
    expect(full).toMatchObject({ version: sync.version, versionID: sync.versionID });

    const hash = expectedIdHash(full.conversationIDs);
    const same = dataOf(await a.post('/conversation/get_full_conversation_ids', { userID: a.userID, idHash: hash }));
    expect(same).toEqual({ version: full.version, versionID: full.versionID, equal: true, conversationIDs: null });

    const wrong = dataOf(
      await a.post('/conversation/get_full_conversation_ids', { userID: a.userID, idHash: hash === 1 ? 2 : 1 }),
    );
    expect(wrong).toMatchObject({ equal: false, conversationIDs: full.conversationIDs });

    // a new conversation changes the list, so the old hash no longer matches
    const [d] = await clients(1);
    await sendText(t, d.userID, a.userID, 'three');
    const grown = dataOf(await a.post('/conversation/get_full_conversation_ids', { userID: a.userID, idHash: hash }));
    expect(grown.equal).toBe(false);
    expect(grown.conversationIDs).toHaveLength(3);
    expect(grown.version).toBeGreaterThan(full.version);
  });

  it('get_full_conversation_ids: an empty list for a user without conversations; 1002 for another user', async () => {
    const [a, b] = await clients(2);
    const empty = dataOf(await a.post('/conversation/get_full_conversation_ids', { userID: a.userID, idHash: 0 }));
    expect(listOf(empty.conversationIDs)).toEqual([]);
    expect(empty.versionID).toMatch(/^[0-9a-f]{24}$/);
    const other = await a.post('/conversation/get_full_conversation_ids', { userID: b.userID, idHash: 0 });
    expect(errOf(other.body).errCode).toBe(1002);
  });
});
