import { ConfigError, Env, int, str, url } from './env';

/** Where Redis is: one server (`REDIS_URL`) or the seed nodes of a Redis Cluster (`REDIS_CLUSTER_NODES`). */
export interface RedisConnection {
  url?: string;
  clusterNodes?: { host: string; port: number }[];
}

export interface RedisConfig {
  /** undefined: no Redis, every node-shared store runs in this process */
  connection?: RedisConnection;
  /** the longest a request waits on a Redis command before it carries on without Redis */
  commandTimeoutMs: number;
  /** a node whose heartbeat is older than this is dead: its presence entries are ignored */
  presenceTtlMs: number;
}

/** `host:port,host:port`: IPv6 hosts in brackets (`[::1]:7000`). */
function clusterNodes(env: Env): RedisConnection['clusterNodes'] {
  const raw = env.REDIS_CLUSTER_NODES?.trim();
  if (!raw) return undefined;
  return raw.split(',').map((entry) => {
    const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(entry.trim());
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) {
      throw new ConfigError(
        'REDIS_CLUSTER_NODES',
        `must be a comma-separated list of host:port, got "${entry.trim()}"`,
      );
    }
    return { host: m[1].replace(/^\[|\]$/g, ''), port };
  });
}

export function redisConfig(env: Env): RedisConfig {
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const nodes = clusterNodes(env);
  if (redisUrl && nodes) throw new ConfigError('REDIS_CLUSTER_NODES', 'and REDIS_URL exclude each other: set one');
  if (nodes && /[{}]/.test(str(env, 'REDIS_PREFIX', ''))) {
    // a hash tag in the prefix would put every key of the deployment into one slot of the cluster
    throw new ConfigError('REDIS_PREFIX', 'must not contain { or } with REDIS_CLUSTER_NODES');
  }
  return {
    connection: redisUrl ? { url: redisUrl } : nodes ? { clusterNodes: nodes } : undefined,
    commandTimeoutMs: int(env, 'REDIS_COMMAND_TIMEOUT_MS', 1_000, 50, 60_000),
    presenceTtlMs: int(env, 'PRESENCE_TTL_MS', 20_000, 1_000, 3_600_000),
  };
}
