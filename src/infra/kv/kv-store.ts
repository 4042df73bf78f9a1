import type { RedisService } from '../redis/redis.service';

/** Small expiring key/value records shared by the nodes of a cluster when Redis is configured. */
export interface KvStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
}

export const KV_STORE = Symbol('KV_STORE');

export class MemoryKvStore implements KvStore {
  private readonly entries = new Map<string, { value: string; until: number }>();

  constructor(private readonly maxEntries = 100_000) {}

  get(key: string): Promise<string | undefined> {
    const e = this.entries.get(key);
    if (e && e.until < Date.now()) this.entries.delete(key);
    return Promise.resolve(e && e.until >= Date.now() ? e.value : undefined);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, until: Date.now() + ttlMs });
    return Promise.resolve();
  }

  delete(keys: readonly string[]): Promise<void> {
    keys.forEach((k) => this.entries.delete(k));
    return Promise.resolve();
  }
}

export class RedisKvStore implements KvStore {
  constructor(private readonly redis: RedisService) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.client.get(`kv:${key}`)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.client.set(`kv:${key}`, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length) await this.redis.client.del(...keys.map((k) => `kv:${k}`));
  }
}
