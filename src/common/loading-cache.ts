import { KeyedBatcher } from './batcher';

export interface LoadingCacheOptions {
  /** A backstop for a lost invalidation (events between nodes are notices): entries are reloaded after this long. */
  ttlMs: number;
  /** Entries kept at most; beyond it the cache starts over, so a burst of distinct keys cannot grow memory. */
  maxEntries: number;
}

interface Entry<V> {
  value: V;
  at: number;
}

/**
 * A read-through cache over a list query: misses of concurrent callers share one `load`, hits cost no await of the
 * database. Keys the loader does not return (unknown rows) are not cached, so a row created later is found at once.
 * `drop` after a committed change; a load that began before a drop of its key is answered but not kept.
 */
export class LoadingCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  /** bumped by every drop: a load that started before it does not fill the cache */
  private epoch = 0;
  private readonly batcher: KeyedBatcher<K, V>;

  constructor(
    load: (keys: K[]) => Promise<Map<K, V>>,
    private readonly options: LoadingCacheOptions,
  ) {
    this.batcher = new KeyedBatcher(load);
  }

  async get(key: K): Promise<V | undefined> {
    const hit = this.fresh(key);
    if (hit) return hit.value;
    const epoch = this.epoch;
    const value = await this.batcher.get(key);
    if (value !== undefined && epoch === this.epoch) this.store(key, value);
    return value;
  }

  /** The cached and loaded values of these keys (unknown keys absent). */
  async getMany(keys: readonly K[]): Promise<Map<K, V>> {
    const out = new Map<K, V>();
    const missing: K[] = [];
    for (const key of keys) {
      const hit = this.fresh(key);
      if (hit) out.set(key, hit.value);
      else missing.push(key);
    }
    if (!missing.length) return out;
    const loaded = await Promise.all(missing.map((k) => this.get(k)));
    missing.forEach((k, i) => {
      const v = loaded[i];
      if (v !== undefined) out.set(k, v);
    });
    return out;
  }

  drop(keys: Iterable<K>): void {
    this.epoch++;
    for (const key of keys) this.entries.delete(key);
  }

  private fresh(key: K): Entry<V> | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at < this.options.ttlMs) return e;
    this.entries.delete(key);
    return undefined;
  }

  private store(key: K, value: V): void {
    if (this.entries.size >= this.options.maxEntries) this.entries.clear();
    this.entries.set(key, { value, at: Date.now() });
  }
}
