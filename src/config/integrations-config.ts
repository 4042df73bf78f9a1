import { isIP } from 'node:net';
import * as os from 'node:os';
import { bool, ConfigError, Env, int, str, url } from './env';

/* The settings of what the server talks to around it: object storage, offline push, webhooks, Prometheus. */

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
  /** reference hooks `WEBHOOK_HOOKS` names that this server does not call (logged at start-up) */
  notServed: readonly string[];
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

/**
 * Every hook of the reference's `config/webhooks.yml` (main branch). A `WEBHOOK_HOOKS` copied from an OpenIM
 * deployment may name those this server does not call yet: they are reported, not fatal; any other name is a typo.
 */
const REFERENCE_HOOK_NAMES: ReadonlySet<string> = new Set([
  'beforeSendSingleMsg',
  'beforeUpdateUserInfoEx',
  'afterUpdateUserInfoEx',
  'afterSendSingleMsg',
  'beforeSendGroupMsg',
  'beforeMsgModify',
  'afterSendGroupMsg',
  'afterMsgSaveDB',
  'afterUserOnline',
  'afterUserOffline',
  'afterUserKickOff',
  'beforeOfflinePush',
  'beforeOnlinePush',
  'beforeGroupOnlinePush',
  'beforeAddFriend',
  'beforeUpdateUserInfo',
  'afterUpdateUserInfo',
  'beforeCreateGroup',
  'afterCreateGroup',
  'beforeMemberJoinGroup',
  'beforeSetGroupMemberInfo',
  'afterSetGroupMemberInfo',
  'afterQuitGroup',
  'afterKickGroupMember',
  'afterDismissGroup',
  'beforeApplyJoinGroup',
  'afterGroupMsgRead',
  'afterSingleMsgRead',
  'beforeUserRegister',
  'afterUserRegister',
  'afterTransferGroupOwner',
  'beforeSetFriendRemark',
  'afterSetFriendRemark',
  'afterGroupMsgRevoke',
  'afterJoinGroup',
  'beforeInviteUserToGroup',
  'afterSetGroupInfo',
  'beforeSetGroupInfo',
  'afterSetGroupInfoEx',
  'beforeSetGroupInfoEx',
  'afterRevokeMsg',
  'beforeAddBlack',
  'afterAddFriend',
  'beforeAddFriendAgree',
  'afterAddFriendAgree',
  'afterDeleteFriend',
  'beforeImportFriends',
  'afterImportFriends',
  'afterRemoveBlack',
  'beforeCreateSingleChatConversations',
  'afterCreateSingleChatConversations',
  'beforeCreateGroupChatConversations',
  'afterCreateGroupChatConversations',
]);

export function webhookConfig(env: Env): WebhookConfig {
  const webhookUrl = url(env, 'WEBHOOK_URL', ['http:', 'https:']);
  const listed = str(env, 'WEBHOOK_HOOKS', 'all')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const hooks = new Set<WebhookName>();
  const notServed: string[] = [];
  for (const name of listed) {
    if (name === 'all') {
      WEBHOOK_NAMES.forEach((n) => hooks.add(n));
    } else if ((WEBHOOK_NAMES as readonly string[]).includes(name)) {
      hooks.add(name as WebhookName);
    } else if (REFERENCE_HOOK_NAMES.has(name)) {
      notServed.push(name);
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
    notServed,
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 5000, 10, 600_000),
    failedContinue: bool(env, 'WEBHOOK_FAILED_CONTINUE', true),
    queueSize: int(env, 'WEBHOOK_QUEUE_SIZE', 1000, 1, 1_000_000),
    retries: int(env, 'WEBHOOK_RETRIES', 2, 0, 10),
  };
}

export function objectStorage(env: Env): ObjectStorageConfig {
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

export function loadPushConfig(env: Env): PushConfig {
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
export function advertiseHost(env: Env): string {
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
