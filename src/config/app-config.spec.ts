import * as path from 'node:path';
import { ConfigError, loadConfig, MEMORY_DATA_DIR, MultiLoginPolicy, WEBHOOK_NAMES } from './app-config';

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

  it('calls no webhook without WEBHOOK_URL, every hook with it unless WEBHOOK_HOOKS names some', () => {
    expect(loadConfig({}).webhook).toMatchObject({ url: undefined, hooks: new Set(), failedContinue: true });
    const all = loadConfig({ WEBHOOK_URL: 'http://hooks.local/cb/' }).webhook;
    expect(all.url).toBe('http://hooks.local/cb');
    expect(all.hooks.size).toBe(WEBHOOK_NAMES.length);
    const some = loadConfig({
      WEBHOOK_URL: 'https://hooks.local',
      WEBHOOK_HOOKS: 'beforeSendSingleMsg, afterUserOnline',
      WEBHOOK_FAILED_CONTINUE: 'false',
      WEBHOOK_TIMEOUT_MS: '250',
    }).webhook;
    expect(some).toMatchObject({ failedContinue: false, timeoutMs: 250 });
    expect([...some.hooks]).toEqual(['beforeSendSingleMsg', 'afterUserOnline']);
    expect(() => loadConfig({ WEBHOOK_URL: 'http://h', WEBHOOK_HOOKS: 'beforeSendMsg' })).toThrow(ConfigError);
    // a reference hook this server does not call yet (a config carried over from OpenIM) is reported, not fatal
    const carried = loadConfig({ WEBHOOK_URL: 'http://h', WEBHOOK_HOOKS: 'afterDeleteFriend,afterUserOnline' }).webhook;
    expect([...carried.hooks]).toEqual(['afterUserOnline']);
    expect(carried.notServed).toEqual(['afterDeleteFriend']);
    expect(() => loadConfig({ WEBHOOK_URL: 'ftp://h' })).toThrow(ConfigError);
  });

  it('times the database and cluster faults: DB_UNAVAILABLE_TIMEOUT_MS and PRESENCE_TTL_MS', () => {
    expect(loadConfig({})).toMatchObject({ dbUnavailableTimeoutMs: 5000, redis: { presenceTtlMs: 20_000 } });
    const set = loadConfig({ DB_UNAVAILABLE_TIMEOUT_MS: '2000', PRESENCE_TTL_MS: '3000' });
    expect(set).toMatchObject({ dbUnavailableTimeoutMs: 2000, redis: { presenceTtlMs: 3000 } });
    // a TTL shorter than a second would let a busy node's heartbeat lapse
    expect(() => loadConfig({ PRESENCE_TTL_MS: '500' })).toThrow(ConfigError);
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

  it('has bounded HTTP limits and a secret failure limit by default, each configurable', () => {
    expect(loadConfig({})).toMatchObject({
      http: { maxConnections: 10_000, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 },
      secretFailLimit: 10,
    });
    const config = loadConfig({
      HTTP_MAX_CONNECTIONS: '50',
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '9000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      SECRET_FAIL_LIMIT: '3',
    });
    expect(config).toMatchObject({
      http: { maxConnections: 50, headersTimeoutMs: 2000, requestTimeoutMs: 9000, keepAliveTimeoutMs: 65000 },
      secretFailLimit: 3,
    });
  });

  it('bounds heavy requests per user and globally, lower on the embedded database, each configurable', () => {
    expect(loadConfig({}).heavy).toEqual({ perUser: 4, global: 1, queue: 5_000 });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/im' }).heavy).toEqual({ perUser: 4, global: 4, queue: 5_000 });
    const env = { USER_MAX_CONCURRENT_HEAVY: '2', MAX_CONCURRENT_HEAVY: '8', HEAVY_QUEUE_MAX: '0' };
    expect(loadConfig(env).heavy).toEqual({ perUser: 2, global: 8, queue: 0 });
    expect(() => loadConfig({ USER_MAX_CONCURRENT_HEAVY: '0' })).toThrow(ConfigError);
  });

  it('starts in production with a secret of its own, and outside production with the default', () => {
    expect(loadConfig({ NODE_ENV: 'production', IM_SECRET: 'x9!long-and-private' }).secret).toBe('x9!long-and-private');
    expect(loadConfig({ NODE_ENV: 'development' }).secret).toBe('openIM123');
  });

  it('keeps files on local disk by default, and in an S3 bucket when configured', () => {
    expect(loadConfig({}).objects).toEqual({ backend: 'local', uploadExpireSeconds: 604800 });
    const s3 = { OBJECT_STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's' };
    expect(loadConfig({ ...s3, S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' }).objects).toEqual({
      backend: 's3',
      uploadExpireSeconds: 604800,
      s3: {
        endpoint: 'http://minio:9000',
        bucket: 'b',
        accessKey: 'k',
        secretKey: 's',
        region: 'us-east-1',
        forcePathStyle: true,
      },
    });
  });

  it('has offline push off by default; a provider needs its endpoint or credentials', () => {
    expect(loadConfig({}).push).toMatchObject({ provider: 'none', maxAttempts: 8, retryBaseMs: 2000, pollMs: 1000 });
    expect(loadConfig({ PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: 'http://hook/push' }).push).toMatchObject({
      provider: 'webhook',
      webhookUrl: 'http://hook/push',
    });
    const fcm = loadConfig({
      PUSH_PROVIDER: 'fcm',
      FCM_SERVICE_ACCOUNT_FILE: '/etc/sa.json',
      FCM_TOKEN_URL: 'http://t/',
    });
    expect(fcm.push).toMatchObject({ fcmBaseUrl: 'https://fcm.googleapis.com', fcmTokenUrl: 'http://t/' });
    expect(() => loadConfig({ PUSH_PROVIDER: 'apns' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUSH_PROVIDER: 'webhook' })).toThrow(/PUSH_WEBHOOK_URL/);
    expect(() => loadConfig({ PUSH_PROVIDER: 'fcm' })).toThrow(/FCM_SERVICE_ACCOUNT_FILE/);
    expect(() => loadConfig({ PUSH_WEBHOOK_URL: 'ftp://x' })).toThrow(/PUSH_WEBHOOK_URL/);
    expect(() => loadConfig({ PUSH_MAX_ATTEMPTS: '0' })).toThrow(/PUSH_MAX_ATTEMPTS/);
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
    ['an unknown object storage', { OBJECT_STORAGE: 'ftp' }, 'OBJECT_STORAGE'],
    ['S3 without a bucket', { OBJECT_STORAGE: 's3', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's' }, 'S3_BUCKET'],
    ['an S3 endpoint that is no URL', { OBJECT_STORAGE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'minio' }, 'S3_ENDPOINT'],
    ['a non-Redis URL', { REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['an admin list without IDs', { IM_ADMIN_USER_IDS: ',' }, 'IM_ADMIN_USER_IDS'],
    ['an admin ID with ":"', { IM_ADMIN_USER_IDS: 'a:b' }, 'IM_ADMIN_USER_IDS'],
    ['a token lifetime under a minute', { TOKEN_EXPIRE_SECONDS: '59' }, 'TOKEN_EXPIRE_SECONDS'],
    ['a zero per-platform cap', { MULTI_LOGIN_MAX_NUM_ONE_END: '0' }, 'MULTI_LOGIN_MAX_NUM_ONE_END'],
    ['a zero connection cap', { HTTP_MAX_CONNECTIONS: '0' }, 'HTTP_MAX_CONNECTIONS'],
    ['a header timeout under 100 ms', { HTTP_HEADERS_TIMEOUT_MS: '50' }, 'HTTP_HEADERS_TIMEOUT_MS'],
    [
      'a request timeout shorter than the header timeout',
      { HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '4000' },
      'HTTP_REQUEST_TIMEOUT_MS',
    ],
    ['a non-numeric keep-alive timeout', { HTTP_KEEP_ALIVE_TIMEOUT_MS: '5s' }, 'HTTP_KEEP_ALIVE_TIMEOUT_MS'],
    ['a zero secret failure limit', { SECRET_FAIL_LIMIT: '0' }, 'SECRET_FAIL_LIMIT'],
    ['the default secret in production', { NODE_ENV: 'production' }, 'IM_SECRET'],
    ['a blank secret in production', { NODE_ENV: 'production', IM_SECRET: ' ' }, 'IM_SECRET'],
    ['the default secret spelled out in production', { NODE_ENV: 'production', IM_SECRET: 'openIM123' }, 'IM_SECRET'],
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

  it('advertises the host name by default, or ADVERTISE_HOST (an IPv6 address in brackets); GRAFANA_URL is a URL', () => {
    expect(loadConfig({}).advertiseHost).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(loadConfig({ ADVERTISE_HOST: 'im-1.internal' }).advertiseHost).toBe('im-1.internal');
    expect(loadConfig({ ADVERTISE_HOST: '10.0.0.7' }).advertiseHost).toBe('10.0.0.7');
    expect(loadConfig({ ADVERTISE_HOST: 'fd00::7' }).advertiseHost).toBe('[fd00::7]');
    expect(loadConfig({ ADVERTISE_HOST: '[fd00::7]' }).advertiseHost).toBe('[fd00::7]');
    for (const bad of ['http://h', 'h:10002', 'a b', 'h/x']) {
      expect(() => loadConfig({ ADVERTISE_HOST: bad })).toThrow(ConfigError);
    }
    expect(loadConfig({}).grafanaUrl).toBeUndefined();
    expect(loadConfig({ GRAFANA_URL: 'https://g.example/d/x' }).grafanaUrl).toBe('https://g.example/d/x');
    expect(() => loadConfig({ GRAFANA_URL: 'ftp://g' })).toThrow(ConfigError);
  });
});
