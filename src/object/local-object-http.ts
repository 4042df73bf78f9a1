import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { ErrCode } from '../common/errors/errcode';
import { fail } from '../common/http/envelope';
import { FILE_PATH, FORM_PATH, LocalObjectStore, PART_PATH } from './local-object-store';

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrCode,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * The local store's signed URLs: part uploads (PUT), form uploads (POST) and downloads (GET, with Range). Mounted
 * before the JSON body parser and outside the token guard: the signature in the URL is the authorisation, and the
 * signed size bounds the body, which is streamed to disk.
 */
export function localObjectRoutes(store: LocalObjectStore): Router {
  const router = Router();
  const handle = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => {
    fn(req, res).catch((err: unknown) => refuse(req, res, err));
  };
  router.put(
    PART_PATH,
    handle((req, res) => putPart(store, req, res)),
  );
  router.post(
    FORM_PATH,
    handle((req, res) => postForm(store, req, res)),
  );
  router.get(
    FILE_PATH,
    handle((req, res) => getFile(store, req, res)),
  );
  return router;
}

function refuse(req: Request, res: Response, err: unknown): void {
  const r = err instanceof HttpRefusal ? err : new HttpRefusal(500, ErrCode.ServerInternal, 'upload failed');
  if (res.headersSent) return void res.destroy();
  // the rest of a refused body is not read: close the connection rather than drain it
  if (!req.complete) res.setHeader('Connection', 'close');
  res.status(r.status).json(fail(r.code, r.message));
}

function claims(store: LocalObjectStore, req: Request): Record<string, unknown> {
  const c = store.signer.verify(req.query);
  if (!c) throw new HttpRefusal(403, ErrCode.NoPermission, 'the URL signature is invalid or has expired');
  return c;
}

/** Streams `source` into `file` (via a temp file), refusing more than `max` bytes; returns size and md5. */
async function receive(store: LocalObjectStore, source: Readable, file: string, max: number) {
  const md5 = createHash('md5');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(new HttpRefusal(413, ErrCode.Args, `the body is larger than ${max} bytes`));
      md5.update(chunk);
      done(null, chunk);
    },
  });
  const tmp = store.tempPath(file);
  try {
    await pipeline(source, counter, createWriteStream(tmp));
    return { size, md5: md5.digest('hex'), tmp };
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

async function putPart(store: LocalObjectStore, req: Request, res: Response): Promise<void> {
  const c = claims(store, req);
  const dir = typeof c.b === 'string' ? store.partsDir(c.b) : null;
  const max = Number(c.z);
  if (!dir || !(await fs.stat(dir).catch(() => null))) {
    throw new HttpRefusal(404, ErrCode.RecordNotFound, 'the upload does not exist (finished or expired)');
  }
  if (Number(req.headers['content-length'] ?? 0) > max) {
    throw new HttpRefusal(413, ErrCode.Args, `the part is larger than ${max} bytes`);
  }
  const file = path.join(dir, String(Number(c.n)));
  const got = await receive(store, req, file, max);
  if (got.size !== max) {
    await fs.rm(got.tmp, { force: true });
    throw new HttpRefusal(400, ErrCode.Args, `the part must be ${max} bytes, got ${got.size}`);
  }
  await fs.rename(got.tmp, file);
  res.setHeader('ETag', `"${got.md5}"`);
  res.status(200).end();
}

async function postForm(store: LocalObjectStore, req: Request, res: Response): Promise<void> {
  const c = claims(store, req);
  const max = Number(c.z);
  const file = store.filePath(String(c.k));
  const saved = await new Promise<boolean>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: max + 1, fields: 20 } });
    } catch {
      return reject(new HttpRefusal(400, ErrCode.Args, 'expected a multipart/form-data body'));
    }
    let pending: Promise<void> | undefined;
    parser.on('file', (field, stream) => {
      if (field !== 'file' || pending) return void stream.resume();
      stream.on('limit', () => stream.destroy(new HttpRefusal(413, ErrCode.Args, `the file is larger than ${max}`)));
      pending = receive(store, stream, file, max).then((got) => fs.rename(got.tmp, file));
      pending.catch(reject);
    });
    parser.on('error', () => reject(new HttpRefusal(400, ErrCode.Args, 'malformed multipart/form-data body')));
    parser.on('close', () => {
      if (!pending) return resolve(false);
      pending.then(() => resolve(true), reject);
    });
    req.pipe(parser);
  });
  if (!saved) throw new HttpRefusal(400, ErrCode.Args, 'the form has no "file" field');
  res.status(204).end();
}

async function getFile(store: LocalObjectStore, req: Request, res: Response): Promise<void> {
  const c = claims(store, req);
  const file = store.filePath(String(c.k));
  if (!(await fs.stat(file).catch(() => null))) throw new HttpRefusal(404, ErrCode.RecordNotFound, 'no such object');
  const type = typeof c.c === 'string' && c.c ? c.c : 'application/octet-stream';
  await new Promise<void>((resolve, reject) =>
    res.sendFile(file, { headers: { 'Content-Type': type }, acceptRanges: true, dotfiles: 'allow' }, (err) =>
      err && !res.headersSent ? reject(err) : resolve(),
    ),
  );
}
