import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The fields of a Firebase service-account JSON file that the HTTP v1 API needs. */
export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri: string;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
/** a token is renewed this long before Google says it expires */
const RENEW_BEFORE_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

/** Reads and checks the service-account file (at start-up, so a bad file stops the server with a clear error). */
export function readServiceAccount(file: string): ServiceAccount {
  let parsed: Partial<ServiceAccount>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceAccount>;
  } catch (err) {
    throw new Error(`FCM_SERVICE_ACCOUNT_FILE ${file}: ${(err as Error).message}`);
  }
  for (const key of ['project_id', 'client_email', 'private_key'] as const) {
    if (typeof parsed[key] !== 'string' || !parsed[key]) {
      throw new Error(`FCM_SERVICE_ACCOUNT_FILE ${file}: "${key}" is missing`);
    }
  }
  return { ...(parsed as ServiceAccount), token_uri: parsed.token_uri || GOOGLE_TOKEN_URI };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The OAuth 2.0 JWT-bearer assertion of a service account (RS256), valid for an hour. */
export function signAssertion(account: ServiceAccount, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({ iss: account.client_email, scope: SCOPE, aud: account.token_uri, iat, exp: iat + 3600 }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(account.private_key);
  return `${header}.${claims}.${b64url(signature)}`;
}

/**
 * Access tokens for the FCM API: fetched with a signed assertion, kept until shortly before they expire, and one
 * fetch shared by the sends that need a token at the same time.
 */
export class FcmTokenSource {
  private cached?: { token: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly account: ServiceAccount,
    private readonly tokenUrl: string = account.token_uri,
  ) {}

  get(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return Promise.resolve(this.cached.token);
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The API refused the token (revoked early): the next send fetches a new one. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const now = Date.now();
    const res = await fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: signAssertion(this.account, now),
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!res.ok || typeof body.access_token !== 'string') {
      throw new Error(`FCM token endpoint answered HTTP ${res.status}`);
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    this.cached = { token: body.access_token, renewAt: now + Math.max(lifetimeMs - RENEW_BEFORE_MS, lifetimeMs / 2) };
    return body.access_token;
  }
}
