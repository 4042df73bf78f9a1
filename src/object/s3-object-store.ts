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

  async completeMultipart(key: string, backendID: string, md5s: string[]): Promise<void> {
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
