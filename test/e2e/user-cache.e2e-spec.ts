import { expectOk, registerUsers, userInfo, userToken } from '../helpers/fixtures';
import { eventually, startTestApp, TestApp, twoInstances } from '../helpers/test-app';

/** Users' rows are cached per node (UserCache): every change must show at once, on every node. */

async function rename(t: TestApp, userID: string, nickname: string): Promise<void> {
  const res = await t.post('/user/update_user_info_ex', { userInfo: { userID, nickname } }, await userToken(t, userID));
  expectOk(res.body);
}

const nicknameOn = async (t: TestApp, userID: string) => (await userInfo(t, userID))?.nickname;

describe('user cache on one node', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('get_users_info shows a profile change right after it (the cached row is dropped)', async () => {
    const [u] = await registerUsers(t, 1, { nickname: 'before' });
    expect(await nicknameOn(t, u.userID)).toBe('before'); // now cached
    await rename(t, u.userID, 'after');
    expect(await nicknameOn(t, u.userID)).toBe('after');
  });

  it('a user registered after a lookup missed is found at once (unknown IDs are not cached)', async () => {
    const id = `late_${Date.now()}`;
    expect(await userInfo(t, id)).toBeUndefined();
    await registerUsers(t, 1, { userID: id });
    expect(await userInfo(t, id)).toMatchObject({ userID: id });
  });
});

/** Two nodes share one PostgreSQL database and one Redis: with the embedded database there is no second node. */
const clustered = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

clustered('user cache across two nodes', () => {
  const instances = twoInstances();

  it('a rename on node 1 reaches node 2, which had the row cached', async () => {
    const [t1, t2] = instances();
    const [u] = await registerUsers(t1, 1, { nickname: 'one' });
    expect(await nicknameOn(t2, u.userID)).toBe('one');
    await rename(t1, u.userID, 'two');
    expect(await eventually(() => nicknameOn(t2, u.userID), 'two')).toBe('two');
  });
});
