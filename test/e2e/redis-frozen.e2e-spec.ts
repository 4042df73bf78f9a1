import { ClusterNodes, waitFor, wsSend } from '../helpers/cluster-nodes';
import { ownRedisPerTest, redisFaultSuite, redisUp } from '../helpers/redis-fault';

const { suite, bin } = redisFaultSuite('redis-frozen');

suite('Redis frozen under one node', () => {
  const own = ownRedisPerTest(bin, false);

  it('a frozen Redis costs a few command timeouts, then the node serves alone until it answers again', async () => {
    const timeoutMs = 1_000;
    const cluster = own.track(
      await ClusterNodes.start(1, { REDIS_URL: own.redis.url, REDIS_COMMAND_TIMEOUT_MS: String(timeoutMs) }),
    );
    const [node] = cluster.nodes;
    const [s, r] = await cluster.users(2);
    const receiver = await cluster.connect(node, r, 1);
    const sender = await cluster.connect(node, s, 5);
    own.redis.freeze();
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
    own.redis.thaw();
    const recoverMs = await waitFor('/healthz redis up', () => redisUp(node), 15_000);
    console.log(
      `redis-restart (frozen): send times ${sorted[0]}..${sorted[14]} ms (median ${sorted[7]}), ` +
        `Redis used again ${recoverMs} ms after it was thawed`,
    );
  }, 60_000);
});
