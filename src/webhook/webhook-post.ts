import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './signature';
import type { CallbackResp } from './hooks';

/** What became of one request: the receiver's answer, or why there is none. */
export type PostResult =
  | { ok: true; resp: CallbackResp }
  /** unreachable, timed out, or an HTTP status other than 2xx */
  | { ok: false; kind: 'network'; detail: string }
  /** answered 2xx with something that is not a callback answer */
  | { ok: false; kind: 'data'; detail: string };

export interface PostRequest {
  url: string;
  body: Buffer;
  secret: string;
  operationID: string;
  signal: AbortSignal;
}

const NUMERIC_FIELDS = ['actionCode', 'errCode', 'nextCode'] as const;

/** One POST to a receiver; never throws. */
export async function postCallback(req: PostRequest): Promise<PostResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', operationID: req.operationID };
  if (req.secret) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = signBody(req.secret, timestamp, req.body);
  }
  let text: string;
  try {
    const res = await fetch(req.url, { method: 'POST', headers, body: req.body, signal: req.signal });
    text = await res.text();
    if (res.status < 200 || res.status > 299) return { ok: false, kind: 'network', detail: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, kind: 'network', detail: describe(err) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'data', detail: 'the answer is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, kind: 'data', detail: 'the answer is not a JSON object' };
  }
  const resp = parsed as CallbackResp;
  for (const f of NUMERIC_FIELDS) {
    if (resp[f] !== undefined && resp[f] !== null && !Number.isInteger(resp[f])) {
      return { ok: false, kind: 'data', detail: `${f} is not an integer` };
    }
  }
  return { ok: true, resp };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer in time';
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
