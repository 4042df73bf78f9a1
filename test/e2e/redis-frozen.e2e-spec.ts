import { ClusterNodes, waitFor, wsSend } from '../helpers/cluster-nodes';
import { OwnRedis, redisServerBin, startOwnRedis } from '../helpers/own-redis';
import { httpGetJson, type ServerProcess } from '../helpers/server-process';

// A server process on PostgreSQL, and a redis-server of the test's own that it freezes: the PostgreSQL + Redis run
// of CI. Without redis-server installed (CI installs it) there is nothing to freeze.
const bin = redisServerBin();
const withServices = process.env.DATABASE_URL && process.env.REDIS_URL && bin;
if (!bin) console.warn('redis-frozen: redis-server not found (set REDIS_SERVER_BIN); these tests cannot run here');
const suite = withServices ? describe : describe.skip;

suite('Redis frozen under one node', () => {
  let redis: OwnRedis;
  let cluster: ClusterNodes | undefined;

  beforeEach(async () => {
    redis = await startOwnRedis(bin!, { persist: false });
  });
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
    await redis.destroy();
  });

  const health = async (node: ServerProcess) => httpGetJson(node.base, '/healthz');
  const redisUp = async (node: ServerProcess) =>
    ((await health(node)).body.details as Record<string, { status: string }>).redis.status === 'up';

  it('a frozen Redis costs a few command timeouts, then the node serves alone until it answers again', async () => {
    const timeoutMs = 1_000;
    cluster = await ClusterNodes.start(1, { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: String(timeoutMs) });
    const [node] = cluster.nodes;
    const [s, r] = await cluster.users(2);
    const receiver = await cluster.connect(node, r, 1);
    const sender = await cluster.connect(node, s, 5);
    redis.freeze();
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = Date.now();
      expect((await wsSend(sender, r, `frozen ${i}`)).errCode).toBe(0);
      times.push(Date.now() - t0);
    }
    await receiver.until(() => receiver.pushedMessages().length === 15, 'pushes while Redis is frozen');
    // without the breaker every send would wait out the timeout on its Redis write
    const sorted = [...times].sort((x, y) => x - y);
    expect(sorted[7]).toBeLessThan(timeoutMs);
    expect(sorted[14]).toBeLessThan(3 * timeoutMs);
    expect(await redisUp(node)).toBe(false);
    redis.thaw();
    const recoverMs = await waitFor('/healthz redis up', () => redisUp(node), 15_000);
    console.log(
      `redis-restart (frozen): send times ${sorted[0]}..${sorted[14]} ms (median ${sorted[7]}), ` +
        `Redis used again ${recoverMs} ms after it was thawed`,
    );
  }, 60_000);
});
