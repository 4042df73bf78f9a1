import { errOf, registerUsers, userToken } from '../../helpers/fixtures';
import { eventually, startTestApp, type TestApp } from '../../helpers/test-app';
import { WsTestClient } from '../../helpers/ws-client';

/**
 * The multi-login policy at connect time (protocol.md §5.5). Issuing a token already kicks the older ones, so two
 * live tokens of one platform exist only from before a policy change: here node 1 still runs policy 0 and issues
 * them, node 2 runs policy 1 (a rolling change), so both nodes share one PostgreSQL database and one Redis.
 */
const clustered = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

clustered('multi-login policy on connect', () => {
  let lenient: TestApp;
  let strict: TestApp;
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    lenient = await startTestApp({ env: { MULTI_LOGIN_POLICY: '0' } });
    strict = await startTestApp({
      databaseUrl: lenient.config.databaseUrl,
      redisPrefix: lenient.config.redisPrefix,
      env: { MULTI_LOGIN_POLICY: '1' },
    });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await strict.close();
    await lenient.close();
  });

  async function connect(t: TestApp, userID: string, platformID: number, token: string) {
    const c = await WsTestClient.connect(t, { userID, platformID, token });
    clients.push(c);
    return c;
  }

  const onlinePlatforms = async (t: TestApp, userID: string) => {
    const r = await t.post('/user/get_users_online_status', { userIDs: [userID] }, await t.adminToken());
    const [s] = r.body.data.successResult as { detailPlatformStatus: { platformID: number }[] }[];
    return s.detailPlatformStatus
      .map((d) => d.platformID)
      .sort()
      .join(',');
  };

  it('a new connection kicks (2002) the live connection of an older token of its platform, on another node', async () => {
    const [u] = await registerUsers(lenient, 1);
    const [older, newer, desktop] = [
      await userToken(lenient, u.userID, 2),
      await userToken(lenient, u.userID, 2),
      await userToken(lenient, u.userID, 3),
    ];
    const old = await connect(lenient, u.userID, 2, older);
    const pc = await connect(lenient, u.userID, 3, desktop);
    // node 2 sees both connections in the cluster's presence before the new one arrives
    expect(await eventually(() => onlinePlatforms(strict, u.userID), '2,3')).toBe('2,3');

    const fresh = await connect(strict, u.userID, 2, newer);
    await old.until(() => old.pushes.some((p) => p.reqIdentifier === 2002), 'kick frame');
    await old.closed();
    // the older token is dead for REST too (1005, as the reference answers a kicked token); the rest stays
    const rest = await strict.post('/user/get_users_info', { userIDs: [u.userID] }, older);
    expect(errOf(rest.body)).toEqual({ errCode: 1005, errDlt: expect.stringContaining('TokenKicked') });
    expect(pc.ws.readyState).toBe(pc.ws.OPEN);
    expect(fresh.ws.readyState).toBe(fresh.ws.OPEN);
  });

  it('a reconnect with the same token kicks nobody', async () => {
    const [u] = await registerUsers(lenient, 1);
    const token = await userToken(lenient, u.userID, 2);
    const first = await connect(lenient, u.userID, 2, token);
    expect(await eventually(() => onlinePlatforms(strict, u.userID), '2')).toBe('2');
    const second = await connect(strict, u.userID, 2, token);
    // a kick would reach the first connection before this round trip through node 2's REST API
    expect(errOf((await strict.post('/user/get_users_info', { userIDs: [u.userID] }, token)).body).errCode).toBe(0);
    expect(first.pushes.some((p) => p.reqIdentifier === 2002)).toBe(false);
    expect(first.ws.readyState).toBe(first.ws.OPEN);
    expect(second.ws.readyState).toBe(second.ws.OPEN);
  });
});
