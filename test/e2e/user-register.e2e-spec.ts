import {
  errOf,
  expectArgsError,
  expectOk,
  registerUsers,
  uniqueID,
  userInfo,
  usersInfo,
  userToken,
} from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('user registration and account check', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const register = (users: unknown, token = admin) => t.post('/user/user_register', { users }, token);
  const accountCheck = (checkUserIDs: unknown, token = admin) => t.post('/user/account_check', { checkUserIDs }, token);

  describe('user_register', () => {
    it('stores every given field, defaults the others and sets createTime', async () => {
      const full = {
        userID: uniqueID(),
        nickname: '张三',
        faceURL: 'https://example.com/a.png',
        ex: '{"age":25}',
        appMangerLevel: 1,
        globalRecvMsgOpt: 2,
      };
      const bare = { userID: uniqueID() };
      const before = Date.now();
      const res = await register([full, bare]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ errCode: 0, errMsg: '', errDlt: '', data: {} });

      const [a, b] = await usersInfo(t, [full.userID, bare.userID]);
      expect(a).toMatchObject(full);
      expect(b).toEqual({
        userID: bare.userID,
        nickname: '',
        faceURL: '',
        ex: '',
        appMangerLevel: 0,
        globalRecvMsgOpt: 0,
        createTime: expect.any(Number),
      });
      expect(a.createTime).toBeGreaterThanOrEqual(before);
      expect(a.createTime).toBeLessThanOrEqual(Date.now());
    });

    it('a registered user can get a token and use it', async () => {
      const [u] = await registerUsers(t);
      const token = await userToken(t, u.userID);
      expectOk((await t.post('/user/get_users_info', { userIDs: [u.userID] }, token)).body);
    });

    it('refuses an already registered ID with 1102 and writes none of the request', async () => {
      const [existing] = await registerUsers(t);
      const fresh = { userID: uniqueID(), nickname: 'new' };
      const res = await register([fresh, { userID: existing.userID, nickname: 'again' }]);
      expect(errOf(res.body)).toEqual({ errCode: 1102, errDlt: expect.stringContaining(existing.userID) });
      expect(res.body.errMsg).toBe('RegisteredAlreadyError');

      const check = await accountCheck([fresh.userID, existing.userID]);
      expect(check.body.data.results).toEqual([
        { userID: fresh.userID, accountStatus: 'unregistered' },
        { userID: existing.userID, accountStatus: 'registered' },
      ]);
      expect((await userInfo(t, existing.userID))?.nickname).toBe(existing.nickname);
    });

    it('refuses duplicate IDs within one request (1001) and writes nothing', async () => {
      const id = uniqueID();
      expectArgsError((await register([{ userID: id }, { userID: id }])).body, 'users');
      expect(await userInfo(t, id)).toBeUndefined();
    });

    it.each<[string, unknown, string]>([
      ['missing list', undefined, 'users'],
      ['empty list', [], 'users'],
      ['a list that is not a list', 'u1', 'users'],
      ['an item that is not an object', ['u1'], 'users.0'],
      ['a missing userID', [{ nickname: 'x' }], 'users.0.userID'],
      ['an empty userID', [{ userID: '' }], 'users.0.userID'],
      ['a ":" in userID', [{ userID: 'a:b' }], 'users.0.userID'],
      ['a numeric userID', [{ userID: 42 }], 'users.0.userID'],
      ['a quoted appMangerLevel', [{ userID: 'ok1', appMangerLevel: '1' }], 'users.0.appMangerLevel'],
      ['an unknown globalRecvMsgOpt', [{ userID: 'ok1', globalRecvMsgOpt: 3 }], 'users.0.globalRecvMsgOpt'],
      ['a non-string nickname (second item)', [{ userID: 'ok1' }, { userID: 'ok2', nickname: 7 }], 'users.1.nickname'],
    ])('refuses %s with 1001 naming the field', async (_name, users, field) => {
      expectArgsError((await register(users)).body, field);
      expect(await usersInfo(t, ['ok1', 'ok2'])).toEqual([]);
    });

    it('refuses more than 1000 users at once (1001)', async () => {
      const users = Array.from({ length: 1001 }, (_, i) => ({ userID: `bulk${i}_${uniqueID()}` }));
      expectArgsError((await register(users)).body, 'users');
      expect(await userInfo(t, users[0].userID)).toBeUndefined();
    });

    it('accepts exactly 1000 users', async () => {
      const users = Array.from({ length: 1000 }, (_, i) => ({ userID: `max${i}_${uniqueID()}` }));
      expectOk((await register(users)).body);
      const check = await accountCheck(users.map((u) => u.userID));
      expect(check.body.data.results.every((r: { accountStatus: string }) => r.accountStatus === 'registered')).toBe(
        true,
      );
    });

    it('is admin-only (1002) and needs a token (1005)', async () => {
      const [u] = await registerUsers(t);
      const id = uniqueID();
      const asUser = await register([{ userID: id }], await userToken(t, u.userID));
      expect(errOf(asUser.body).errCode).toBe(1002);
      const noToken = await t.post('/user/user_register', { users: [{ userID: id }] });
      expect(errOf(noToken.body).errCode).toBe(1005);
      expect(await userInfo(t, id)).toBeUndefined();
    });
  });

  describe('account_check', () => {
    it('answers registered/unregistered for each ID in request order', async () => {
      const [a, b] = await registerUsers(t, 2);
      const ghost = uniqueID('ghost');
      const res = await accountCheck([b.userID, ghost, a.userID]);
      expect(res.body).toEqual({
        errCode: 0,
        errMsg: '',
        errDlt: '',
        data: {
          results: [
            { userID: b.userID, accountStatus: 'registered' },
            { userID: ghost, accountStatus: 'unregistered' },
            { userID: a.userID, accountStatus: 'registered' },
          ],
        },
      });
    });

    it('counts the configured administrator as registered', async () => {
      const res = await accountCheck([t.config.adminUserIDs[0]]);
      expect(res.body.data.results).toEqual([{ userID: t.config.adminUserIDs[0], accountStatus: 'registered' }]);
    });

    it.each<[string, unknown]>([
      ['missing', undefined],
      ['empty', []],
      ['duplicates', ['x1', 'x1']],
      ['a number inside', ['x1', 5]],
      ['more than 1000', Array.from({ length: 1001 }, (_, i) => `id${i}`)],
    ])('refuses a checkUserIDs list that is %s (1001)', async (_name, ids) => {
      expectArgsError((await accountCheck(ids)).body, 'checkUserIDs');
    });

    it('is admin-only (1002) and needs a token (1005)', async () => {
      const [u] = await registerUsers(t);
      const asUser = await accountCheck([u.userID], await userToken(t, u.userID));
      expect(errOf(asUser.body).errCode).toBe(1002);
      expect(errOf((await t.post('/user/account_check', { checkUserIDs: [u.userID] })).body).errCode).toBe(1005);
    });
  });
});
