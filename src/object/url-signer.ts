import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed URL parameters for the local store: `t` = base64url JSON of the claims (with `e`, expiry in ms),
 * `s` = HMAC-SHA256 of `t`. Whoever holds the URL may do what it says until it expires; no token needed.
 */
export class UrlSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    // a key of its own, so a URL signature can never stand in for anything else signed with the secret
    this.key = createHmac('sha256', secret).update('object-url').digest();
  }

  sign(claims: Record<string, string | number>, expiresSeconds: number): string {
    const t = Buffer.from(JSON.stringify({ ...claims, e: Date.now() + expiresSeconds * 1000 })).toString('base64url');
    return `t=${t}&s=${this.mac(t)}`;
  }

  /** The claims of a valid, unexpired query; null otherwise. */
  verify(query: Record<string, unknown>): Record<string, unknown> | null {
    const { t, s } = query;
    if (typeof t !== 'string' || typeof s !== 'string') return null;
    const want = Buffer.from(this.mac(t));
    const got = Buffer.from(s);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(t, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof claims !== 'object' || claims === null) return null;
    const c = claims as Record<string, unknown>;
    return typeof c.e === 'number' && c.e > Date.now() ? c : null;
  }

  /** The same claims as one opaque string (`<t>.<s>`), for ids a client hands back. */
  seal(claims: Record<string, string | number>, expiresSeconds: number): string {
    const q = new URLSearchParams(this.sign(claims, expiresSeconds));
    return `${q.get('t')}.${q.get('s')}`;
  }

  unseal(id: string): Record<string, unknown> | null {
    const [t, s, ...rest] = id.split('.');
    return rest.length ? null : this.verify({ t, s });
  }

  private mac(t: string): string {
    return createHmac('sha256', this.key).update(t).digest('base64url');
  }
}
