import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ImError } from '../common/errors/im-error';
import type { S3Config } from '../config/app-config';
import { FormDataSign, ObjectStore, S3_LIMITS, SignedPart, StoredObject } from './object-store';

/** An S3-compatible bucket (AWS, MinIO, R2 ...): clients upload and download with presigned URLs. */
export class S3ObjectStore implements ObjectStore {
  readonly limits = S3_LIMITS;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKey, secretAccessKey: config.secretKey },
      // presigned URLs cannot carry the SDK's default CRC32 checksums (the client computes nothing)
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  close(): void {
    this.client.destroy();
  }

  async createMultipart(key: string, contentType: string): Promise<string> {
    const out = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType || undefined }),
    );
    if (!out.UploadId) throw new Error('S3 answered CreateMultipartUpload without an UploadId');
    return out.UploadId;
  }

  signParts(
    key: string,
    backendID: string,
    parts: { partNumber: number; size: number }[],
    _base: string,
    expiresSeconds: number,
  ): Promise<SignedPart[]> {
    return Promise.all(
      parts.map(async ({ partNumber, size }) => {
        const command = new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: backendID,
          PartNumber: partNumber,
          ContentLength: size,
        });
        const url = await getSignedUrl(this.client, command, {
          expiresIn: expiresSeconds,
          signableHeaders: new Set(['content-length']),
        });
        return { partNumber, url, query: [], header: [] };
      }),
    );
  }

  async completeMultipart(key: string, backendID: string, md5s: string[], partSize: number): Promise<void> {
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: backendID,
          MultipartUpload: { Parts: md5s.map((m, i) => ({ PartNumber: i + 1, ETag: `"${m.toLowerCase()}"` })) },
        }),
      );
    } catch (err) {
      // the parts do not match what was uploaded (or are missing, or too small)
      if (err instanceof S3ServiceException && (err.$metadata.httpStatusCode ?? 500) < 500) {
        throw ImError.args(`the parts do not match the upload: ${err.name}`);
      }
      throw err;
    }
    const bad = await this.misfitPart(key, md5s, partSize);
    if (bad) {
      await this.delete(key);
      throw ImError.args(`part ${bad}: its md5 does not match what was uploaded`);
    }
  }

  /**
   * S3 itself refuses parts whose ETag differs, and then the object's ETag is md5(part md5s)-N. A server that
   * answers otherwise (some S3-compatible ones check nothing) gets its object read back and hashed part by part.
   * Returns the first part number that does not match, or 0.
   */
  private async misfitPart(key: string, md5s: string[], partSize: number): Promise<number> {
    const head = await this.stat(key);
    const joined = createHash('md5')
      .update(Buffer.concat(md5s.map((m) => Buffer.from(m, 'hex'))))
      .digest('hex');
    if (head?.etag === `${joined}-${md5s.length}`) return 0;
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = out.Body as AsyncIterable<Uint8Array> | undefined;
    if (!body) return 1;
    let part = 0;
    let filled = 0;
    let hash = createHash('md5');
    for await (const chunk of body) {
      for (let at = 0; at < chunk.length;) {
        const take = Math.min(partSize - filled, chunk.length - at);
        hash.update(chunk.subarray(at, at + take));
        filled += take;
        at += take;
        if (filled === partSize) {
          if (hash.digest('hex') !== md5s[part]) return part + 1;
          part += 1;
          filled = 0;
          hash = createHash('md5');
        }
      }
    }
    if (filled > 0 && hash.digest('hex') !== md5s[part++]) return part;
    return part === md5s.length ? 0 : part + 1;
  }

  async abortMultipart(key: string, backendID: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: backendID }));
    } catch (err) {
      // already gone (completed or aborted by a lifecycle rule): nothing left to clean
      if (!(err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) throw err;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, etag: (out.ETag ?? '').replace(/"/g, '') };
    } catch (err) {
      if (err instanceof NotFound || err instanceof NoSuchKey) return null;
      if (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  accessUrl(key: string, _base: string, expiresSeconds: number, contentType: string): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: contentType || undefined,
    });
    return getSignedUrl(this.client, command, { expiresIn: expiresSeconds });
  }

  async formData(
    key: string,
    _base: string,
    size: number,
    contentType: string,
    expiresSeconds: number,
  ): Promise<FormDataSign> {
    const fields: Record<string, string> = contentType ? { 'Content-Type': contentType } : {};
    const post = await createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: key,
      Fields: fields,
      Conditions: [['content-length-range', size, size]],
      Expires: expiresSeconds,
    });
    return { url: post.url, file: 'file', header: [], formData: post.fields, successCodes: [200, 204] };
  }
}
