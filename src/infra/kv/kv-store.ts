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

/**
 * Shared by the nodes through Redis; while Redis is away, this process' memory stands in (what is written then stays
 * on this node, and a read falls back to it), so callers never fail or wait on Redis.
 */
export class RedisKvStore implements KvStore {
  private readonly fallback = new MemoryKvStore(10_000);

  constructor(private readonly redis: RedisService) {}

  async get(key: string): Promise<string | undefined> {
    try {
      const v = await this.redis.run((c) => c.get(`kv:${key}`));
      return v ?? (await this.fallback.get(key));
    } catch {
      return this.fallback.get(key);
    }
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    try {
      await this.redis.run((c) => c.set(`kv:${key}`, value, 'PX', Math.max(1, Math.round(ttlMs))));
    } catch {
      await this.fallback.set(key, value, ttlMs);
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    await this.fallback.delete(keys);
    // one DEL per key: in a Redis Cluster the keys hash to different slots
    await Promise.all(keys.map((k) => this.redis.run((c) => c.del(`kv:${k}`)).catch(() => 0)));
  }
}
