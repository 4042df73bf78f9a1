import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ClusterNodes, waitFor, wsSend } from '../helpers/cluster-nodes';
import { OwnRedisCluster, redisServerBin, startOwnRedisCluster } from '../helpers/own-redis';
import { httpGetJson, httpPost } from '../helpers/server-process';

const exec = promisify(execFile);

// Two server processes on one PostgreSQL and a three-master Redis Cluster the test starts on local ports: the
// PostgreSQL + Redis run of CI. Without redis-server installed (CI installs it) there is no cluster to start.
const bin = redisServerBin();
const withServices = process.env.DATABASE_URL && process.env.REDIS_URL && bin;
if (!bin) console.warn('redis-cluster: redis-server not found (set REDIS_SERVER_BIN); these tests cannot run here');
const suite = withServices ? describe : describe.skip;

suite('two nodes on a three-master Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  let redis: OwnRedisCluster | undefined;
  let cluster: ClusterNodes | undefined;

  beforeAll(async () => {
    const t0 = Date.now();
    redis = await startOwnRedisCluster(bin!, 3);
    cluster = await ClusterNodes.start(2, { REDIS_CLUSTER_NODES: redis.nodes, PRESENCE_TTL_MS: '2000' });
    console.log(`redis-cluster: cluster and two nodes up in ${Date.now() - t0} ms`);
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
    await redis?.destroy();
  });

  it('logs in, sends, pushes and kicks across the nodes, with keys spread over the masters', async () => {
    const [a, b] = cluster!.nodes;
    const health = await httpGetJson(a.base, '/healthz');
    expect(health).toMatchObject({ status: 200, body: { info: { redis: { status: 'up' } } } });

    const [s, r] = await cluster!.users(2);
    const sender = await cluster!.connect(a, s, 5);
    const receiver = await cluster!.connect(b, r, 2);
    await waitFor('presence across nodes', async () => (await cluster!.online(a, [r])).join() === r, 5_000);

    // node a routes to node b through b's channel; a REST send through node b reaches node a the same way
    const t0 = Date.now();
    expect((await wsSend(sender, r, 'over the cluster')).errCode).toBe(0);
    await receiver.until(() => receiver.pushedMessages().length === 1, 'push from node a to node b');
    const pushMs = Date.now() - t0;
    const rest = await httpPost(
      b.base,
      '/msg/send_msg',
      { sendID: r, recvID: s, senderPlatformID: 2, content: { content: 'back' }, contentType: 101, sessionType: 1 },
      cluster!.adminToken,
    );
    expect(rest.errCode).toBe(0);
    const fromB = () => sender.pushedMessages().filter((p) => p.msg.sendID === r);
    await sender.until(() => fromB().length === 1, 'push from node b to node a');
    expect(receiver.pushedMessages()[0].msg.seq).toBe(1);
    expect(fromB()[0].msg.seq).toBe(2);

    // a kick on node a (a new login on the same platform) closes the older connection on node b
    const rToken = await cluster!.token(r, 2);
    await receiver.until(() => receiver.closeCode !== undefined, 'kick across nodes');
    const kicked = await httpPost(b.base, '/auth/force_logout', { userID: r, platformID: 2 }, cluster!.adminToken);
    expect(kicked.errCode).toBe(0);
    const refused = await httpPost(a.base, '/user/get_users_info', { userIDs: [r] }, rToken);
    expect(refused.errCode).toBe(1005);

    // the deployment's keys are spread over the masters, not piled into one slot
    const ports = redis!.nodes.split(',').map((n) => n.split(':')[1]);
    const cli = path.join(path.dirname(bin!), 'redis-cli');
    const prefix = cluster!.env.REDIS_PREFIX;
    const counts = await Promise.all(
      ports.map(async (p) => {
        const { stdout } = await exec(cli, ['-p', p, '--scan', '--pattern', `${prefix}*`]);
        return stdout.split('\n').filter(Boolean).length;
      }),
    );
    expect(counts.filter((n) => n > 0).length).toBeGreaterThan(1);
    console.log(`redis-cluster: cross-node push in ${pushMs} ms; keys per master ${counts.join('/')}`);
  }, 30_000);
});
