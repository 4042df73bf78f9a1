import { ConfigError, loadConfig } from './app-config';

describe('Redis configuration', () => {
  it('has no Redis by default, a 1 s command timeout and a 20 s presence TTL', () => {
    expect(loadConfig({}).redis).toEqual({ connection: undefined, commandTimeoutMs: 1_000, presenceTtlMs: 20_000 });
  });

  it('reads one server from REDIS_URL, a cluster from REDIS_CLUSTER_NODES', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).redis.connection).toEqual({ url: 'redis://cache:6379' });
    const config = loadConfig({
      REDIS_CLUSTER_NODES: ' r1:7000, 10.0.0.2:7001,[::1]:7002',
      REDIS_COMMAND_TIMEOUT_MS: '250',
      PRESENCE_TTL_MS: '3000',
    });
    expect(config.redis).toEqual({
      connection: {
        clusterNodes: [
          { host: 'r1', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
          { host: '::1', port: 7002 },
        ],
      },
      commandTimeoutMs: 250,
      presenceTtlMs: 3000,
    });
  });

  it.each([
    ['a node without a port', { REDIS_CLUSTER_NODES: 'r1:7000,r2' }, 'REDIS_CLUSTER_NODES'],
    ['a port out of range', { REDIS_CLUSTER_NODES: 'r1:70000' }, 'REDIS_CLUSTER_NODES'],
    ['an empty entry', { REDIS_CLUSTER_NODES: 'r1:7000,,r2:7001' }, 'REDIS_CLUSTER_NODES'],
    ['both a URL and cluster nodes', { REDIS_URL: 'redis://c', REDIS_CLUSTER_NODES: 'r1:7000' }, 'REDIS_CLUSTER_NODES'],
    [
      'a hash tag in the prefix of a cluster',
      { REDIS_CLUSTER_NODES: 'r1:7000', REDIS_PREFIX: '{im}:' },
      'REDIS_PREFIX',
    ],
    ['a command timeout below 50 ms', { REDIS_COMMAND_TIMEOUT_MS: '10' }, 'REDIS_COMMAND_TIMEOUT_MS'],
    ['a presence TTL that is no number', { PRESENCE_TTL_MS: '5s' }, 'PRESENCE_TTL_MS'],
  ])('refuses %s, naming the variable', (_what, env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
