import { randomBytes } from 'node:crypto';

/** A message ID in the reference's format: 32 hex chars (an MD5-sized value), unique in practice. */
export function newMsgID(): string {
  return randomBytes(16).toString('hex');
}
