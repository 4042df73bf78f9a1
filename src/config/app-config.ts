import { isIP } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Multi-terminal login policies, numbered as in the reference server (spec/rest-semantics.md §2.4). */
export enum MultiLoginPolicy {
  /** every platform keeps up to `maxTokensPerPlatform` tokens; the oldest beyond are kicked */
  DefaultNotKick = 0,
  /** one session per platform: a new login kicks the older tokens of the same platform */
  AllLoginButSameTermKick = 1,
  /** one session per terminal class (mobile, PC, pad, web ...) */
  AllLoginButSameClassKick = 4,
  /** PC terminals are never kicked; among the other terminals only the newest stays */
  PcAndOther = 5,
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`invalid configuration: ${variable} ${reason}`);
  }
}

/** The whole configuration, read once from the environment at start-up; nothing else reads `process.env`. */
export interface AppConfig {
  apiPort: number;
  wsPort: number;
  dataDir: string;
  /** PostgreSQL URL; undefined means embedded PGlite under `dataDir` */
  databaseUrl?: string;
  redisUrl?: string;
  /** prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis */
  redisPrefix: string;
  secret: string;
  adminUserIDs: string[];
  tokenExpireSeconds: number;
  multiLoginPolicy: MultiLoginPolicy;
  maxTokensPerPlatform: number;
  logLevel: LogLevel;
  /** single-chat sends need the receiver in the sender's friend list */
  friendVerify: boolean;
  /** most friends one user may have; adding beyond it is refused (1001) */
  friendMax: number;
  /** new group members see the messages from before they joined (the reference's enableHistoryForNewMembers) */
  groupHistoryForNewMembers: boolean;
  /** the most members a group may have */
  groupMaxMembers: number;
  /**
   * PostgreSQL: the longest a request waits for a connection and a statement may run. While the database is away,
   * requests fail within it (errCode 90002) instead of hanging.
   */
  dbUnavailableTimeoutMs: number;
  http: HttpLimits;
  /** failed IM_SECRET checks allowed per client address per minute; more are refused until the minute passes */
  secretFailLimit: number;
  heavy: HeavyLimits;
  /** what this process serves: the REST API, the WebSocket gateway, or both */
  role: Role;
  gateway: GatewayLimits;
  objects: ObjectStorageConfig;
  webhook: WebhookConfig;
  push: PushConfig;
  /** the host other machines (Prometheus) reach this process at; listed by /prometheus_discovery/* */
  advertiseHost: string;
  /** where GET /third/prometheus redirects; undefined = no Grafana configured */
  grafanaUrl?: string;
}

export type PushProviderName = 'none' | 'webhook' | 'fcm';
const PUSH_PROVIDERS: readonly PushProviderName[] = ['none', 'webhook', 'fcm'];

/** Offline push: notifications for recipients that no push terminal (iOS, Android) of theirs received online. */
export interface PushConfig {
  /** `none` records no push work at all */
  provider: PushProviderName;
  /** `webhook`: each notification is POSTed here as JSON */
  webhookUrl?: string;
  /** `fcm`: the Firebase service-account JSON (project_id, client_email, private_key, token_uri) */
  fcmServiceAccountFile?: string;
  /** `fcm`: where the HTTP v1 send endpoint lives (Google's by default; a local stand-in in tests) */
  fcmBaseUrl: string;
  /** `fcm`: the OAuth token endpoint; default: the service account's token_uri */
  fcmTokenUrl?: string;
  /** a notification the provider keeps refusing is dropped after this many attempts */
  maxAttempts: number;
  /** the first retry waits this long, every further one twice as long (at most 5 minutes) */
  retryBaseMs: number;
  /** how often a node looks for due work no local event announced (retries, leftovers of a crashed node) */
  pollMs: number;
}

/** Where uploaded files (`/object/*`) live: a directory under DATA_DIR, or an S3-compatible bucket. */
export interface ObjectStorageConfig {
  backend: 'local' | 's3';
  /** an unfinished multipart upload is swept this long after it started */
  uploadExpireSeconds: number;
  s3?: S3Config;
}

export interface S3Config {
  /** undefined = AWS itself (from the region); set for MinIO, R2 and other S3-compatible servers */
  endpoint?: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO and most self-hosted servers need it) */
  forcePathStyle: boolean;
}

/** Callbacks to the operator's HTTP receiver, like the reference server's webhooks.yml (README "Webhooks"). */
export interface WebhookConfig {
  /** base URL; each hook posts to `<url>/<callbackCommand>`. Unset = no hook is called */
  url?: string;
  /** HMAC-SHA256 key of the `X-OpenIM-Signature` header; empty = requests are not signed */
  secret: string;
  /** enabled hooks by their config name (`beforeSendSingleMsg`, ...); empty when `url` is unset */
  hooks: ReadonlySet<WebhookName>;
  /** a before-hook's receiver must answer within this; after-hook requests are cut off after it too */
  timeoutMs: number;
  /** before-hooks whose receiver fails (unreachable, timeout, non-JSON) let the operation go on */
  failedContinue: boolean;
  /** after-hook requests waiting to be sent; past it new ones are dropped (logged and counted) */
  queueSize: number;
  /** further attempts of an after-hook whose receiver failed */
  retries: number;
}

/** Every hook this server calls, named as in the reference server's webhooks.yml. */
export const WEBHOOK_NAMES = [
  'beforeSendSingleMsg',
  'afterSendSingleMsg',
  'beforeSendGroupMsg',
  'afterSendGroupMsg',
  'beforeMsgModify',
  'beforeUserRegister',
  'afterUserRegister',
  'beforeAddFriend',
  'afterAddFriend',
  'beforeCreateGroup',
  'afterCreateGroup',
  'afterJoinGroup',
  'afterQuitGroup',
  'afterUserOnline',
  'afterUserOffline',
] as const;
export type WebhookName = (typeof WEBHOOK_NAMES)[number];

function webhookConfig(env: Env): WebhookConfig {
  const webhookUrl = url(env, 'WEBHOOK_URL', ['http:', 'https:']);
  const listed = str(env, 'WEBHOOK_HOOKS', 'all')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const hooks = new Set<WebhookName>();
  for (const name of listed) {
    if (name === 'all') {
      WEBHOOK_NAMES.forEach((n) => hooks.add(n));
    } else if ((WEBHOOK_NAMES as readonly string[]).includes(name)) {
      hooks.add(name as WebhookName);
    } else {
      throw new ConfigError(
        'WEBHOOK_HOOKS',
        `names an unknown hook "${name}" (known: all, ${WEBHOOK_NAMES.join(', ')})`,
      );
    }
  }
  return {
    url: webhookUrl?.replace(/\/+$/, ''),
    secret: env.WEBHOOK_SECRET ?? '',
    hooks: webhookUrl ? hooks : new Set(),
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 5000, 10, 600_000),
    failedContinue: bool(env, 'WEBHOOK_FAILED_CONTINUE', true),
    queueSize: int(env, 'WEBHOOK_QUEUE_SIZE', 1000, 1, 1_000_000),
    retries: int(env, 'WEBHOOK_RETRIES', 2, 0, 10),
  };
}

export type Role = 'all' | 'api' | 'gateway';
const ROLES: readonly Role[] = ['all', 'api', 'gateway'];

/** The WebSocket gateway's limits (protocol.md §2.7). */
export interface GatewayLimits {
  /** open connections per process; more are refused with 1601 */
  maxConnections: number;
  /** silence longer than this closes a connection (any frame, ping or pong re-arms it) */
  readTimeoutMs: number;
  /** frames waiting to be written to one connection; a consumer that falls further behind is closed */
  sendQueueFrames: number;
  /** bytes waiting to be written to one connection (same rule) */
  sendQueueBytes: number;
  /** SIGTERM: how long in-flight requests may take before sockets are closed */
  shutdownGraceMs: number;
}

/** Expensive requests (`@Heavy()` routes: pulls, searches, whole-list reads and clears). */
export interface HeavyLimits {
  /** in flight (running or queued) per user; more are refused with errCode 1060. Admins are not counted. */
  perUser: number;
  /** running at once in the whole process; more wait in a queue */
  global: number;
  /** waiting for a global slot; more are refused with errCode 1060 */
  queue: number;
}

/** Limits of the REST server's sockets (Node's defaults allow unlimited connections and minute-long stalls). */
export interface HttpLimits {
  maxConnections: number;
  /** a connection must deliver its request headers within this time, and a new one must start a request */
  headersTimeoutMs: number;
  /** the whole request, body included */
  requestTimeoutMs: number;
  /** how long an idle keep-alive connection stays open */
  keepAliveTimeoutMs: number;
}

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export const MEMORY_DATA_DIR = 'memory://';
/** The secret of the reference deployment's examples: public, so never acceptable in production. */
export const DEFAULT_SECRET = 'openIM123';

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function str(env: Env, name: string, def: string): string {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? def : raw.trim();
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function objectStorage(env: Env): ObjectStorageConfig {
  const backend = str(env, 'OBJECT_STORAGE', 'local');
  if (backend !== 'local' && backend !== 's3') throw new ConfigError('OBJECT_STORAGE', 'must be local or s3');
  const uploadExpireSeconds = int(env, 'OBJECT_UPLOAD_EXPIRE_SECONDS', 7 * 86400, 60, 365 * 86400);
  if (backend === 'local') return { backend, uploadExpireSeconds };
  const required = (name: string): string => {
    const v = str(env, name, '');
    if (!v) throw new ConfigError(name, 'must be set when OBJECT_STORAGE=s3');
    return v;
  };
  return {
    backend,
    uploadExpireSeconds,
    s3: {
      endpoint: url(env, 'S3_ENDPOINT', ['http:', 'https:']),
      bucket: required('S3_BUCKET'),
      accessKey: required('S3_ACCESS_KEY'),
      secretKey: required('S3_SECRET_KEY'),
      region: str(env, 'S3_REGION', 'us-east-1'),
      forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', false),
    },
  };
}

function loadPushConfig(env: Env): PushConfig {
  const provider = str(env, 'PUSH_PROVIDER', 'none') as PushProviderName;
  if (!PUSH_PROVIDERS.includes(provider)) {
    throw new ConfigError('PUSH_PROVIDER', `must be one of ${PUSH_PROVIDERS.join(', ')}`);
  }
  const webhookUrl = url(env, 'PUSH_WEBHOOK_URL', ['http:', 'https:']);
  if (provider === 'webhook' && !webhookUrl) {
    throw new ConfigError('PUSH_WEBHOOK_URL', 'is required with PUSH_PROVIDER=webhook');
  }
  const fcmServiceAccountFile = str(env, 'FCM_SERVICE_ACCOUNT_FILE', '') || undefined;
  if (provider === 'fcm' && !fcmServiceAccountFile) {
    throw new ConfigError('FCM_SERVICE_ACCOUNT_FILE', 'is required with PUSH_PROVIDER=fcm');
  }
  return {
    provider,
    webhookUrl,
    fcmServiceAccountFile,
    fcmBaseUrl: url(env, 'FCM_BASE_URL', ['http:', 'https:']) ?? 'https://fcm.googleapis.com',
    fcmTokenUrl: url(env, 'FCM_TOKEN_URL', ['http:', 'https:']),
    maxAttempts: int(env, 'PUSH_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs: int(env, 'PUSH_RETRY_BASE_MS', 2_000, 10, 3_600_000),
    pollMs: int(env, 'PUSH_POLL_MS', 1_000, 50, 60_000),
  };
}

/** A host name or an IP address, as Prometheus puts it before `:port`; `[…]` around an IPv6 address. */
function advertiseHost(env: Env): string {
  const raw = env.ADVERTISE_HOST?.trim();
  if (!raw) {
    const name = os.hostname();
    return HOST_NAME.test(name) ? name : '127.0.0.1';
  }
  const bare = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (isIP(bare) === 6) return `[${bare}]`;
  if (isIP(bare) === 4 || HOST_NAME.test(raw)) return raw;
  throw new ConfigError('ADVERTISE_HOST', `must be a host name or an IP address (no scheme, no port), got "${raw}"`);
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*$/;

export function loadConfig(env: Env = process.env): AppConfig {
  const adminUserIDs = str(env, 'IM_ADMIN_USER_IDS', 'imAdmin')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (adminUserIDs.length === 0) throw new ConfigError('IM_ADMIN_USER_IDS', 'must list at least one user ID');
  for (const id of adminUserIDs) {
    if (id.includes(':')) throw new ConfigError('IM_ADMIN_USER_IDS', `contains an invalid user ID "${id}"`);
  }
  const policy = int(env, 'MULTI_LOGIN_POLICY', MultiLoginPolicy.AllLoginButSameTermKick, 0, 5);
  if (!Object.values(MultiLoginPolicy).includes(policy)) {
    throw new ConfigError('MULTI_LOGIN_POLICY', `must be one of 0, 1, 4, 5, got ${policy}`);
  }
  const logLevel = str(env, 'LOG_LEVEL', 'log') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const apiPort = int(env, 'API_PORT', 10002, 0, 65535);
  const wsPort = int(env, 'WS_PORT', 10001, 0, 65535);
  if (apiPort === wsPort && apiPort !== 0) throw new ConfigError('WS_PORT', 'must differ from API_PORT');
  const dataDir = str(env, 'DATA_DIR', './data');
  const role = str(env, 'ROLE', 'all') as Role;
  if (!ROLES.includes(role)) throw new ConfigError('ROLE', `must be one of ${ROLES.join(', ')}`);
  const headersTimeoutMs = int(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError('HTTP_REQUEST_TIMEOUT_MS', 'must not be shorter than HTTP_HEADERS_TIMEOUT_MS');
  }
  const secret = str(env, 'IM_SECRET', DEFAULT_SECRET);
  if (secret === DEFAULT_SECRET && env.NODE_ENV?.trim() === 'production') {
    throw new ConfigError('IM_SECRET', `must be set to a secret of your own when NODE_ENV=production`);
  }
  return {
    apiPort,
    wsPort,
    dataDir: dataDir === MEMORY_DATA_DIR ? dataDir : path.resolve(dataDir),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: str(env, 'REDIS_PREFIX', 'im:'),
    secret,
    adminUserIDs,
    tokenExpireSeconds: int(env, 'TOKEN_EXPIRE_SECONDS', 7257600, 60, 10 * 365 * 86400),
    multiLoginPolicy: policy,
    maxTokensPerPlatform: int(env, 'MULTI_LOGIN_MAX_NUM_ONE_END', 30, 1, 1000),
    logLevel,
    friendVerify: bool(env, 'FRIEND_VERIFY', false),
    friendMax: int(env, 'FRIEND_MAX', 10_000, 1, 1_000_000),
    groupHistoryForNewMembers: bool(env, 'GROUP_HISTORY_FOR_NEW_MEMBERS', true),
    groupMaxMembers: int(env, 'GROUP_MAX_MEMBERS', 10_000, 2, 1_000_000),
    dbUnavailableTimeoutMs: int(env, 'DB_UNAVAILABLE_TIMEOUT_MS', 5000, 100, 600_000),
    http: {
      maxConnections: int(env, 'HTTP_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
      headersTimeoutMs,
      requestTimeoutMs,
      keepAliveTimeoutMs: int(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    },
    secretFailLimit: int(env, 'SECRET_FAIL_LIMIT', 10, 1, 100_000),
    heavy: {
      perUser: int(env, 'USER_MAX_CONCURRENT_HEAVY', 4, 1, 10_000),
      // PGlite runs one query at a time in this thread: a second heavy request would only wait in front of cheap ones.
      global: int(env, 'MAX_CONCURRENT_HEAVY', env.DATABASE_URL?.trim() ? 4 : 1, 1, 10_000),
      queue: int(env, 'HEAVY_QUEUE_MAX', 50, 0, 100_000),
    },
    role,
    gateway: {
      maxConnections: int(env, 'WS_MAX_CONNECTIONS', 100_000, 1, 10_000_000),
      readTimeoutMs: int(env, 'WS_READ_TIMEOUT_MS', 30_000, 100, 3_600_000),
      sendQueueFrames: int(env, 'WS_SEND_QUEUE_FRAMES', 256, 1, 100_000),
      sendQueueBytes: int(env, 'WS_SEND_QUEUE_BYTES', 4 << 20, 1024, 1 << 30),
      shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 8_000, 0, 60_000),
    },
    objects: objectStorage(env),
    webhook: webhookConfig(env),
    push: loadPushConfig(env),
    advertiseHost: advertiseHost(env),
    grafanaUrl: url(env, 'GRAFANA_URL', ['http:', 'https:']),
  };
}

/** Injection token of the {@link AppConfig} object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
