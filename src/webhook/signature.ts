import { createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-OpenIM-Timestamp';
export const SIGNATURE_HEADER = 'X-OpenIM-Signature';

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`) over the exact body bytes sent. The timestamp (Unix
 * seconds) is inside the MAC so a receiver can refuse replays older than it accepts.
 */
export function signBody(secret: string, timestamp: string, body: Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}
