import { ClusterNodes } from './cluster-nodes';
import { OwnRedis, redisServerBin, startOwnRedis } from './own-redis';
import { httpGetJson, type ServerProcess } from './server-process';

/**
 * The suite of a Redis fault test: server processes on the machine's PostgreSQL and a redis-server of the test's
 * own that it stops or freezes (the PostgreSQL + Redis run of CI). Without redis-server installed (CI installs it)
 * there is nothing to stop, and the file says so.
 */
export function redisFaultSuite(file: string): { suite: jest.Describe; bin: string } {
  const bin = redisServerBin();
  if (!bin) console.warn(`${file}: redis-server not found (set REDIS_SERVER_BIN); these tests cannot run here`);
  const ready = process.env.DATABASE_URL && process.env.REDIS_URL && bin;
  return { suite: ready ? describe : describe.skip, bin: bin ?? '' };
}

/** A fresh redis-server for each test, and the server processes a test starts closed after it. */
export function ownRedisPerTest(bin: string, persist: boolean) {
  const own = {
    redis: undefined as unknown as OwnRedis,
    cluster: undefined as ClusterNodes | undefined,
    /** the test's server processes, closed after it */
    track(cluster: ClusterNodes): ClusterNodes {
      own.cluster = cluster;
      return cluster;
    },
  };
  beforeEach(async () => {
    own.redis = await startOwnRedis(bin, { persist });
  });
  afterEach(async () => {
    await own.cluster?.close();
    own.cluster = undefined;
    await own.redis.destroy();
  });
  return own;
}

/** The node's /healthz says Redis is up. */
export async function redisUp(node: ServerProcess): Promise<boolean> {
  const health = await httpGetJson(node.base, '/healthz');
  return (health.body.details as Record<string, { status: string }>).redis.status === 'up';
}
