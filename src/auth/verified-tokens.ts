/** What a token string verified to once: its claims and its hash (the key of its stored state). */
export interface VerifiedEntry<C extends { exp: number }> {
  claims: C;
  hash: string;
}

/**
 * Token strings whose signature already checked out, so that a client sending the same token on every request
 * costs one map lookup instead of an HMAC, two JSON parses and a SHA-256 each time. The signature of the same
 * bytes under the same secret cannot change; expiry can, so `get` checks it on every hit as the JWT library does
 * (expired from the second `exp` starts). Kicks are not decided here: the caller still reads the token's state.
 */
export class VerifiedTokens<C extends { exp: number }> {
  private readonly entries = new Map<string, VerifiedEntry<C>>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The entry of a token verified before and not expired now; undefined otherwise (verify it in full). */
  get(token: string): VerifiedEntry<C> | undefined {
    const e = this.entries.get(token);
    if (!e) return undefined;
    if (Math.floor(Date.now() / 1000) >= e.claims.exp) {
      this.entries.delete(token);
      return undefined;
    }
    return e;
  }

  /** Remembers a token that passed full verification; the oldest entry goes when full. */
  set(token: string, entry: VerifiedEntry<C>): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, entry);
  }
}
