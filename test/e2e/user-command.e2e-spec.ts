import { errOf, expectArgsError, expectOk, registerUsers, uniqueID, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

const FAVOURITE = 1;
const RECENT = 2;

describe('user commands', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const cmd = (op: string, body: Record<string, unknown>, token?: string) =>
    t.post(`/user/process_user_command_${op}`, body, token);

  /** A user with a token and an API for their own records. */
  async function owner() {
    const [u] = await registerUsers(t);
    const token = await userToken(t, u.userID);
    const call = async (op: string, body: Record<string, unknown> = {}) => {
      const res = await cmd(op, { userID: u.userID, ...body }, token);
      return res.body;
    };
    const records = async (type?: number) => {
      const body = type === undefined ? await call('get_all') : await call('get', { type });
      expectOk(body);
      return body.data.CommandResp as Record<string, unknown>[];
    };
    return { ...u, token, call, records };
  }

  it('add stores a record that get returns with createTime in seconds', async () => {
    const u = await owner();
    const before = Math.floor(Date.now() / 1000);
    const body = await u.call('add', { type: FAVOURITE, uuid: 'fav-1', value: '{"msg":"hi"}', ex: 'e' });
    expect(body).toEqual({ errCode: 0, errMsg: '', errDlt: '', data: {} });
    const res = await u.call('get', { type: FAVOURITE });
    expect(res).toEqual({
      errCode: 0,
      errMsg: '',
      errDlt: '',
      data: {
        CommandResp: [
          { type: FAVOURITE, uuid: 'fav-1', value: '{"msg":"hi"}', ex: 'e', createTime: expect.any(Number) },
        ],
      },
    });
    const createTime = res.data.CommandResp[0].createTime as number;
    expect(createTime).toBeGreaterThanOrEqual(before);
    expect(createTime).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('adding the same (type, uuid) again replaces the value instead of duplicating', async () => {
    const u = await owner();
    expectOk(await u.call('add', { type: FAVOURITE, uuid: 'k', value: 'v1' }));
    expectOk(await u.call('add', { type: FAVOURITE, uuid: 'k', value: 'v2' }));
    expectOk(await u.call('add', { type: RECENT, uuid: 'k', value: 'other kind' }));
    expect(await u.records(FAVOURITE)).toEqual([expect.objectContaining({ uuid: 'k', value: 'v2' })]);
  });

  it('get filters by type, get_all returns every type; other users see none of them', async () => {
    const u = await owner();
    const other = await owner();
    expectOk(await u.call('add', { type: FAVOURITE, uuid: 'a' }));
    expectOk(await u.call('add', { type: RECENT, uuid: 'b' }));
    expectOk(await u.call('add', { type: RECENT, uuid: 'c' }));
    expect((await u.records(RECENT)).map((r) => r.uuid).sort()).toEqual(['b', 'c']);
    expect((await u.records()).map((r) => `${String(r.type)}/${String(r.uuid)}`).sort()).toEqual(['1/a', '2/b', '2/c']);
    expect(await other.records()).toEqual([]);
    expect(await u.records(99)).toEqual([]);
  });

  it('update changes only the given fields; a missing record answers 1004', async () => {
    const u = await owner();
    expectOk(await u.call('add', { type: FAVOURITE, uuid: 'k', value: 'v', ex: 'e' }));
    expect(await u.call('update', { type: FAVOURITE, uuid: 'k', value: 'v2' })).toEqual({
      errCode: 0,
      errMsg: '',
      errDlt: '',
      data: {},
    });
    expectOk(await u.call('update', { type: FAVOURITE, uuid: 'k', value: null }));
    expect(await u.records(FAVOURITE)).toEqual([expect.objectContaining({ value: 'v2', ex: 'e' })]);
    expectOk(await u.call('update', { type: FAVOURITE, uuid: 'k', ex: '' }));
    expect(await u.records(FAVOURITE)).toEqual([expect.objectContaining({ value: 'v2', ex: '' })]);

    expect(errOf(await u.call('update', { type: FAVOURITE, uuid: 'nope', value: 'x' })).errCode).toBe(1004);
    expect(errOf(await u.call('update', { type: RECENT, uuid: 'k', value: 'x' })).errCode).toBe(1004);
    expect(await u.records(RECENT)).toEqual([]);
  });

  it('delete removes the record; deleting it again answers 1004', async () => {
    const u = await owner();
    expectOk(await u.call('add', { type: FAVOURITE, uuid: 'gone' }));
    expectOk(await u.call('add', { type: FAVOURITE, uuid: 'stays' }));
    expect(await u.call('delete', { type: FAVOURITE, uuid: 'gone' })).toEqual({
      errCode: 0,
      errMsg: '',
      errDlt: '',
      data: {},
    });
    expect((await u.records()).map((r) => r.uuid)).toEqual(['stays']);
    expect(errOf(await u.call('delete', { type: FAVOURITE, uuid: 'gone' })).errCode).toBe(1004);
  });

  it('add for an unknown user answers 1003', async () => {
    const res = await cmd('add', { userID: uniqueID('ghost'), type: FAVOURITE, uuid: 'x' }, admin);
    expect(errOf(res.body).errCode).toBe(1003);
  });

  describe('access: self or administrator', () => {
    const requests: [string, Record<string, unknown>][] = [
      ['add', { type: FAVOURITE, uuid: 'k', value: 'intruder' }],
      ['update', { type: FAVOURITE, uuid: 'k', value: 'intruder' }],
      ['delete', { type: FAVOURITE, uuid: 'k' }],
      ['get', { type: FAVOURITE }],
      ['get_all', {}],
    ];

    it.each(requests)("%s on someone else's records is refused (1002) and changes nothing", async (op, body) => {
      const victim = await owner();
      const intruder = await owner();
      expectOk(await victim.call('add', { type: FAVOURITE, uuid: 'k', value: 'mine' }));
      const res = await cmd(op, { userID: victim.userID, ...body }, intruder.token);
      expect(errOf(res.body).errCode).toBe(1002);
      expect(await victim.records()).toEqual([expect.objectContaining({ uuid: 'k', value: 'mine' })]);
    });

    it.each(requests)('%s needs a token (1005)', async (op, body) => {
      const res = await cmd(op, { userID: 'someone', ...body });
      expect(errOf(res.body).errCode).toBe(1005);
    });

    it('an administrator may manage anyone', async () => {
      const u = await owner();
      expectOk((await cmd('add', { userID: u.userID, type: FAVOURITE, uuid: 'k', value: 'v' }, admin)).body);
      expectOk((await cmd('update', { userID: u.userID, type: FAVOURITE, uuid: 'k', value: 'w' }, admin)).body);
      const got = await cmd('get_all', { userID: u.userID }, admin);
      expect(got.body.data.CommandResp).toEqual([expect.objectContaining({ uuid: 'k', value: 'w' })]);
      expectOk((await cmd('delete', { userID: u.userID, type: FAVOURITE, uuid: 'k' }, admin)).body);
      expect(await u.records()).toEqual([]);
    });
  });

  describe('bad input (1001)', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['add', { type: 0, uuid: 'k' }, 'type'],
      ['add', { type: '1', uuid: 'k' }, 'type'],
      ['add', { type: 1.5, uuid: 'k' }, 'type'],
      ['add', { type: FAVOURITE }, 'uuid'],
      ['add', { type: FAVOURITE, uuid: '' }, 'uuid'],
      ['add', { type: FAVOURITE, uuid: 'k', value: 5 }, 'value'],
      ['add', { userID: 'a:b', type: FAVOURITE, uuid: 'k' }, 'userID'],
      ['add', { userID: undefined, type: FAVOURITE, uuid: 'k' }, 'userID'],
      ['update', { type: FAVOURITE, uuid: 'k', ex: 5 }, 'ex'],
      ['update', { type: 0, uuid: 'k' }, 'type'],
      ['delete', { type: FAVOURITE }, 'uuid'],
      ['delete', { type: '1', uuid: 'k' }, 'type'],
      ['get', {}, 'type'],
      ['get', { type: 0 }, 'type'],
      ['get_all', { userID: 7 }, 'userID'],
    ])('%s with %j names %s', async (op, body, field) => {
      const u = await owner();
      const res = await cmd(op, { userID: u.userID, ...body }, u.token);
      expectArgsError(res.body, field);
    });
  });
});
