import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseService } from '../infra/database/database.service';
import {
  AuthSignReq,
  AuthSignResp,
  CompleteMultipartUploadReq,
  InitiateMultipartUploadReq,
  InitiateMultipartUploadResp,
  PartLimitResp,
  UrlResp,
} from './object.dto';
import { ObjectUploadRow } from './object.schema';
import { checkUploadName, HASH_PATTERN, objectUrl } from './object-names';
import { OBJECT_STORE, type ObjectStore } from './object-store';
import { ObjectRepository } from './object.repository';

/** Part URLs stay valid for a day (the reference's), never past the upload's own expiry. */
const SIGN_SECONDS = 86_400;

/** The multipart upload flow (spec/rest-semantics.md §9d). */
@Injectable()
export class ObjectService {
  constructor(
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ObjectRepository,
    private readonly database: DatabaseService,
  ) {}

  partLimit(): PartLimitResp {
    return { ...this.store.limits };
  }

  /** The part size for a file of `size` bytes: the minimum while that needs no more than the most parts. */
  partSize(size: number): number {
    const { minPartSize, maxPartSize, maxNumSize } = this.store.limits;
    if (size <= 0) throw ImError.args('size must be greater than 0');
    if (size > maxPartSize * maxNumSize) throw ImError.args(`size must not exceed ${maxPartSize * maxNumSize}`);
    if (size <= minPartSize * maxNumSize) return minPartSize;
    return Math.ceil(size / maxNumSize);
  }

  async initiate(caller: Caller, req: InitiateMultipartUploadReq, base: string): Promise<InitiateMultipartUploadResp> {
    checkUploadName(caller, req.name);
    const hash = req.hash.toLowerCase();
    if (!HASH_PATTERN.test(hash)) throw ImError.args('hash must be 32 hex digits (md5)');
    const partSize = this.partSize(req.size);
    const maxParts = req.maxParts ?? -1;
    if (maxParts < -1) throw ImError.args('maxParts must be -1, 0 or positive');
    const now = Date.now();
    const existing = await this.repo.findByHash(hash);
    if (existing) {
      // instant upload: the bytes are stored already, only the name is new
      await this.repo.setObject({ ...this.record(caller, req, existing.key, existing.size, hash), createTime: now });
      return { url: objectUrl(base, req.name), upload: null };
    }
    const key = `openim/data/hash/${hash}`;
    const partCount = Math.ceil(req.size / partSize);
    const row: ObjectUploadRow = {
      uploadID: randomBytes(16).toString('hex'),
      userID: caller.userID,
      hash,
      size: req.size,
      partSize,
      partCount,
      key,
      backendID: await this.store.createMultipart(key, req.contentType ?? ''),
      expireTime: now + this.config.objects.uploadExpireSeconds * 1000,
      createTime: now,
    };
    await this.repo.insertUpload(row);
    // the reference refuses maxParts above the part count (quirk 15): sign what exists instead
    const signed = maxParts === -1 ? partCount : Math.min(maxParts, partCount);
    const numbers = Array.from({ length: signed }, (_, i) => i + 1);
    const sign = signed > 0 ? await this.sign(row, numbers, base) : null;
    return {
      url: '',
      upload: { uploadID: row.uploadID, partSize, sign, expireTime: row.expireTime },
    };
  }

  async authSign(caller: Caller, req: AuthSignReq, base: string): Promise<AuthSignResp> {
    const upload = await this.upload(caller, req.uploadID);
    const bad = req.partNumbers.find((n) => n < 1 || n > upload.partCount);
    if (bad !== undefined) throw ImError.args(`partNumbers: ${bad} is not between 1 and ${upload.partCount}`);
    return this.sign(upload, req.partNumbers, base);
  }

  async complete(caller: Caller, req: CompleteMultipartUploadReq, base: string): Promise<UrlResp> {
    checkUploadName(caller, req.name);
    const upload = await this.upload(caller, req.uploadID);
    if (req.parts.length !== upload.partCount) {
      throw ImError.args(`parts: the upload has ${upload.partCount} parts, got ${req.parts.length}`);
    }
    const md5s = req.parts.map((p) => p.replace(/"/g, '').toLowerCase());
    const bad = md5s.findIndex((p) => !HASH_PATTERN.test(p));
    if (bad >= 0) throw ImError.args(`parts: element ${bad} is not an md5 hex`);
    const joined = createHash('md5').update(md5s.join(',')).digest('hex');
    if (joined !== upload.hash) {
      throw ImError.args(`parts: their md5 ${joined} is not the upload's hash ${upload.hash}`);
    }
    await this.store.completeMultipart(upload.key, upload.backendID, md5s, upload.partSize);
    const stored = await this.store.stat(upload.key);
    if (!stored || stored.size !== upload.size) {
      await this.store.delete(upload.key);
      throw ImError.args(`the parts add up to ${stored?.size ?? 0} bytes, the upload declared ${upload.size}`);
    }
    await this.database.transaction(async (tx) => {
      await this.repo.deleteUpload(upload.uploadID, tx);
      const row = this.record(caller, req, upload.key, upload.size, upload.hash);
      await this.repo.setObject({ ...row, createTime: Date.now() }, tx);
    });
    return { url: objectUrl(base, req.name) };
  }

  /** Cleans the uploads that expired unfinished: their records and their parts. Returns how many. */
  async sweepExpired(now = Date.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.repo.takeExpiredUploads(now, 100);
      for (const u of batch) await this.store.abortMultipart(u.key, u.backendID);
      total += batch.length;
      if (batch.length < 100) return total;
    }
  }

  private record(
    caller: Caller,
    req: { name: string; contentType?: string; cause?: string },
    key: string,
    size: number,
    hash: string,
  ) {
    return {
      name: req.name,
      userID: caller.userID,
      hash,
      key,
      size,
      contentType: req.contentType ?? '',
      group: req.cause ?? '',
    };
  }

  private async upload(caller: Caller, uploadID: string): Promise<ObjectUploadRow> {
    const upload = await this.repo.findUpload(uploadID);
    if (!upload || upload.expireTime <= Date.now()) {
      throw ImError.notFound(`upload ${uploadID} does not exist or has expired`);
    }
    if (!caller.isAdmin && upload.userID !== caller.userID) {
      throw ImError.noPermission(`upload ${uploadID} belongs to another user`);
    }
    return upload;
  }

  private async sign(upload: ObjectUploadRow, numbers: number[], base: string): Promise<AuthSignResp> {
    const seconds = Math.max(1, Math.min(SIGN_SECONDS, Math.floor((upload.expireTime - Date.now()) / 1000)));
    const parts = numbers.map((partNumber) => ({
      partNumber,
      size: partNumber < upload.partCount ? upload.partSize : upload.size - (upload.partCount - 1) * upload.partSize,
    }));
    const signed = await this.store.signParts(upload.key, upload.backendID, parts, base, seconds);
    return { url: '', query: [], header: [], parts: signed };
  }
}
