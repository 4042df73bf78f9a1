import { bigint, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** A name a user gave an uploaded file; several names may share one stored object (same hash, same key). */
export const objects = pgTable(
  'objects',
  {
    name: text('name').primaryKey(),
    userID: text('user_id').notNull(),
    /** md5 of the part md5s (multipart) or `etag_<ETag>` (form upload) */
    hash: text('hash').notNull(),
    /** where the bytes are in the store */
    key: text('key').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    contentType: text('content_type').notNull().default(''),
    /** the request's `cause` / `group` */
    group: text('group_name').notNull().default(''),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
  },
  (t) => [index('objects_hash_idx').on(t.hash)],
);

/** A multipart upload in progress: survives a restart, swept once `expireTime` has passed. */
export const objectUploads = pgTable(
  'object_uploads',
  {
    uploadID: text('upload_id').primaryKey(),
    userID: text('user_id').notNull(),
    hash: text('hash').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    partSize: bigint('part_size', { mode: 'number' }).notNull(),
    partCount: integer('part_count').notNull(),
    key: text('key').notNull(),
    /** the store's own id of the upload (S3's UploadId, the local parts directory) */
    backendID: text('backend_id').notNull(),
    /** ms */
    expireTime: bigint('expire_time', { mode: 'number' }).notNull(),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
  },
  (t) => [index('object_uploads_expire_idx').on(t.expireTime)],
);

/** Client log files a user uploaded (`/third/logs/*`): one row per file. */
export const clientLogs = pgTable(
  'client_logs',
  {
    logID: text('log_id').primaryKey(),
    userID: text('user_id').notNull(),
    /** the platform's name ("Android", "iOS", ...) */
    platform: text('platform').notNull(),
    url: text('url').notNull(),
    fileName: text('file_name').notNull().default(''),
    appFramework: text('app_framework').notNull().default(''),
    version: text('version').notNull().default(''),
    ex: text('ex').notNull().default(''),
    systemType: text('system_type').notNull().default(''),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
  },
  (t) => [index('client_logs_time_idx').on(t.createTime, t.logID), index('client_logs_user_idx').on(t.userID)],
);

export type ObjectRow = typeof objects.$inferSelect;
export type ObjectUploadRow = typeof objectUploads.$inferSelect;
export type ClientLogRow = typeof clientLogs.$inferSelect;
