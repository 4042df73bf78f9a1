import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { PushNotification } from './providers/push-provider';

/** A device's push token (`/third/fcm_update_token`): one per user and platform, as the reference keeps it. */
export const pushTokens = pgTable(
  'push_tokens',
  {
    userID: text('user_id').notNull(),
    platformID: integer('platform_id').notNull(),
    token: text('token').notNull(),
    /** ms; 0 = never */
    expireAt: bigint('expire_at', { mode: 'number' }).notNull().default(0),
    updateTime: bigint('update_time', { mode: 'number' }).notNull(),
    /**
     * hash of the login token the device registered with: when that session is kicked or logged out, the device
     * gets no more pushes (a newer session of the same platform keeps the token it registers)
     */
    sessionHash: text('session_hash').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.userID, t.platformID] })],
);

/** The app icon badge of a user: what the app last reported (`/third/set_app_badge`) plus one per offline push. */
export const appBadges = pgTable('app_badges', {
  userID: text('user_id').primaryKey(),
  count: integer('count').notNull().default(0),
});

/** One notification for one device, waiting for the provider (retried with backoff until it answers). */
export const pushDeliveries = pgTable(
  'push_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    notification: jsonb('notification').$type<PushNotification>().notNull(),
    /** ms: not before this (retry backoff, or the lease of the node sending it) */
    dueAt: bigint('due_at', { mode: 'number' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
  },
  (t) => [index('push_deliveries_due_idx').on(t.dueAt)],
);

export type PushTokenRow = typeof pushTokens.$inferSelect;
export type PushDeliveryRow = typeof pushDeliveries.$inferSelect;
