import { registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { post } from './object-flow';

interface LogInfo {
  logID: string;
  userID: string;
  platform: string;
  url: string;
  filename: string;
  nickname: string;
  version: string;
  createTime: number;
}

/** Client logs: users record the log files they uploaded, admins search them, owners or admins delete them. */
describe('/third/logs', () => {
  let t: TestApp;
  let admin: string;
  let alice: { userID: string; nickname: string };
  let aliceToken: string;
  let bobToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    const [a, b] = await registerUsers(t, 2);
    alice = a;
    aliceToken = await userToken(t, a.userID);
    bobToken = await userToken(t, b.userID);
  });
  afterAll(() => t.close());

  const search = async (body: Record<string, unknown>, token = admin) =>
    post(t, '/third/logs/search', { pagination: { pageNumber: 1, showNumber: 10 }, ...body }, token);

  it('stores one log per file under the caller; admins find them by user, newest first, with the nickname', async () => {
    const fileURLs = [1, 2, 3].map((i) => ({
      filename: `sdk-${i}.log`,
      URL: `http://x/object/${alice.userID}/sdk-${i}.log`,
    }));
    expect((await post(t, '/third/logs/upload', { platform: 2, fileURLs, version: '3.8.0' }, aliceToken)).errCode).toBe(
      0,
    );
    expect((await post(t, '/third/logs/upload', { platform: 99, fileURLs }, aliceToken)).errCode).toBe(1001);

    const found = await search({ keyword: alice.userID });
    expect(found.data.total).toBe(3);
    const logs = found.data.logsInfos as LogInfo[];
    expect(logs).toHaveLength(3);
    for (const l of logs) {
      expect(l).toMatchObject({
        userID: alice.userID,
        platform: 'Android',
        nickname: alice.nickname,
        version: '3.8.0',
      });
      expect(l.logID).toMatch(/^\d{10}$/);
    }
    expect(logs.map((l) => l.filename).sort()).toEqual(['sdk-1.log', 'sdk-2.log', 'sdk-3.log']);
    const page2 = await search({ keyword: alice.userID, pagination: { pageNumber: 2, showNumber: 2 } });
    expect(page2.data).toMatchObject({ total: 3, logsInfos: [expect.objectContaining({ logID: logs[2].logID })] });

    const later = Date.now() + 60_000;
    expect((await search({ keyword: alice.userID, startTime: later, endTime: later + 1 })).data.total).toBe(0);
    expect((await search({ startTime: 10, endTime: 5 })).errCode).toBe(1001);
    expect((await search({}, aliceToken)).errCode).toBe(1002);
  });

  it("deletes one's own logs or, as an admin, anyone's; 1004 names the missing ones", async () => {
    const fileURLs = [{ filename: 'a.log', URL: 'http://x/a.log' }];
    await post(t, '/third/logs/upload', { platform: 1, fileURLs }, aliceToken);
    await post(t, '/third/logs/upload', { platform: 1, fileURLs }, aliceToken);
    const ids = (
      (await search({ keyword: alice.userID, pagination: { pageNumber: 1, showNumber: 2 } })).data
        .logsInfos as LogInfo[]
    ).map((l) => l.logID);
    expect((await post(t, '/third/logs/delete', { logIDs: [ids[0]] }, bobToken)).errCode).toBe(1002);
    const missing = await post(t, '/third/logs/delete', { logIDs: [ids[0], '0000000001'] }, aliceToken);
    expect(missing).toMatchObject({ errCode: 1004, errDlt: expect.stringContaining('0000000001') });
    expect((await post(t, '/third/logs/delete', { logIDs: [ids[0]] }, aliceToken)).errCode).toBe(0);
    expect((await post(t, '/third/logs/delete', { logIDs: [ids[1]] }, admin)).errCode).toBe(0);
    const left = (await search({ keyword: alice.userID, pagination: { pageNumber: 1, showNumber: 100 } })).data
      .logsInfos as LogInfo[];
    expect(left.map((l) => l.logID)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(left.map((l) => l.logID)).not.toEqual(expect.arrayContaining([ids[1]]));
  });
});
