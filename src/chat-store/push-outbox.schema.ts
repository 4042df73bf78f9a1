import { bigint, bigserial, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Stored messages that may need an offline push, written by the message writer in the transaction that stores them,
 * so a crash after the commit cannot lose the push. The push module turns each row into per-device deliveries (or
 * none) and deletes it in one transaction.
 */
export const pushOutbox = pgTable(
  'push_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationID: text('conversation_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** ms: not before this; a node that claims the row moves it forward (its lease) */
    dueAt: bigint('due_at', { mode: 'number' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [index('push_outbox_due_idx').on(t.dueAt)],
);

export type PushOutboxRow = typeof pushOutbox.$inferSelect;
