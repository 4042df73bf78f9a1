import fc from 'fast-check';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { TestApp } from '../helpers/test-app';
import { FUZZ_RUNS, FUZZ_SEED } from './harness';

/** The GET routes of the OpenAPI document, and what each must answer whatever the query string and headers. */
export const GET_ROUTES: Record<string, (status: number, body: unknown) => boolean> = {
  '/healthz': (status, body) => status === 200 && (body as { status?: unknown }).status === 'ok',
  '/third/prometheus': (status) => status === 302 || status === 404,
  // a download: a redirect to the file, or a refusal (no token, unknown or foreign name), never a server error
  '/object/{name}': (status) => status < 500,
  ...Object.fromEntries(
    [
      'api',
      'user',
      'group',
      'msg',
      'friend',
      'conversation',
      'third',
      'auth',
      'push',
      'msg_gateway',
      'msg_transfer',
    ].map((name) => [
      `/prometheus_discovery/${name}`,
      (status: number, body: unknown) => status === 200 && Array.isArray(body),
    ]),
  ),
};

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '%', '%00', '../../etc/passwd', '{"a":1}', 'a'.repeat(2000), '\u0000', '🙂'),
);

/** A query string of hostile pairs, and hostile token / operationID headers. */
const requestParts = fc.record({
  query: fc.array(fc.tuple(text, text), { maxLength: 5 }),
  token: fc.option(text, { nil: undefined }),
  operationID: fc.option(text, { nil: undefined }),
});

/** A GET route with hostile query strings and headers: never a server error, always its own kind of answer. */
export async function fuzzGetRoute(t: TestApp, path: string): Promise<void> {
  const expected = GET_ROUTES[path];
  const property = fc.asyncProperty(requestParts, async ({ query, token, operationID }) => {
    const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const r = request(t.app.getHttpServer() as App).get(qs ? `${path}?${qs}` : path);
    // header values must be Latin-1 without control characters, as any HTTP client sends them
    const header = (v: string) => v.replace(/[^\x20-\x7e]/g, '?');
    if (token !== undefined) r.set('token', header(token));
    if (operationID !== undefined) r.set('operationID', header(operationID));
    const res = await r.redirects(0);
    if (res.status >= 500 || !expected(res.status, res.body)) {
      throw new Error(`GET ${path}?${qs} → HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
  });
  const details = await fc.check(property, { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true });
  if (details.failed) {
    throw new Error(
      `fuzz GET ${path} failed: ${String(details.errorInstance)}\nreplay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS}`,
    );
  }
}
