import { ClusterNodes, waitFor, wsSend } from '../helpers/cluster-nodes';
import { ownRedisPerTest, redisFaultSuite } from '../helpers/redis-fault';
import { httpPost } from '../helpers/server-process';

/** PRESENCE_TTL_MS of the servers under test: a dead node's users must be gone from presence this long after */
const PRESENCE_TTL_MS = 2_000;

const { suite, bin } = redisFaultSuite('redis-restart-nodes');

suite('Redis restarted under three nodes', () => {
  const own = ownRedisPerTest(bin, true);
  const redisEnv = () => ({
    REDIS_URL: own.redis.url,
    REDIS_COMMAND_TIMEOUT_MS: '500',
    PRESENCE_TTL_MS: String(PRESENCE_TTL_MS),
  });

  it('after Redis returns, nodes route pushes and kicks again, drop ghosts, and honour kicks made while it was down', async () => {
    const cluster = own.track(await ClusterNodes.start(3, redisEnv()));
    const [a, b, c] = cluster.nodes;
    const [s, r, k, g, h] = await cluster.users(5);
    const sender = await cluster.connect(a, s, 5);
    const receiver = await cluster.connect(b, r, 2);
    const kToken = await cluster.token(k, 3);
    const victim = await cluster.connect(b, k, 3, kToken);
    const gone = await cluster.connect(b, g, 1);
    await cluster.connect(c, h, 1);
    const everyone = [r, k, g, h].sort();
    await waitFor(
      'presence across nodes',
      async () => (await cluster.online(a, everyone)).join() === everyone.join(),
      5_000,
    );
    // node b has checked k's token (cached in its memory and in Redis) before the outage
    expect((await httpPost(b.base, '/user/get_users_info', { userIDs: [k] }, kToken)).errCode).toBe(0);

    await own.redis.stop();
    const kick = await httpPost(a.base, '/auth/force_logout', { userID: k, platformID: 3 }, cluster.adminToken);
    expect(kick.errCode).toBe(0);
    gone.close();
    c.child.kill('SIGKILL'); // node c dies with h connected: its presence entry stays in Redis
    await c.exited;
    expect((await wsSend(sender, r, 'while Redis is down')).errCode).toBe(0);

    const restartedAt = Date.now();
    await own.redis.start();
    const kickMs = await waitFor('the kick made while Redis was down', () => victim.closeCode !== undefined, 15_000);
    const refused = async () =>
      (await httpPost(b.base, '/user/get_users_info', { userIDs: [k] }, kToken)).errCode === 1005;
    await waitFor('node b refusing the kicked token', refused, 5_000);
    let sentAfter = 0;
    const pushMs = await waitFor(
      'a push from node a to node b',
      async () => {
        const before = receiver.pushedMessages().length;
        expect((await wsSend(sender, r, 'after')).errCode).toBe(0);
        sentAfter++;
        return receiver
          .until(() => receiver.pushedMessages().length > before, 'push', 500)
          .then(
            () => true,
            () => false,
          );
      },
      15_000,
    );
    const presenceMs = await waitFor(
      'presence without ghosts',
      async () => (await cluster.online(a, everyone)).join() === [r].join(),
      PRESENCE_TTL_MS + 10_000,
    );
    // the message sent while Redis was down is not lost: the receiver's seq shows it, a pull by seq fetches it
    await receiver.until(() => receiver.pushedMessages().length === sentAfter, 'pushes of every send after');
    expect(receiver.pushedMessages().map((p) => p.msg.seq)).toEqual(Array.from({ length: sentAfter }, (_, i) => i + 2));
    const rToken = await cluster.token(r, 3);
    const seqs = (await httpPost(b.base, '/msg/newest_seq', { userID: r }, rToken)).data.maxSeqs as Record<
      string,
      number
    >;
    expect(Object.values(seqs)).toEqual([sentAfter + 1]);
    // and a kick made now reaches the other node at once, as before the outage
    await cluster.connect(a, r, 2);
    await receiver.until(() => receiver.closeCode !== undefined, 'kick of the older login on node b');
    console.log(
      `redis-restart (three nodes): after redis-server started, kick made while down honoured in ${kickMs} ms, ` +
        `cross-node push in ${pushMs} ms, ghosts gone in ${presenceMs} ms (presence TTL ${PRESENCE_TTL_MS} ms); ` +
        `${Date.now() - restartedAt} ms to the end of the test`,
    );
  }, 60_000);
});
