import * as path from 'node:path';
import { bool, ConfigError, Env, int, str, url } from './env';
import {
  advertiseHost,
  loadPushConfig,
  objectStorage,
  ObjectStorageConfig,
  PushConfig,
  WebhookConfig,
  webhookConfig,
} from './integrations-config';
import { RedisConfig, redisConfig } from './redis-config';

export { ConfigError } from './env';
export type { RedisConfig, RedisConnection } from './redis-config';
export type {
  ObjectStorageConfig,
  PushConfig,
  PushProviderName,
  S3Config,
  WebhookConfig,
  WebhookName,
} from './integrations-config';
export { WEBHOOK_NAMES } from './integrations-config';

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
  /** REDIS_URL or REDIS_CLUSTER_NODES, command timeout, presence TTL */
  redis: RedisConfig;
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

export type Role = 'all' | 'api' | 'gateway';
const ROLES: readonly Role[] = ['all', 'api', 'gateway'];

/** The WebSocket gateway's limits (protocol.md §2.7). */
export interface GatewayLimits {
  /** open connections per process; more are refused with 1601 */
  maxConnections: number;
  /** silence longer than this closes a connection (any frame, ping or pong re-arms it) */
  readTimeoutMs: number;
  /** bytes written to one connection that its peer has not taken yet; a consumer that falls further behind is closed */
  sendQueueBytes: number;
  /** a kicked connection gets this long to take its 2002 frame before the socket is dropped */
  kickGraceMs: number;
  /** largest text frame (app ping) a client may send; its pong echoes the body */
  maxTextFrameBytes: number;
  /** frames of at least this many bytes are sent deflated to clients that offer permessage-deflate; 0 = never */
  deflateMinBytes: number;
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
  /** JSON answers of at least this many bytes are gzipped for clients that accept it; 0 = never */
  gzipMinBytes: number;
}

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export const MEMORY_DATA_DIR = 'memory://';
/** The secret of the reference deployment's examples: public, so never acceptable in production. */
export const DEFAULT_SECRET = 'openIM123';

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
    redis: redisConfig(env),
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
      gzipMinBytes: int(env, 'HTTP_GZIP_MIN_BYTES', 4096, 0, 1 << 30),
    },
    secretFailLimit: int(env, 'SECRET_FAIL_LIMIT', 10, 1, 100_000),
    heavy: {
      perUser: int(env, 'USER_MAX_CONCURRENT_HEAVY', 4, 1, 10_000),
      // PGlite runs one query at a time in this thread: a second heavy request would only wait in front of cheap ones.
      global: int(env, 'MAX_CONCURRENT_HEAVY', env.DATABASE_URL?.trim() ? 4 : 1, 1, 10_000),
      queue: int(env, 'HEAVY_QUEUE_MAX', 5_000, 0, 100_000),
    },
    role,
    gateway: {
      maxConnections: int(env, 'WS_MAX_CONNECTIONS', 100_000, 1, 10_000_000),
      readTimeoutMs: int(env, 'WS_READ_TIMEOUT_MS', 30_000, 100, 3_600_000),
      sendQueueBytes: int(env, 'WS_SEND_QUEUE_BYTES', 4 << 20, 1024, 1 << 30),
      kickGraceMs: int(env, 'WS_KICK_GRACE_MS', 1_000, 0, 60_000),
      maxTextFrameBytes: int(env, 'WS_MAX_TEXT_FRAME_BYTES', 1024, 64, 51_200),
      deflateMinBytes: int(env, 'WS_DEFLATE_MIN_BYTES', 4096, 0, 1 << 30),
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
