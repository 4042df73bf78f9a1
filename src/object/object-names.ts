import type { Request } from 'express';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';

/** The reference's name rule: non-empty, not absolute, ≤1024 bytes; a non-admin only under `<userID>/`. */
export function checkUploadName(caller: Caller, name: string): void {
  if (name === '') throw ImError.args('name is empty');
  if (name.startsWith('/')) throw ImError.args('name must not start with "/"');
  if (Buffer.byteLength(name, 'utf8') > 1024) throw ImError.args('name is longer than 1024 bytes');
  if (!caller.isAdmin && !name.startsWith(`${caller.userID}/`)) {
    throw ImError.noPermission(`name must start with "${caller.userID}/"`);
  }
}

/** This server's address as the client used it: the `X-Request-Api` header, else the Host it called. */
export function requestBase(req: Request): string {
  const api = req.header('x-request-api')?.trim();
  if (api && /^https?:\/\/[^\s]+$/i.test(api)) return api.replace(/\/+$/, '');
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The URL of a name (it answers with a redirect to the bytes): `<base>/object/<name>`, each segment encoded. */
export function objectUrl(base: string, name: string): string {
  return `${base}/object/${name.split('/').map(encodeURIComponent).join('/')}`;
}

export const HASH_PATTERN = /^[0-9a-f]{32}$/;
