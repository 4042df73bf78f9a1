import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ImError } from '../common/errors/im-error';
import { FormDataSign, ObjectStore, S3_LIMITS, SignedPart, StoredObject } from './object-store';
import { UrlSigner } from './url-signer';

export const PART_PATH = '/object-part';
export const FORM_PATH = '/object-form';
export const FILE_PATH = '/object-file';

const BACKEND_ID = /^[0-9a-f]{32}$/;

/** md5 hex of a file, read as a stream. */
export async function fileMd5(file: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Objects as files under `root/data` (named by the sha256 of the key, so no key can reach outside it) and the parts
 * of unfinished uploads under `root/parts/<backendID>/<partNumber>`. The URLs it hands out point at this server
 * (see local-object-http.ts), signed with {@link UrlSigner}.
 */
export class LocalObjectStore implements ObjectStore {
  readonly limits = S3_LIMITS;

  constructor(
    readonly root: string,
    readonly signer: UrlSigner,
  ) {}

  async init(): Promise<void> {
    await fs.mkdir(path.join(this.root, 'data'), { recursive: true });
    await fs.mkdir(path.join(this.root, 'parts'), { recursive: true });
  }

  filePath(key: string): string {
    return path.join(this.root, 'data', createHash('sha256').update(key).digest('hex'));
  }

  /** the parts directory of an upload; null for an id this store cannot have made */
  partsDir(backendID: string): string | null {
    return BACKEND_ID.test(backendID) ? path.join(this.root, 'parts', backendID) : null;
  }

  /** a unique temporary name next to `file`, renamed over it once complete (readers never see half a file) */
  tempPath(file: string): string {
    return `${file}.${randomBytes(6).toString('hex')}.tmp`;
  }

  async createMultipart(): Promise<string> {
    const id = randomBytes(16).toString('hex');
    await fs.mkdir(path.join(this.root, 'parts', id), { recursive: true });
    return id;
  }

  signParts(
    _key: string,
    backendID: string,
    parts: { partNumber: number; size: number }[],
    base: string,
    expiresSeconds: number,
  ): Promise<SignedPart[]> {
    return Promise.resolve(
      parts.map(({ partNumber, size }) => ({
        partNumber,
        url: `${base}${PART_PATH}?${this.signer.sign({ b: backendID, n: partNumber, z: size }, expiresSeconds)}`,
        query: [],
        header: [],
      })),
    );
  }

  async completeMultipart(key: string, backendID: string, md5s: string[]): Promise<void> {
    const dir = this.partsDir(backendID);
    if (!dir) throw ImError.args('unknown upload');
    const files = md5s.map((_, i) => path.join(dir, String(i + 1)));
    for (const [i, file] of files.entries()) {
      const actual = await fileMd5(file).catch(() => null);
      if (actual === null) throw ImError.args(`part ${i + 1} has not been uploaded`);
      if (actual !== md5s[i].toLowerCase()) throw ImError.args(`part ${i + 1}: md5 ${md5s[i]} does not match`);
    }
    const target = this.filePath(key);
    const tmp = this.tempPath(target);
    const out = createWriteStream(tmp);
    try {
      for (const file of files) await pipeline(createReadStream(file), out, { end: false });
      out.end();
      await new Promise<void>((resolve, reject) => out.once('finish', resolve).once('error', reject));
      await fs.rename(tmp, target);
    } catch (err) {
      out.destroy();
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await fs.rm(dir, { recursive: true, force: true });
  }

  async abortMultipart(_key: string, backendID: string): Promise<void> {
    const dir = this.partsDir(backendID);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }

  async stat(key: string): Promise<StoredObject | null> {
    const file = this.filePath(key);
    const st = await fs.stat(file).catch(() => null);
    if (!st) return null;
    return { size: st.size, etag: await fileMd5(file) };
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.filePath(key), { force: true });
  }

  accessUrl(key: string, base: string, expiresSeconds: number, contentType: string): Promise<string> {
    return Promise.resolve(`${base}${FILE_PATH}?${this.signer.sign({ k: key, c: contentType }, expiresSeconds)}`);
  }

  formData(
    key: string,
    base: string,
    size: number,
    contentType: string,
    expiresSeconds: number,
  ): Promise<FormDataSign> {
    const query = this.signer.sign({ k: key, z: size, c: contentType }, expiresSeconds);
    return Promise.resolve({
      url: `${base}${FORM_PATH}?${query}`,
      file: 'file',
      header: [],
      formData: { key },
      successCodes: [200, 204],
    });
  }
}
