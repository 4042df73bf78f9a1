import {
  errOf,
  expectArgsError,
  expectOk,
  registerUsers,
  RegisteredUser,
  uniqueID,
  userInfo,
  usersInfo,
  userToken,
} from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

const PROFILE = { nickname: 'Alice', faceURL: 'https://example.com/alice.png', ex: '{"k":1}', globalRecvMsgOpt: 1 };

describe('user info', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  /** A user with a full profile and a token of their own. */
  async function userWithProfile(): Promise<RegisteredUser & { token: string }> {
    const [u] = await registerUsers(t, 1, PROFILE);
    return { ...u, token: await userToken(t, u.userID) };
  }

  describe('update_user_info (deprecated)', () => {
    const update = (userInfo: unknown, token: string) => t.post('/user/update_user_info', { userInfo }, token);

    it('lets a user change their own non-empty fields', async () => {
      const u = await userWithProfile();
      const change = { nickname: 'Bob', faceURL: 'https://example.com/bob.png', ex: 'x', globalRecvMsgOpt: 2 };
      const res = await update({ userID: u.userID, ...change }, u.token);
      expect(res.body).toEqual({ errCode: 0, errMsg: '', errDlt: '', data: {} });
      expect(await userInfo(t, u.userID)).toMatchObject(change);
    });

    it('ignores empty strings and zero numbers (cannot clear a field)', async () => {
      const u = await userWithProfile();
      const res = await update(
        { userID: u.userID, nickname: '', faceURL: '', ex: 'new-ex', globalRecvMsgOpt: 0, appMangerLevel: 0 },
        u.token,
      );
      expectOk(res.body);
      expect(await userInfo(t, u.userID)).toMatchObject({ ...PROFILE, ex: 'new-ex', appMangerLevel: 0 });
    });

    it('lets only an administrator change appMangerLevel', async () => {
      const u = await userWithProfile();
      const own = await update({ userID: u.userID, nickname: 'Sneaky', appMangerLevel: 2 }, u.token);
      expect(errOf(own.body).errCode).toBe(1002);
      expect(await userInfo(t, u.userID)).toMatchObject({ nickname: PROFILE.nickname, appMangerLevel: 0 });

      expectOk((await update({ userID: u.userID, appMangerLevel: 1 }, admin)).body);
      expect((await userInfo(t, u.userID))?.appMangerLevel).toBe(1);
    });

    it('refuses a user changing someone else (1002); an administrator may', async () => {
      const [a, b] = await Promise.all([userWithProfile(), userWithProfile()]);
      expect(errOf((await update({ userID: b.userID, nickname: 'hacked' }, a.token)).body).errCode).toBe(1002);
      expect((await userInfo(t, b.userID))?.nickname).toBe(PROFILE.nickname);
      expectOk((await update({ userID: b.userID, nickname: 'by admin' }, admin)).body);
      expect((await userInfo(t, b.userID))?.nickname).toBe('by admin');
    });

    it('answers 1003 for an unknown user, 1005 without token', async () => {
      const ghost = uniqueID('ghost');
      expect(errOf((await update({ userID: ghost, nickname: 'x' }, admin)).body).errCode).toBe(1003);
      expect(errOf((await update({ userID: ghost }, admin)).body).errCode).toBe(1003);
      expect(errOf((await t.post('/user/update_user_info', { userInfo: { userID: ghost } })).body).errCode).toBe(1005);
    });

    it.each<[string, unknown, string]>([
      ['missing userInfo', undefined, 'userInfo'],
      ['missing userID', { nickname: 'x' }, 'userInfo.userID'],
      ['a ":" in userID', { userID: 'a:b' }, 'userInfo.userID'],
      ['a numeric nickname', { userID: 'x', nickname: 5 }, 'userInfo.nickname'],
      ['a quoted appMangerLevel', { userID: 'x', appMangerLevel: '1' }, 'userInfo.appMangerLevel'],
    ])('refuses %s (1001)', async (_name, body, field) => {
      expectArgsError((await update(body, admin)).body, field);
    });
  });

  describe('update_user_info_ex', () => {
    const updateEx = (userInfo: unknown, token: string) => t.post('/user/update_user_info_ex', { userInfo }, token);

    it('changes the given fields only; absent and null leave a field unchanged', async () => {
      const u = await userWithProfile();
      const res = await updateEx({ userID: u.userID, nickname: 'Carol', faceURL: null }, u.token);
      expect(res.body).toEqual({ errCode: 0, errMsg: '', errDlt: '', data: {} });
      expect(await userInfo(t, u.userID)).toMatchObject({ ...PROFILE, nickname: 'Carol' });

      expectOk((await updateEx({ userID: u.userID, globalRecvMsgOpt: 0, ex: null }, u.token)).body);
      expect(await userInfo(t, u.userID)).toMatchObject({ ...PROFILE, nickname: 'Carol', globalRecvMsgOpt: 0 });
    });

    it('clears a field given as ""', async () => {
      const u = await userWithProfile();
      expectOk((await updateEx({ userID: u.userID, faceURL: '', ex: '' }, u.token)).body);
      expect(await userInfo(t, u.userID)).toMatchObject({ ...PROFILE, faceURL: '', ex: '' });
    });

    it('refuses a user changing someone else (1002); an administrator may', async () => {
      const [a, b] = await Promise.all([userWithProfile(), userWithProfile()]);
      expect(errOf((await updateEx({ userID: b.userID, nickname: 'x' }, a.token)).body).errCode).toBe(1002);
      expect((await userInfo(t, b.userID))?.nickname).toBe(PROFILE.nickname);
      expectOk((await updateEx({ userID: b.userID, nickname: '' }, admin)).body);
      expect((await userInfo(t, b.userID))?.nickname).toBe('');
    });

    it('answers 1003 for an unknown user, 1005 without token', async () => {
      const ghost = uniqueID('ghost');
      expect(errOf((await updateEx({ userID: ghost, nickname: 'x' }, admin)).body).errCode).toBe(1003);
      const noToken = await t.post('/user/update_user_info_ex', { userInfo: { userID: ghost } });
      expect(errOf(noToken.body).errCode).toBe(1005);
    });

    it.each<[string, unknown, string]>([
      ['missing userInfo', undefined, 'userInfo'],
      ['missing userID', { nickname: 'x' }, 'userInfo.userID'],
      ['a ":" in userID', { userID: 'a:b' }, 'userInfo.userID'],
      ['a numeric ex', { userID: 'x', ex: 1 }, 'userInfo.ex'],
      ['a quoted globalRecvMsgOpt', { userID: 'x', globalRecvMsgOpt: '1' }, 'userInfo.globalRecvMsgOpt'],
      ['an unknown globalRecvMsgOpt', { userID: 'x', globalRecvMsgOpt: 3 }, 'userInfo.globalRecvMsgOpt'],
    ])('refuses %s (1001)', async (_name, body, field) => {
      expectArgsError((await updateEx(body, admin)).body, field);
    });
  });

  describe('set_global_msg_recv_opt', () => {
    const setOpt = (body: unknown, token?: string) => t.post('/user/set_global_msg_recv_opt', body, token);

    it('sets the option of the caller, and an administrator may set anyone', async () => {
      const u = await userWithProfile();
      const res = await setOpt({ userID: u.userID, globalRecvMsgOpt: 2 }, u.token);
      expect(res.body).toEqual({ errCode: 0, errMsg: '', errDlt: '', data: {} });
      expect(await userInfo(t, u.userID)).toMatchObject({ ...PROFILE, globalRecvMsgOpt: 2 });
      expectOk((await setOpt({ userID: u.userID, globalRecvMsgOpt: 0 }, admin)).body);
      expect((await userInfo(t, u.userID))?.globalRecvMsgOpt).toBe(0);
    });

    it("refuses a user setting someone else's option (1002)", async () => {
      const [a, b] = await Promise.all([userWithProfile(), userWithProfile()]);
      expect(errOf((await setOpt({ userID: b.userID, globalRecvMsgOpt: 0 }, a.token)).body).errCode).toBe(1002);
      expect((await userInfo(t, b.userID))?.globalRecvMsgOpt).toBe(PROFILE.globalRecvMsgOpt);
    });

    it('answers 1003 for an unknown user, 1005 without token', async () => {
      const ghost = uniqueID('ghost');
      expect(errOf((await setOpt({ userID: ghost, globalRecvMsgOpt: 1 }, admin)).body).errCode).toBe(1003);
      expect(errOf((await setOpt({ userID: ghost, globalRecvMsgOpt: 1 })).body).errCode).toBe(1005);
    });

    it.each<[string, unknown, string]>([
      ['missing userID', { globalRecvMsgOpt: 1 }, 'userID'],
      ['missing option', { userID: 'x' }, 'globalRecvMsgOpt'],
      ['a quoted option', { userID: 'x', globalRecvMsgOpt: '1' }, 'globalRecvMsgOpt'],
      ['option 3', { userID: 'x', globalRecvMsgOpt: 3 }, 'globalRecvMsgOpt'],
      ['option -1', { userID: 'x', globalRecvMsgOpt: -1 }, 'globalRecvMsgOpt'],
    ])('refuses %s (1001)', async (_name, body, field) => {
      expectArgsError((await setOpt(body, admin)).body, field);
    });
  });

  describe('get_users_info', () => {
    it('returns full info in request order and leaves out unknown IDs, for any user', async () => {
      const [a, b, c] = await registerUsers(t, 3, PROFILE);
      const token = await userToken(t, a.userID);
      const res = await t.post('/user/get_users_info', { userIDs: [c.userID, 'nobody-here', a.userID] }, token);
      expect(res.body).toMatchObject({ errCode: 0, errMsg: '', errDlt: '' });
      const got = res.body.data.usersInfo;
      expect(got.map((u: { userID: string }) => u.userID)).toEqual([c.userID, a.userID]);
      expect(got[0]).toEqual({
        userID: c.userID,
        nickname: PROFILE.nickname,
        faceURL: PROFILE.faceURL,
        ex: PROFILE.ex,
        createTime: expect.any(Number),
        appMangerLevel: 0,
        globalRecvMsgOpt: PROFILE.globalRecvMsgOpt,
      });
      expect(await usersInfo(t, [b.userID, b.userID])).toHaveLength(1);
    });

    it('answers an empty list when no ID is known', async () => {
      expect(await usersInfo(t, [uniqueID('ghost')])).toEqual([]);
    });

    it('needs a token (1005)', async () => {
      expect(errOf((await t.post('/user/get_users_info', { userIDs: ['x'] })).body).errCode).toBe(1005);
    });

    it.each<[string, unknown]>([
      ['missing', undefined],
      ['empty', []],
      ['a string', 'x'],
      ['holding a number', ['x', 1]],
      ['longer than 1000', Array.from({ length: 1001 }, (_, i) => `id${i}`)],
    ])('refuses a userIDs list that is %s (1001)', async (_name, userIDs) => {
      expectArgsError((await t.post('/user/get_users_info', { userIDs }, admin)).body, 'userIDs');
    });
  });
});
