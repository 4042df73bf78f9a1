import * as path from 'node:path';
import { ConfigError, loadConfig, MEMORY_DATA_DIR, MultiLoginPolicy } from './app-config';

describe('loadConfig', () => {
  it('has the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      apiPort: 10002,
      wsPort: 10001,
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      redisUrl: undefined,
      redisPrefix: 'im:',
      secret: 'openIM123',
      adminUserIDs: ['imAdmin'],
      tokenExpireSeconds: 7257600,
      multiLoginPolicy: MultiLoginPolicy.AllLoginButSameTermKick,
      maxTokensPerPlatform: 30,
      logLevel: 'log',
    });
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ API_PORT: ' ', IM_SECRET: '', LOG_LEVEL: '  ' })).toMatchObject({
      apiPort: 10002,
      secret: 'openIM123',
      logLevel: 'log',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      API_PORT: '8080',
      WS_PORT: '8081',
      DATA_DIR: MEMORY_DATA_DIR,
      DATABASE_URL: 'postgresql://u:p@db:5432/im',
      REDIS_URL: 'rediss://cache:6380',
      REDIS_PREFIX: 'x:',
      IM_SECRET: 's3cret',
      IM_ADMIN_USER_IDS: ' admin1, admin2 ,',
      TOKEN_EXPIRE_SECONDS: '3600',
      MULTI_LOGIN_POLICY: '5',
      MULTI_LOGIN_MAX_NUM_ONE_END: '3',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      apiPort: 8080,
      wsPort: 8081,
      dataDir: MEMORY_DATA_DIR,
      databaseUrl: 'postgresql://u:p@db:5432/im',
      redisUrl: 'rediss://cache:6380',
      redisPrefix: 'x:',
      secret: 's3cret',
      adminUserIDs: ['admin1', 'admin2'],
      tokenExpireSeconds: 3600,
      multiLoginPolicy: MultiLoginPolicy.PcAndOther,
      maxTokensPerPlatform: 3,
      logLevel: 'debug',
    });
  });

  it('accepts port 0 for both (any free port)', () => {
    expect(loadConfig({ API_PORT: '0', WS_PORT: '0' })).toMatchObject({ apiPort: 0, wsPort: 0 });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a non-numeric port', { API_PORT: 'abc' }, 'API_PORT'],
    ['a port out of range', { API_PORT: '70000' }, 'API_PORT'],
    ['a fractional port', { WS_PORT: '80.5' }, 'WS_PORT'],
    ['equal ports', { API_PORT: '9000', WS_PORT: '9000' }, 'WS_PORT'],
    ['an unknown login policy', { MULTI_LOGIN_POLICY: '3' }, 'MULTI_LOGIN_POLICY'],
    ['a policy out of range', { MULTI_LOGIN_POLICY: '6' }, 'MULTI_LOGIN_POLICY'],
    ['a non-PostgreSQL database URL', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    ['a database URL that is no URL', { DATABASE_URL: 'localhost:5432' }, 'DATABASE_URL'],
    ['a Redis URL that is no URL', { REDIS_URL: 'nonsense' }, 'REDIS_URL'],
    ['a non-Redis URL', { REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['an admin list without IDs', { IM_ADMIN_USER_IDS: ',' }, 'IM_ADMIN_USER_IDS'],
    ['an admin ID with ":"', { IM_ADMIN_USER_IDS: 'a:b' }, 'IM_ADMIN_USER_IDS'],
    ['a token lifetime under a minute', { TOKEN_EXPIRE_SECONDS: '59' }, 'TOKEN_EXPIRE_SECONDS'],
    ['a zero per-platform cap', { MULTI_LOGIN_MAX_NUM_ONE_END: '0' }, 'MULTI_LOGIN_MAX_NUM_ONE_END'],
  ])('refuses %s with a ConfigError naming the variable', (_name, env, variable) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toContain(variable);
  });
});
