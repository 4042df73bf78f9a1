import { randomBytes } from 'node:crypto';
import { httpPost, processStorage, ProcessStorage, spawnServer } from '../helpers/server-process';

/** A restart (SIGTERM, start again on the same storage) keeps users, tokens and kicks. */
describe('restart', () => {
  let env: Record<string, string>;
  let storage: ProcessStorage;
  beforeAll(async () => {
    storage = await processStorage();
    env = storage.env;
  });
  afterAll(() => storage.cleanup());

  // Only the embedded database has a data directory to guard; PostgreSQL takes many processes.
  if (!process.env.DATABASE_URL) {
    it('refuses a second server on the same data directory, and takes over after a kill -9', async () => {
      const first = await spawnServer(env);
      try {
        await expect(spawnServer(env)).rejects.toThrow(/exited with 1/);
      } finally {
        first.child.kill('SIGKILL');
        await first.exited;
      }
      const second = await spawnServer(env);
      second.child.kill('SIGTERM');
      await second.exited;
    });
  }

  it('keeps users and tokens, and a kicked token stays refused', async () => {
    let server = await spawnServer(env);
    const admin = (await httpPost(server.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' }))
      .data.token as string;
    const userID = `r${randomBytes(3).toString('hex')}`;
    expect(
      (await httpPost(server.base, '/user/user_register', { users: [{ userID, nickname: 'Before' }] }, admin)).errCode,
    ).toBe(0);
    const web = (await httpPost(server.base, '/auth/get_user_token', { userID, platformID: 5 }, admin)).data
      .token as string;
    const ios = (await httpPost(server.base, '/auth/get_user_token', { userID, platformID: 1 }, admin)).data
      .token as string;
    expect((await httpPost(server.base, '/auth/force_logout', { userID, platformID: 1 }, admin)).errCode).toBe(0);
    server.child.kill('SIGTERM');
    await server.exited;

    server = await spawnServer(env);
    try {
      const info = await httpPost(server.base, '/user/get_users_info', { userIDs: [userID] }, web);
      expect(info.errCode).toBe(0);
      expect((info.data.usersInfo as { nickname: string }[])[0].nickname).toBe('Before');
      const kicked = await httpPost(server.base, '/user/get_users_info', { userIDs: [userID] }, ios);
      expect(kicked).toMatchObject({ errCode: 1005, errDlt: expect.stringContaining('kicked') });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
