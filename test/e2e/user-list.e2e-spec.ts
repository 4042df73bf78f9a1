import { errOf, expectArgsError, expectOk, registerUsers, uniqueID, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('user lists', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const ids = (users: { userID: string }[]) => users.map((u) => u.userID);

  describe('get_users', () => {
    const getUsers = (body: Record<string, unknown>, token = admin) =>
      t.post('/user/get_users', { pagination: { pageNumber: 1, showNumber: 100 }, ...body }, token);

    /** Users of levels 0–3 whose IDs share a fresh marker, in creation order. */
    async function usersOfEveryLevel(marker: string) {
      const created = [];
      for (const level of [0, 1, 2, 3]) {
        const userID = `${marker}L${level}_${uniqueID()}`;
        const res = await t.post(
          '/user/user_register',
          { users: [{ userID, nickname: `n${level}`, appMangerLevel: level }] },
          admin,
        );
        expectOk(res.body);
        created.push({ userID, level });
      }
      return created;
    }

    it('lists only ordinary users (levels 0 and 1) with full info and the total', async () => {
      const marker = uniqueID('lv');
      const [l0, l1] = await usersOfEveryLevel(marker);
      const res = await getUsers({ userID: marker });
      expect(res.body).toMatchObject({ errCode: 0, errMsg: '', errDlt: '', data: { total: 2 } });
      expect(ids(res.body.data.users)).toEqual([l0.userID, l1.userID]);
      expect(res.body.data.users[1]).toEqual({
        userID: l1.userID,
        nickname: 'n1',
        faceURL: '',
        ex: '',
        createTime: expect.any(Number),
        appMangerLevel: 1,
        globalRecvMsgOpt: 0,
      });
      const all = await getUsers({ pagination: { pageNumber: 1, showNumber: 100 } });
      expect(ids(all.body.data.users)).not.toContain(t.config.adminUserIDs[0]);
    });

    it('searches userID as a case-insensitive substring', async () => {
      const marker = uniqueID('CaseID');
      const [u] = await registerUsers(t, 1, { userID: `pre${marker}post` });
      const res = await getUsers({ userID: marker.toLowerCase().slice(2) });
      expect(res.body.data).toEqual({ total: 1, users: [expect.objectContaining({ userID: u.userID })] });
    });

    it('searches nickname as a case-insensitive substring, OR-combined with userID', async () => {
      const marker = uniqueID('Nick');
      const [byNick] = await registerUsers(t, 1, { nickname: `The ${marker} One` });
      const [byID] = await registerUsers(t, 1, { userID: `id${marker}` });
      const nickOnly = await getUsers({ nickName: ` ${marker.toUpperCase()} o` });
      expect(ids(nickOnly.body.data.users)).toEqual([byNick.userID]);
      const either = await getUsers({ nickName: `the ${marker}`, userID: `id${marker}` });
      expect(either.body.data.total).toBe(2);
      expect(ids(either.body.data.users).sort()).toEqual([byNick.userID, byID.userID].sort());
    });

    it('matches "%" and "_" in the search text literally', async () => {
      const marker = uniqueID('lit');
      const [pct] = await registerUsers(t, 1, { nickname: `${marker}a%b` });
      const [under] = await registerUsers(t, 1, { nickname: `${marker}c_d` });
      await registerUsers(t, 1, { nickname: `${marker}aXXb` });
      await registerUsers(t, 1, { nickname: `${marker}cXd` });
      expect(ids((await getUsers({ nickName: `${marker}a%b` })).body.data.users)).toEqual([pct.userID]);
      expect(ids((await getUsers({ nickName: `${marker}c_d` })).body.data.users)).toEqual([under.userID]);
      expect((await getUsers({ nickName: `${marker}%b` })).body.data.total).toBe(0);
    });

    it('pages the matches; total counts all of them', async () => {
      const marker = uniqueID('page');
      const users = [];
      for (let i = 0; i < 3; i++) users.push(...(await registerUsers(t, 1, { nickname: `${marker}-${i}` })));
      const page = (pageNumber: number) => getUsers({ nickName: marker, pagination: { pageNumber, showNumber: 2 } });
      const [p1, p2, p3] = await Promise.all([page(1), page(2), page(3)]);
      expect(p1.body.data.total).toBe(3);
      expect(ids(p1.body.data.users)).toEqual(ids(users.slice(0, 2)));
      expect(p2.body.data).toEqual({ total: 3, users: [expect.objectContaining({ userID: users[2].userID })] });
      expect(p3.body.data).toEqual({ total: 3, users: [] });
    });

    it('is admin-only (1002) and needs a token (1005)', async () => {
      const [u] = await registerUsers(t);
      expect(errOf((await getUsers({}, await userToken(t, u.userID))).body).errCode).toBe(1002);
      const noToken = await t.post('/user/get_users', { pagination: { pageNumber: 1, showNumber: 10 } });
      expect(errOf(noToken.body).errCode).toBe(1005);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['missing pagination', { pagination: undefined }, 'pagination'],
      ['pageNumber 0', { pagination: { pageNumber: 0, showNumber: 10 } }, 'pagination.pageNumber'],
      ['a quoted pageNumber', { pagination: { pageNumber: '1', showNumber: 10 } }, 'pagination.pageNumber'],
      ['showNumber 0', { pagination: { pageNumber: 1, showNumber: 0 } }, 'pagination.showNumber'],
      ['showNumber over 100', { pagination: { pageNumber: 1, showNumber: 101 } }, 'showNumber'],
      ['a numeric userID', { userID: 5 }, 'userID'],
      ['a numeric nickName', { nickName: 5 }, 'nickName'],
    ])('refuses %s (1001)', async (_name, body, field) => {
      expectArgsError((await getUsers(body)).body, field);
    });
  });

  describe('get_all_users_uid', () => {
    const allIDs = (pageNumber: number, showNumber: number, token = admin) =>
      t.post('/user/get_all_users_uid', { pagination: { pageNumber, showNumber } }, token);

    it('pages through every user ID, oldest first, with the total', async () => {
      const before = (await allIDs(1, 1)).body.data.total;
      const users = [];
      for (let i = 0; i < 3; i++) users.push(...(await registerUsers(t)));
      const res = await allIDs(1, 1000);
      expect(res.body).toMatchObject({ errCode: 0, errMsg: '', errDlt: '', data: { total: before + 3 } });
      const all: string[] = res.body.data.userIDs;
      expect(all).toHaveLength(before + 3);
      expect(all).toContain(t.config.adminUserIDs[0]);
      expect(all.slice(-3)).toEqual(ids(users));

      const last = await allIDs(Math.ceil((before + 3) / 2), 2);
      expect(last.body.data.userIDs).toEqual(all.slice(2 * (Math.ceil((before + 3) / 2) - 1)));
      expect((await allIDs(before + 4, 1)).body.data).toEqual({ total: before + 3, userIDs: [] });
    });

    it('is admin-only (1002) and needs a token (1005)', async () => {
      const [u] = await registerUsers(t);
      expect(errOf((await allIDs(1, 10, await userToken(t, u.userID))).body).errCode).toBe(1002);
      const noToken = await t.post('/user/get_all_users_uid', { pagination: { pageNumber: 1, showNumber: 10 } });
      expect(errOf(noToken.body).errCode).toBe(1005);
    });

    it.each<[string, unknown, string]>([
      ['missing pagination', undefined, 'pagination'],
      ['pageNumber 0', { pageNumber: 0, showNumber: 10 }, 'pagination.pageNumber'],
      ['a quoted showNumber', { pageNumber: 1, showNumber: '10' }, 'pagination.showNumber'],
      ['showNumber over 1000', { pageNumber: 1, showNumber: 1001 }, 'pagination.showNumber'],
      ['a page far past any data', { pageNumber: 1e17, showNumber: 1000 }, 'pagination.pageNumber'],
    ])('refuses %s (1001)', async (_name, pagination, field) => {
      expectArgsError((await t.post('/user/get_all_users_uid', { pagination }, admin)).body, field);
    });

    it('accepts showNumber 1000', async () => {
      expectOk((await allIDs(1, 1000)).body);
    });
  });
});
