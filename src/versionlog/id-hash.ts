import { createHash } from 'node:crypto';

/** Go's encoding/json escapes these inside strings; the hash must see the same bytes as the reference's. */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The `idHash` of a list of IDs (spec/protocol.md §8.3): the first 8 bytes, big-endian, of the MD5 of the JSON
 * array; 0 for an empty list. Returned as a JS number (the JSON the clients send it in rounds it the same way).
 */
export function idHash(ids: readonly string[]): number {
  if (!ids.length) return 0;
  const json = `[${ids.map(goJsonString).join(',')}]`;
  const digest = createHash('md5').update(json).digest();
  return Number(digest.readBigUInt64BE(0));
}
