import { errOf, expectArgsError, expectOk, registerUsers, uniqueID, userInfo, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

const NOTIFICATION = 3;
const ROBOT = 4;

describe('notification accounts', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const add = (body: Record<string, unknown>, token = admin) => t.post('/user/add_notification_account', body, token);
  const update = (body: Record<string, unknown>, token = admin) =>
    t.post('/user/update_notification_account', body, token);
  const search = (body: Record<string, unknown>, token = admin) =>
    t.post('/user/search_notification_account', { pagination: { pageNumber: 1, showNumber: 100 }, ...body }, token);

  async function account(fields: Record<string, unknown> = {}): Promise<{ userID: string; nickName: string }> {
    const res = await add({ nickName: uniqueID('bell'), appMangerLevel: NOTIFICATION, ...fields });
    expectOk(res.body);
    return res.body.data;
  }

  describe('add_notification_account', () => {
    it('generates a 10-digit ID when none is given and answers the account', async () => {
      const res = await add({ nickName: 'System', faceURL: 'https://example.com/bell.png', appMangerLevel: 3 });
      expect(res.body).toEqual({
        errCode: 0,
        errMsg: '',
        errDlt: '',
        data: {
          userID: expect.stringMatching(/^[1-9]\d{9}$/),
          nickName: 'System',
          faceURL: 'https://example.com/bell.png',
          appMangerLevel: 3,
        },
      });
      expect(await userInfo(t, res.body.data.userID)).toMatchObject({ nickname: 'System', appMangerLevel: 3 });
      const again = await add({ nickName: 'System', appMangerLevel: 3 });
      expect(again.body.data.userID).not.toBe(res.body.data.userID);
    });

    it('treats an empty userID like an absent one', async () => {
      const res = await add({ userID: '', nickName: 'Blank', appMangerLevel: ROBOT });
      expect(res.body.data).toMatchObject({ userID: expect.stringMatching(/^[1-9]\d{9}$/), appMangerLevel: ROBOT });
    });

    it('uses a given userID, and refuses one in use (1001)', async () => {
      const userID = uniqueID('robot');
      const res = await add({ userID, nickName: 'Bot', appMangerLevel: ROBOT });
      expect(res.body.data).toEqual({ userID, nickName: 'Bot', faceURL: '', appMangerLevel: ROBOT });

      const [ordinary] = await registerUsers(t);
      for (const used of [userID, ordinary.userID]) {
        const dup = await add({ userID: used, nickName: 'Other', appMangerLevel: NOTIFICATION });
        expect(errOf(dup.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('used') });
      }
      expect(await userInfo(t, ordinary.userID)).toMatchObject({ nickname: ordinary.nickname, appMangerLevel: 0 });
    });

    it('a notification account cannot get a user token', async () => {
      const acc = await account();
      const res = await t.post('/auth/get_user_token', { userID: acc.userID, platformID: 1 }, admin);
      expect(errOf(res.body).errCode).toBe(1001);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['level 2', { nickName: 'x', appMangerLevel: 2 }, 'appMangerLevel'],
      ['level 0', { nickName: 'x', appMangerLevel: 0 }, 'appMangerLevel'],
      ['a missing level', { nickName: 'x' }, 'appMangerLevel'],
      ['a quoted level', { nickName: 'x', appMangerLevel: '3' }, 'appMangerLevel'],
      ['a missing nickName', { appMangerLevel: 3 }, 'nickName'],
      ['a ":" in userID', { userID: 'a:b', nickName: 'x', appMangerLevel: 3 }, 'userID'],
    ])('refuses %s (1001)', async (_name, body, field) => {
      expectArgsError((await add(body)).body, field);
    });

    it('is admin-only (1002) and needs a token (1005)', async () => {
      const [u] = await registerUsers(t);
      const userID = uniqueID('bell');
      const body = { userID, nickName: 'x', appMangerLevel: 3 };
      expect(errOf((await add(body, await userToken(t, u.userID))).body).errCode).toBe(1002);
      expect(errOf((await t.post('/user/add_notification_account', body)).body).errCode).toBe(1005);
      expect(await userInfo(t, userID)).toBeUndefined();
    });
  });

  describe('update_notification_account', () => {
    it('changes the given non-empty fields only', async () => {
      const acc = await account({ faceURL: 'https://example.com/old.png' });
      const res = await update({ userID: acc.userID, nickName: 'Renamed', faceURL: '' });
      expect(res.body).toEqual({ errCode: 0, errMsg: '', errDlt: '', data: {} });
      expect(await userInfo(t, acc.userID)).toMatchObject({
        nickname: 'Renamed',
        faceURL: 'https://example.com/old.png',
        appMangerLevel: NOTIFICATION,
      });
      expectOk((await update({ userID: acc.userID, faceURL: 'https://example.com/new.png' })).body);
      expect(await userInfo(t, acc.userID)).toMatchObject({
        nickname: 'Renamed',
        faceURL: 'https://example.com/new.png',
      });
    });

    it('refuses an ordinary user or an unknown ID (1001) and leaves the user alone', async () => {
      const [u] = await registerUsers(t);
      expectArgsError((await update({ userID: u.userID, nickName: 'x' })).body, u.userID);
      expect((await userInfo(t, u.userID))?.nickname).toBe(u.nickname);
      expectArgsError((await update({ userID: t.config.adminUserIDs[0], nickName: 'x' })).body, 'notification');
      expectArgsError((await update({ userID: uniqueID('ghost'), nickName: 'x' })).body, 'notification');
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['neither field', {}, 'nickName'],
      ['only empty fields', { nickName: '', faceURL: '' }, 'nickName'],
      ['a numeric nickName', { nickName: 3 }, 'nickName'],
    ])('refuses %s (1001)', async (_name, body, field) => {
      const acc = await account();
      expectArgsError((await update({ userID: acc.userID, ...body })).body, field);
      expect((await userInfo(t, acc.userID))?.nickname).toBe(acc.nickName);
    });

    it('refuses a missing userID (1001)', async () => {
      expectArgsError((await update({ nickName: 'x' })).body, 'userID');
    });

    it('is admin-only (1002) and needs a token (1005)', async () => {
      const acc = await account();
      const [u] = await registerUsers(t);
      const body = { userID: acc.userID, nickName: 'hijacked' };
      expect(errOf((await update(body, await userToken(t, u.userID))).body).errCode).toBe(1002);
      expect(errOf((await t.post('/user/update_notification_account', body)).body).errCode).toBe(1005);
      expect((await userInfo(t, acc.userID))?.nickname).toBe(acc.nickName);
    });
  });

  describe('search_notification_account', () => {
    const found = (res: { body: { data: { notificationAccounts: { userID: string }[] } } }) =>
      res.body.data.notificationAccounts.map((a) => a.userID);

    it('finds an account by exact ID before accounts by exact nickname', async () => {
      const target = await account({ userID: uniqueID('acc') });
      const namesake = await account({ nickName: target.userID });
      const byID = await search({ keyword: target.userID });
      expect(byID.body).toEqual({
        errCode: 0,
        errMsg: '',
        errDlt: '',
        data: {
          total: 1,
          notificationAccounts: [
            { userID: target.userID, nickName: target.nickName, faceURL: '', appMangerLevel: NOTIFICATION },
          ],
        },
      });
      expect(found(await search({ keyword: target.nickName }))).toEqual([target.userID]);
      expect(found(await search({ keyword: namesake.nickName.slice(0, -1) }))).toEqual([]);
    });

    it('matches the nickname exactly, filters by level and pages with the total', async () => {
      const name = uniqueID('shared');
      const [a, b, robot] = [await account({ nickName: name }), await account({ nickName: name })].concat(
        await account({ nickName: name, appMangerLevel: ROBOT }),
      );
      await registerUsers(t, 1, { nickname: name });
      const all = await search({ keyword: name });
      expect(all.body.data.total).toBe(3);
      expect(found(all).sort()).toEqual([a.userID, b.userID, robot.userID].sort());

      const robots = await search({ keyword: name, appManagerLevel: ROBOT });
      expect(robots.body.data).toEqual({
        total: 1,
        notificationAccounts: [expect.objectContaining({ userID: robot.userID })],
      });

      const page = (pageNumber: number) => search({ keyword: name, pagination: { pageNumber, showNumber: 2 } });
      const [p1, p2] = [await page(1), await page(2)];
      expect(p1.body.data.total).toBe(3);
      expect(p2.body.data.total).toBe(3);
      expect(found(p1)).toHaveLength(2);
      expect([...found(p1), ...found(p2)].sort()).toEqual(found(all).sort());
    });

    it('without keyword lists accounts of level 3 and up (or the given level), never users or admins', async () => {
      const bell = await account();
      const robot = await account({ appMangerLevel: ROBOT });
      const [u] = await registerUsers(t);
      const show = { pagination: { pageNumber: 1, showNumber: 1000 } };
      const everything = await search(show);
      expect(found(everything)).toEqual(expect.arrayContaining([bell.userID, robot.userID]));
      expect(found(everything)).not.toContain(u.userID);
      expect(found(everything)).not.toContain(t.config.adminUserIDs[0]);
      expect(everything.body.data.total).toBe(found(everything).length);
      const robots = await search({ ...show, appManagerLevel: ROBOT });
      expect(found(robots)).toContain(robot.userID);
      expect(found(robots)).not.toContain(bell.userID);
      expect((await search({ keyword: t.config.adminUserIDs[0] })).body.data).toEqual({
        total: 0,
        notificationAccounts: [],
      });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['missing pagination', { pagination: undefined }, 'pagination'],
      ['pageNumber 0', { pagination: { pageNumber: 0, showNumber: 10 } }, 'pagination.pageNumber'],
      ['showNumber over 1000', { pagination: { pageNumber: 1, showNumber: 1001 } }, 'pagination.showNumber'],
      ['level 2', { appManagerLevel: 2 }, 'appManagerLevel'],
      ['a quoted level', { appManagerLevel: '3' }, 'appManagerLevel'],
      ['a numeric keyword', { keyword: 3 }, 'keyword'],
    ])('refuses %s (1001)', async (_name, body, field) => {
      expectArgsError((await search(body)).body, field);
    });

    it('is admin-only (1002) and needs a token (1005)', async () => {
      const [u] = await registerUsers(t);
      expect(errOf((await search({}, await userToken(t, u.userID))).body).errCode).toBe(1002);
      const noToken = await t.post('/user/search_notification_account', {
        pagination: { pageNumber: 1, showNumber: 1 },
      });
      expect(errOf(noToken.body).errCode).toBe(1005);
    });
  });
});
