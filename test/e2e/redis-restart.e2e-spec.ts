import Redis from 'ioredis';
import { ClusterNodes, waitFor, wsSend } from '../helpers/cluster-nodes';
import { ownRedisPerTest, redisFaultSuite, redisUp } from '../helpers/redis-fault';
import { Attempt, StormSetup } from '../helpers/send-storm';
import { httpGetJson, httpPost, type ServerProcess } from '../helpers/server-process';

/** the longest one send may take while Redis is away (REDIS_COMMAND_TIMEOUT_MS is 500; a loaded 2-core machine) */
const SEND_BOUND_MS = 3_000;

const { suite, bin } = redisFaultSuite('redis-restart');

suite('Redis stopped and restarted under one node', () => {
  const own = ownRedisPerTest(bin, true);
  const redisEnv = () => ({
    REDIS_URL: own.redis.url,
    REDIS_COMMAND_TIMEOUT_MS: '500',
  });

  const health = async (node: ServerProcess) => httpGetJson(node.base, '/healthz');

  it('one node keeps sending, pushing and verifying tokens while its Redis is down', async () => {
    const cluster = own.track(await ClusterNodes.start(1, redisEnv()));
    const [node] = cluster.nodes;
    const setup = await StormSetup.create(node.base, 4);
    const receiver = await cluster.connect(node, setup.receiver, 2);
    // sender 0 sends over the WebSocket, the others through REST
    const wsSender = await cluster.connect(node, setup.senders[0], 5);
    const attempts: Attempt[] = [];
    let stop = false;
    const restLoop = async (sendID: string, s: number) => {
      for (let n = 0; !stop; n++) await setup.attempt(attempts, sendID, `r-${s}-${n}-${setup.tag}`);
    };
    const wsLoop = async () => {
      while (!stop) {
        const a: Attempt = { sendID: wsSender.opts.userID, clientMsgID: '', errCode: -1, ms: 0 };
        attempts.push(a);
        const t0 = Date.now();
        Object.assign(a, await wsSend(wsSender, setup.receiver, 'ws'), { ms: Date.now() - t0 });
      }
    };
    const storm = Promise.all([wsLoop(), ...setup.senders.slice(1).map((id, s) => restLoop(id, s))]);
    await waitFor('sends before the outage', () => attempts.length >= 30, 10_000);

    await own.redis.stop();
    const before = attempts.length;
    const down = await health(node);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down' } },
      degraded: ['redis'],
    });
    // a token issued while Redis is away is checked against PostgreSQL: REST and the WebSocket handshake take it
    const [late] = await cluster.users(1);
    const lateToken = await cluster.token(late, 1);
    expect((await httpPost(node.base, '/user/get_users_info', { userIDs: [late] }, lateToken)).errCode).toBe(0);
    const lateClient = await cluster.connect(node, late, 1, lateToken);
    await waitFor('sends while Redis is down', () => attempts.length >= before + 60, 20_000);
    const duringOutage = attempts.length - before;
    const lateMsg = await wsSend(wsSender, late, 'to the late one');
    expect(lateMsg.errCode).toBe(0);
    await lateClient.until(() => lateClient.pushedMessages().length === 1, 'push to a connection made while down');

    const restartedAt = Date.now();
    await own.redis.start();
    const recoverMs = await waitFor('/healthz redis up', () => redisUp(node), 15_000);
    const after = attempts.length;
    await waitFor('sends after the outage', () => attempts.length >= after + 30, 10_000);
    stop = true;
    await storm;

    const failed = attempts.filter((a) => a.errCode !== 0);
    expect(failed).toEqual([]);
    const slowest = Math.max(...attempts.map((a) => a.ms));
    expect(slowest).toBeLessThan(SEND_BOUND_MS);
    // every acknowledged message is pushed to the receiver's connection on this node, once
    const pushedIDs = () => receiver.pushedMessages().map((p) => p.msg.clientMsgID);
    await receiver.until(() => new Set(pushedIDs()).size === attempts.length, 'every push', 15_000);
    expect(pushedIDs().length).toBe(attempts.length);
    await setup.expectResendsAndStoredOnce(attempts);
    console.log(
      `redis-restart (one node): ${attempts.length} sends acknowledged and stored once (${duringOutage} while Redis ` +
        `was down, slowest ${slowest} ms), 0 duplicates; /healthz saw Redis again ${recoverMs} ms after ` +
        `redis-server started (${Date.now() - restartedAt} ms to the end of the test)`,
    );
  }, 60_000);

  it('a node started while its Redis is down serves alone, and joins when Redis comes', async () => {
    await own.redis.stop();
    const cluster = own.track(await ClusterNodes.start(1, redisEnv()));
    const [node] = cluster.nodes;
    expect((await health(node)).body).toMatchObject({ degraded: ['redis'] });
    const [s, r] = await cluster.users(2);
    const receiver = await cluster.connect(node, r, 1);
    const sender = await cluster.connect(node, s, 5);
    expect((await wsSend(sender, r, 'no Redis yet')).errCode).toBe(0);
    await receiver.until(() => receiver.pushedMessages().length === 1, 'push without Redis');

    await own.redis.start();
    const recoverMs = await waitFor('/healthz redis up', () => redisUp(node), 15_000);
    // the node wrote its presence when Redis came: a Redis client sees the receiver on it
    const spy = new Redis(own.redis.url);
    try {
      const prefix = cluster.env.REDIS_PREFIX;
      await waitFor(
        'presence in Redis',
        async () => Object.keys(await spy.hgetall(`${prefix}pres:${r}`)).length === 1,
        5_000,
      );
    } finally {
      spy.disconnect();
    }
    console.log(`redis-restart (started without Redis): joined ${recoverMs} ms after redis-server started`);
  }, 60_000);
});
