/** `{key, values}` pairs, as the reference answers query parameters and headers. */
export interface KeyValues {
  key: string;
  values: string[];
}

export interface PartLimit {
  minPartSize: number;
  maxPartSize: number;
  maxNumSize: number;
}

/** Where a client PUTs one part: `url` (query already included) with these headers. */
export interface SignedPart {
  partNumber: number;
  url: string;
  query: KeyValues[];
  header: KeyValues[];
}

export interface FormDataSign {
  url: string;
  /** the form field that carries the file */
  file: string;
  header: KeyValues[];
  formData: Record<string, string>;
  successCodes: number[];
}

export interface StoredObject {
  size: number;
  etag: string;
}

/**
 * The place the bytes live. `base` is this server's external address as the caller sees it (the local store
 * hands out URLs on this server).
 */
export interface ObjectStore {
  readonly limits: PartLimit;
  /** starts a multipart upload at `key`; returns the store's id of it */
  createMultipart(key: string, contentType: string): Promise<string>;
  /** URLs for the parts; each part's exact size is part of what is signed where the store can enforce it */
  signParts(
    key: string,
    backendID: string,
    parts: { partNumber: number; size: number }[],
    base: string,
    expiresSeconds: number,
  ): Promise<SignedPart[]>;
  /** joins the parts (each `partSize` bytes but the last) in order; a part missing or not of md5 `md5s[i]` → 1001 */
  completeMultipart(key: string, backendID: string, md5s: string[], partSize: number): Promise<void>;
  abortMultipart(key: string, backendID: string): Promise<void>;
  stat(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** a URL that downloads the object (Range allowed), valid for `expiresSeconds` */
  accessUrl(key: string, base: string, expiresSeconds: number, contentType: string): Promise<string>;
  /** a browser form upload of exactly `size` bytes to `key` */
  formData(key: string, base: string, size: number, contentType: string, expiresSeconds: number): Promise<FormDataSign>;
}

export const OBJECT_STORE = Symbol('OBJECT_STORE');

/** The S3 rules (the reference's MinIO limits), used by both stores so clients split files the same way. */
export const S3_LIMITS: PartLimit = {
  minPartSize: 5 * 1024 * 1024,
  maxPartSize: 5 * 1024 * 1024 * 1024,
  maxNumSize: 10_000,
};

export function kv(record: Record<string, string>): KeyValues[] {
  return Object.entries(record).map(([key, value]) => ({ key, values: [value] }));
}
