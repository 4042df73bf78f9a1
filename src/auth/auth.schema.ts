import { bigint, index, integer, pgTable, smallint, text } from 'drizzle-orm/pg-core';

/**
 * Every issued token, so that tokens survive a restart and kicked ones stay refused. The token itself is not
 * stored, only its SHA-256: a leaked table grants nothing.
 */
export const tokens = pgTable(
  'tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userID: text('user_id').notNull(),
    platformID: integer('platform_id').notNull(),
    /** see TokenState */
    state: smallint('state').notNull(),
    /** ms; past it the row is refused and later deleted */
    expireAt: bigint('expire_at', { mode: 'number' }).notNull(),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
  },
  (t) => [index('tokens_user_platform_idx').on(t.userID, t.platformID), index('tokens_expire_idx').on(t.expireAt)],
);

export type TokenRow = typeof tokens.$inferSelect;
