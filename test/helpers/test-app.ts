import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig, MEMORY_DATA_DIR } from '../../src/config/app-config';
import { freshDatabase, pgliteTemplate } from './database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** POST with the given token (if any) and a JSON body; returns the parsed envelope */
  post(path: string, body: unknown, token?: string): Promise<request.Response>;
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** reuse this PostgreSQL database (a second instance on the same data); else a fresh one */
  databaseUrl?: string;
  /** keep the Redis keys of this prefix (to share them with another instance) */
  redisPrefix?: string;
  /** listen on a random port (for WebSocket tests); default: in-memory HTTP only */
  listen?: boolean;
  /** where the app's log lines go instead of stdout (one app per test file: nestjs-pino keeps the first) */
  logStream?: DestinationStream;
}

/** Deletes every Redis key of a test's prefix. */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Boots the real application for a test: embedded PGlite in memory by default; with DATABASE_URL a database of its
 * own on that server, with REDIS_URL a key prefix of its own on that Redis.
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const cleanups: (() => Promise<void>)[] = [];
  const env: Record<string, string> = { DATA_DIR: MEMORY_DATA_DIR, LOG_LEVEL: 'error', API_PORT: '0', WS_PORT: '0' };
  if (process.env.DATABASE_URL) {
    if (opts.databaseUrl) {
      env.DATABASE_URL = opts.databaseUrl;
    } else {
      const db = await freshDatabase(process.env.DATABASE_URL);
      env.DATABASE_URL = db.url;
      cleanups.push(db.drop);
    }
  }
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    const prefix = opts.redisPrefix ?? `imtest:${randomBytes(6).toString('hex')}:`;
    env.REDIS_URL = redisUrl;
    env.REDIS_PREFIX = prefix;
    if (!opts.redisPrefix) cleanups.push(() => dropRedisPrefix(redisUrl, prefix));
  }
  const config = loadConfig({ ...env, ...opts.env });
  const app = await createApp(config, {
    pgliteTemplate: env.DATABASE_URL ? undefined : pgliteTemplate(),
    logStream: opts.logStream,
  });
  if (opts.listen) await app.listen(0, '127.0.0.1');
  else await app.init();
  const server = app.getHttpServer() as App;

  const post = (path: string, body: unknown, token?: string) => {
    const r = request(server)
      .post(path)
      .set('operationID', `test-${randomBytes(4).toString('hex')}`);
    if (token) r.set('token', token);
    return r.send(body as object);
  };
  let admin: string | undefined;
  return {
    app,
    config,
    post,
    async adminToken() {
      if (!admin) {
        const res = await post('/auth/get_admin_token', { userID: config.adminUserIDs[0], secret: config.secret });
        if (res.body.errCode !== 0) throw new Error(`admin token: ${JSON.stringify(res.body)}`);
        admin = (res.body as { data: { token: string } }).data.token;
      }
      return admin;
    },
    async close() {
      await app.close();
      for (const c of cleanups.reverse()) await c();
    },
  };
}

/**
 * Two app instances on one PostgreSQL database and one Redis key prefix: a cluster of two, for tests of what one
 * node's change does to the other's caches. Call at the top of a describe that runs only with DATABASE_URL and
 * REDIS_URL; the getter answers the running pair.
 */
export function twoInstances(): () => [TestApp, TestApp] {
  let pair: [TestApp, TestApp] | undefined;
  beforeAll(async () => {
    const first = await startTestApp();
    const second = await startTestApp({ databaseUrl: first.config.databaseUrl, redisPrefix: first.config.redisPrefix });
    pair = [first, second];
  });
  afterAll(async () => {
    await pair?.[1].close();
    await pair?.[0].close();
  });
  return () => {
    if (!pair) throw new Error('twoInstances: the apps are not started yet');
    return pair;
  };
}

/**
 * Calls `probe` until it answers `wanted` (bounded: about a second). For what travels between nodes through Redis
 * pub/sub, where there is no event of the other node's to wait for.
 */
export async function eventually<T>(probe: () => Promise<T>, wanted: T, attempts = 50): Promise<T> {
  let got = await probe();
  for (let i = 1; i < attempts && got !== wanted; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    got = await probe();
  }
  return got;
}
