import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import {
  AccessURLReq,
  AccessURLResp,
  CompleteFormDataReq,
  InitiateFormDataReq,
  InitiateFormDataResp,
  UrlResp,
} from './object.dto';
import { checkUploadName, objectUrl } from './object-names';
import { OBJECT_STORE, type ObjectStore } from './object-store';
import { ObjectRepository } from './object.repository';
import { UrlSigner } from './url-signer';

/** Download URLs last 7 days (the reference's, and the longest an S3 presigned URL may live). */
const ACCESS_SECONDS = 7 * 86_400;
const FORM_SECONDS = 600;

/** Downloads (access_url, the GET redirect) and the browser form upload. */
@Injectable()
export class ObjectAccessService {
  constructor(
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly repo: ObjectRepository,
    private readonly signer: UrlSigner,
  ) {}

  /** No ownership check: whoever knows a name may read it (the reference's rule). */
  async accessUrl(req: AccessURLReq, base: string): Promise<AccessURLResp> {
    const type = req.query?.type;
    if (type !== undefined && type !== '' && type !== 'image') throw ImError.args('query.type must be "" or "image"');
    const object = await this.repo.findObject(req.name);
    if (!object) throw ImError.notFound(`object ${req.name} does not exist`);
    // thumbnails (type=image with width/height) are not generated: the original is served
    const url = await this.store.accessUrl(object.key, base, ACCESS_SECONDS, object.contentType);
    return { url, expireTime: Date.now() + ACCESS_SECONDS * 1000 };
  }

  async initiateFormData(caller: Caller, req: InitiateFormDataReq, base: string): Promise<InitiateFormDataResp> {
    if (req.size <= 0) throw ImError.args('size must be greater than 0');
    checkUploadName(caller, req.name);
    if (req.size > this.store.limits.maxPartSize) {
      throw ImError.args(`size must not exceed ${this.store.limits.maxPartSize} (use the multipart upload)`);
    }
    let seconds = FORM_SECONDS;
    let key = '';
    if (caller.isAdmin) {
      if (req.millisecond && req.millisecond > 0) seconds = Math.max(1, Math.ceil(req.millisecond / 1000));
      if (req.absolute) key = req.name;
    }
    if (!key) {
      const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
      key = `openim/direct/${day}/${caller.userID}/${randomBytes(16).toString('hex')}${path.extname(req.name)}`;
    }
    seconds = Math.min(seconds, ACCESS_SECONDS);
    const contentType = req.contentType ?? '';
    const form = await this.store.formData(key, base, req.size, contentType, seconds);
    // the id is signed: a forged one could otherwise name any stored key (another user's file)
    const id = this.signer.seal(
      { name: req.name, size: req.size, contentType, group: req.group ?? '', key },
      seconds + 86_400,
    );
    return { id, ...form, expires: Date.now() + seconds * 1000 };
  }

  async completeFormData(caller: Caller, req: CompleteFormDataReq, base: string): Promise<UrlResp> {
    const mate = this.signer.unseal(req.id);
    if (!mate || typeof mate.name !== 'string' || typeof mate.key !== 'string') {
      throw ImError.args('id is not one initiate_form_data gave, or has expired');
    }
    checkUploadName(caller, mate.name);
    const stored = await this.store.stat(mate.key);
    if (!stored) throw ImError.notFound('the file has not been uploaded');
    if (stored.size !== Number(mate.size)) {
      throw new ImError(ErrCode.Data, `file size mismatch: ${stored.size} uploaded, ${String(mate.size)} announced`);
    }
    await this.repo.setObject({
      name: mate.name,
      userID: caller.userID,
      hash: `etag_${stored.etag}`,
      key: mate.key,
      size: stored.size,
      contentType: typeof mate.contentType === 'string' ? mate.contentType : '',
      group: typeof mate.group === 'string' ? mate.group : '',
      createTime: Date.now(),
    });
    return { url: objectUrl(base, mate.name) };
  }

  /** Where `GET /object/<name>` redirects; null for an unknown name. */
  async redirectTarget(name: string, base: string): Promise<string | null> {
    const object = await this.repo.findObject(name);
    if (!object) return null;
    return this.store.accessUrl(object.key, base, ACCESS_SECONDS, object.contentType);
  }
}
