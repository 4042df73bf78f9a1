/**
 * Coalesces lookups made in the same tick into one call of `load` (a list query instead of one per request),
 * e.g. the sender and receiver rows of many concurrent sends.
 */
export class KeyedBatcher<K, V> {
  private pending = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
  private scheduled = false;

  constructor(
    private readonly load: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 1000,
  ) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(key, waiters);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = new Map();
    const keys = [...all.keys()];
    for (let i = 0; i < keys.length; i += this.maxBatch) {
      const chunk = keys.slice(i, i + this.maxBatch);
      this.load(chunk).then(
        (found) => chunk.forEach((k) => all.get(k)?.forEach((w) => w.resolve(found.get(k)))),
        (err: unknown) => chunk.forEach((k) => all.get(k)?.forEach((w) => w.reject(err))),
      );
    }
  }
}
