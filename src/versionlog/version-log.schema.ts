import { bigint, index, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';

/**
 * Version logs for incremental sync (spec/protocol.md §8): per key (e.g. a user's conversations) a version that
 * grows by one per change batch, and for each element the state and version of its latest change.
 */
export const versionLogs = pgTable('version_logs', {
  logKey: text('log_key').primaryKey(),
  /** 24 hex chars; a new id means "start over" to clients */
  logID: text('log_id').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  /** entries at or below this version were discarded */
  deletedVersion: bigint('deleted_version', { mode: 'number' }).notNull().default(0),
});

export const versionLogEntries = pgTable(
  'version_log_entries',
  {
    logKey: text('log_key').notNull(),
    elementID: text('element_id').notNull(),
    /** 1 insert, 2 delete, 3 update */
    state: smallint('state').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.logKey, t.elementID] }),
    index('version_log_entries_version_idx').on(t.logKey, t.version),
  ],
);
