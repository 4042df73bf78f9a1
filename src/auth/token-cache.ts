import type { RedisService } from '../infra/redis/redis.service';

export interface CachedToken {
  userID: string;
  platformID: number;
  state: number;
  expireAt: number;
}

/**
 * Token states by token hash in front of the database, so that the guard does not query per request.
 * Writers (kick, policy) delete the entries they change.
 */
export interface TokenCache {
  get(hash: string): Promise<CachedToken | undefined>;
  set(hash: string, value: CachedToken): Promise<void>;
  delete(hashes: readonly string[]): Promise<void>;
}

/**
 * In-process cache. Entries live a few seconds only: a process without Redis cannot hear of kicks made by another
 * process on the same PostgreSQL, and this bounds how long such a token stays usable.
 */
export class MemoryTokenCache implements TokenCache {
  private readonly entries = new Map<string, { value: CachedToken; until: number }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 100_000,
  ) {}

  get(hash: string): Promise<CachedToken | undefined> {
    const e = this.entries.get(hash);
    if (!e) return Promise.resolve(undefined);
    if (e.until < Date.now()) {
      this.entries.delete(hash);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(e.value);
  }

  set(hash: string, value: CachedToken): Promise<void> {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { value, until: Date.now() + this.ttlMs });
    return Promise.resolve();
  }

  delete(hashes: readonly string[]): Promise<void> {
    for (const h of hashes) this.entries.delete(h);
    return Promise.resolve();
  }
}

const tokenKey = (hash: string) => `tok:${hash}`;

/**
 * How long a token's state is shared through Redis. It bounds how long a revocation can go unseen in the one case the
 * kick event and the deletion both miss: the revoking node died while Redis was away, and Redis kept its data.
 */
export const SHARED_TOKEN_TTL_MS = 5 * 60_000;

/** Deletions that could not reach Redis, kept for when it is back (past this, the TTL above is the bound). */
const MAX_PENDING_DELETES = 100_000;

/** Shared by every node of a cluster: a kick on one node is seen by all at once. */
export class RedisTokenCache implements TokenCache {
  private readonly pendingDeletes = new Set<string>();

  constructor(
    private readonly redis: RedisService,
    private readonly ttlMs = SHARED_TOKEN_TTL_MS,
  ) {
    redis.onReconnect(() => void this.delete([...this.pendingDeletes]));
  }

  /** undefined when Redis has no entry or cannot be asked: the caller then reads PostgreSQL */
  async get(hash: string): Promise<CachedToken | undefined> {
    const raw = await this.redis.run((c) => c.get(tokenKey(hash))).catch(() => null);
    return raw ? (JSON.parse(raw) as CachedToken) : undefined;
  }

  async set(hash: string, value: CachedToken): Promise<void> {
    const ttl = Math.max(1, Math.min(this.ttlMs, value.expireAt - Date.now()));
    await this.redis.run((c) => c.set(tokenKey(hash), JSON.stringify(value), 'PX', ttl)).catch(() => undefined);
  }

  /** Never fails: what Redis did not take is deleted again when it is back. */
  async delete(hashes: readonly string[]): Promise<void> {
    // one DEL per key: in a Redis Cluster the keys hash to different slots
    await Promise.all(
      hashes.map(async (h) => {
        try {
          await this.redis.run((c) => c.del(tokenKey(h)));
          this.pendingDeletes.delete(h);
        } catch {
          if (this.pendingDeletes.size < MAX_PENDING_DELETES) this.pendingDeletes.add(h);
        }
      }),
    );
  }
}

/**
 * A cluster's cache: this process' memory in front of Redis, so that most requests check their token without a
 * network round trip. Kicks reach every node's memory through the kick event (see TokenService); should an
 * event be lost, an entry lives `memoryTtlMs` at most. While Redis is away the memory alone answers, and a miss reads
 * PostgreSQL.
 */
export class LayeredTokenCache implements TokenCache {
  constructor(
    private readonly memory: MemoryTokenCache,
    private readonly shared: RedisTokenCache,
  ) {}

  async get(hash: string): Promise<CachedToken | undefined> {
    const local = await this.memory.get(hash);
    if (local) return local;
    const shared = await this.shared.get(hash);
    if (shared) await this.memory.set(hash, shared);
    return shared;
  }

  async set(hash: string, value: CachedToken): Promise<void> {
    await Promise.all([this.memory.set(hash, value), this.shared.set(hash, value)]);
  }

  async delete(hashes: readonly string[]): Promise<void> {
    await Promise.all([this.memory.delete(hashes), this.shared.delete(hashes)]);
  }
}
