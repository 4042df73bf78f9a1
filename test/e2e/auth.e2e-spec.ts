import { errOf, registerUsers, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('get_admin_token', () => {
    it('issues an admin token for the configured admin and secret', async () => {
      const res = await t.post('/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ errCode: 0, errMsg: '', errDlt: '', data: { expireTimeSeconds: 7257600 } });
      const parsed = await t.post('/auth/parse_token', { token: res.body.data.token });
      expect(parsed.body.data).toMatchObject({ userID: 'imAdmin', platformID: 10 });
    });

    it('refuses a wrong secret with 1002 and a non-admin ID with 1001', async () => {
      const wrong = await t.post('/auth/get_admin_token', { userID: 'imAdmin', secret: 'nope' });
      expect(errOf(wrong.body).errCode).toBe(1002);
      const notAdmin = await t.post('/auth/get_admin_token', { userID: 'someone', secret: 'openIM123' });
      expect(errOf(notAdmin.body).errCode).toBe(1001);
    });

    it('names the missing field', async () => {
      const res = await t.post('/auth/get_admin_token', { userID: 'imAdmin' });
      expect(res.status).toBe(200);
      expect(res.body.errCode).toBe(1001);
      expect(res.body.errDlt).toContain('secret');
      expect(res.body).not.toHaveProperty('data');
    });
  });

  describe('get_user_token', () => {
    it('issues a token whose claims parse back', async () => {
      const [u] = await registerUsers(t);
      const token = await userToken(t, u.userID, 5);
      const parsed = await t.post('/auth/parse_token', { token });
      expect(parsed.body.data.userID).toBe(u.userID);
      expect(parsed.body.data.platformID).toBe(5);
      const nowSec = Date.now() / 1000;
      expect(parsed.body.data.expireTimeSeconds).toBeGreaterThan(nowSec + 7257600 - 60);
    });

    it('refuses unknown users (1003), admin IDs and platform 10 (1002), bad platforms (1001)', async () => {
      const admin = await t.adminToken();
      const [u] = await registerUsers(t);
      expect(
        errOf((await t.post('/auth/get_user_token', { userID: 'ghost', platformID: 1 }, admin)).body).errCode,
      ).toBe(1003);
      expect(
        errOf((await t.post('/auth/get_user_token', { userID: 'imAdmin', platformID: 1 }, admin)).body).errCode,
      ).toBe(1002);
      expect(
        errOf((await t.post('/auth/get_user_token', { userID: u.userID, platformID: 10 }, admin)).body).errCode,
      ).toBe(1002);
      for (const platformID of [0, 12, '1', 1.5]) {
        const res = await t.post('/auth/get_user_token', { userID: u.userID, platformID }, admin);
        expect(errOf(res.body).errCode).toBe(1001);
        expect(res.body.errDlt).toContain('platformID');
      }
    });

    it('is admin-only (1002) and needs a token (1005)', async () => {
      const [a, b] = await registerUsers(t, 2);
      const token = await userToken(t, a.userID);
      expect(
        errOf((await t.post('/auth/get_user_token', { userID: b.userID, platformID: 1 }, token)).body).errCode,
      ).toBe(1002);
      const none = await t.post('/auth/get_user_token', { userID: b.userID, platformID: 1 });
      expect(errOf(none.body).errCode).toBe(1005);
    });

    it('refuses notification accounts (1001)', async () => {
      const admin = await t.adminToken();
      const acc = await t.post('/user/add_notification_account', { nickName: 'bell', appMangerLevel: 3 }, admin);
      const res = await t.post('/auth/get_user_token', { userID: acc.body.data.userID, platformID: 1 }, admin);
      expect(errOf(res.body).errCode).toBe(1001);
    });
  });

  describe('multi-login policy 1 (default): one session per platform', () => {
    it('kicks the older token of the same platform and keeps other platforms', async () => {
      const [u] = await registerUsers(t);
      const ios1 = await userToken(t, u.userID, 1);
      const web = await userToken(t, u.userID, 5);
      const ios2 = await userToken(t, u.userID, 1);
      const call = (token: string) => t.post('/user/get_users_info', { userIDs: [u.userID] }, token);
      const kicked = await call(ios1);
      expect(errOf(kicked.body)).toEqual({ errCode: 1005, errDlt: expect.stringContaining('TokenKicked') });
      expect((await call(web)).body.errCode).toBe(0);
      expect((await call(ios2)).body.errCode).toBe(0);
    });
  });

  describe('force_logout', () => {
    it('kicks every token of the platform; parse_token then refuses it', async () => {
      const [u] = await registerUsers(t);
      const token = await userToken(t, u.userID, 2);
      const other = await userToken(t, u.userID, 3);
      const res = await t.post('/auth/force_logout', { userID: u.userID, platformID: 2 }, await t.adminToken());
      expect(res.body).toEqual({ errCode: 0, errMsg: '', errDlt: '', data: {} });
      const parsed = await t.post('/auth/parse_token', { token });
      expect(errOf(parsed.body)).toEqual({ errCode: 1005, errDlt: expect.stringContaining('kicked') });
      expect((await t.post('/auth/parse_token', { token: other })).body.errCode).toBe(0);
    });

    it('is admin-only', async () => {
      const [u] = await registerUsers(t);
      const token = await userToken(t, u.userID, 2);
      const res = await t.post('/auth/force_logout', { userID: u.userID, platformID: 2 }, token);
      expect(errOf(res.body).errCode).toBe(1002);
    });
  });

  describe('token failures answer 1005 with the reason', () => {
    it.each([
      ['garbage', 'not-a-jwt', 'Malformed'],
      [
        'bad signature',
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJVc2VySUQiOiJ4IiwiUGxhdGZvcm1JRCI6MSwiZXhwIjo5OTk5OTk5OTk5fQ.AAAA',
        'TokenUnknown',
      ],
    ])('%s', async (_name, token, reason) => {
      const res = await t.post('/user/get_users_info', { userIDs: ['x'] }, token);
      expect(res.body.errCode).toBe(1005);
      expect(res.body.errDlt).toContain(reason);
    });

    it('a validly signed token the server never issued (1507 reason)', async () => {
      const jwt = t.app.get((await import('@nestjs/jwt')).JwtService);
      const forged = jwt.sign({ UserID: 'imAdmin', PlatformID: 10 }, { secret: t.config.secret, expiresIn: 60 });
      const res = await t.post('/user/get_users_info', { userIDs: ['x'] }, forged);
      expect(res.body.errCode).toBe(1005);
      expect(res.body.errDlt).toContain('TokenNotExist');
    });

    it('an expired token', async () => {
      const jwt = t.app.get((await import('@nestjs/jwt')).JwtService);
      const expired = jwt.sign(
        { UserID: 'imAdmin', PlatformID: 10, exp: Math.floor(Date.now() / 1000) - 10 },
        { secret: t.config.secret },
      );
      const res = await t.post('/auth/parse_token', { token: expired });
      expect(res.body.errCode).toBe(1005);
      expect(res.body.errDlt).toContain('TokenExpired');
    });
  });
});
