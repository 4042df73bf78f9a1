import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../../helpers/test-app';

export const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

/** A "picture": a PNG signature and random bytes, so no two tests share a hash. */
export function picture(size: number): Buffer {
  const b = randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
}

/** The parts a client sends, their md5s and the upload hash (md5 of the md5s joined by ","). */
export function split(file: Buffer, partSize: number) {
  const parts: Buffer[] = [];
  for (let at = 0; at < file.length; at += partSize) parts.push(file.subarray(at, at + partSize));
  const md5s = parts.map((p) => md5(p));
  return { parts, md5s, hash: md5(md5s.join(',')) };
}

interface Signed {
  partNumber: number;
  url: string;
}

export interface Started {
  uploadID: string;
  partSize: number;
  parts: Buffer[];
  md5s: string[];
  signed: Signed[];
}

type Body = { errCode: number; errDlt: string; data: Record<string, unknown> };

export async function post(t: TestApp, path: string, body: unknown, token: string): Promise<Body> {
  return (await t.post(path, body, token)).body as Body;
}

/** part_size, then initiate_multipart_upload with every part signed. */
export async function initiate(t: TestApp, token: string, name: string, file: Buffer): Promise<Started> {
  const size = await post(t, '/object/part_size', { size: file.length }, token);
  const partSize = size.data.size as number;
  const { parts, md5s, hash } = split(file, partSize);
  const res = await post(
    t,
    '/object/initiate_multipart_upload',
    { hash, size: file.length, maxParts: -1, name, contentType: 'image/png', cause: 'test' },
    token,
  );
  if (res.errCode !== 0) throw new Error(`initiate: ${JSON.stringify(res)}`);
  const upload = res.data.upload as { uploadID: string; partSize: number; sign: { parts: Signed[] } };
  return { uploadID: upload.uploadID, partSize: upload.partSize, parts, md5s, signed: upload.sign.parts };
}

export async function putPart(url: string, body: Buffer): Promise<Response> {
  return fetch(url, { method: 'PUT', body });
}

/** Uploads every part, completes, and returns the name's URL. */
export async function uploadAll(t: TestApp, token: string, name: string, file: Buffer): Promise<string> {
  const up = await initiate(t, token, name, file);
  for (const s of up.signed) {
    const put = await putPart(s.url, up.parts[s.partNumber - 1]);
    if (!put.ok) throw new Error(`part ${s.partNumber}: HTTP ${put.status} ${await put.text()}`);
  }
  const done = await post(
    t,
    '/object/complete_multipart_upload',
    { uploadID: up.uploadID, parts: up.md5s, name, contentType: 'image/png', cause: 'test' },
    token,
  );
  if (done.errCode !== 0) throw new Error(`complete: ${JSON.stringify(done)}`);
  return done.data.url as string;
}

/** GET the name's URL: a 302 to the bytes, which are fetched. */
export async function download(url: string, headers: Record<string, string> = {}): Promise<Response> {
  const redirect = await fetch(url, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const location = redirect.headers.get('location');
  if (!location) throw new Error('no Location');
  return fetch(location, { headers });
}

export const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
