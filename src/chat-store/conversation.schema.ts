import { bigint, boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** A user's view of a conversation (one row per owner and conversation): settings, read position, visible range. */
export const conversations = pgTable(
  'conversations',
  {
    ownerUserID: text('owner_user_id').notNull(),
    conversationID: text('conversation_id').notNull(),
    conversationType: integer('conversation_type').notNull(),
    userID: text('user_id').notNull().default(''),
    groupID: text('group_id').notNull().default(''),
    recvMsgOpt: integer('recv_msg_opt').notNull().default(0),
    isPinned: boolean('is_pinned').notNull().default(false),
    attachedInfo: text('attached_info').notNull().default(''),
    isPrivateChat: boolean('is_private_chat').notNull().default(false),
    groupAtType: integer('group_at_type').notNull().default(0),
    ex: text('ex').notNull().default(''),
    burnDuration: integer('burn_duration').notNull().default(0),
    /** lowest seq this owner may see (raised by clear); 0 = from the start */
    minSeq: bigint('min_seq', { mode: 'number' }).notNull().default(0),
    /** highest seq this owner may see when `capped` (set when leaving a group) */
    maxSeq: bigint('max_seq', { mode: 'number' }).notNull().default(0),
    /**
     * The owner left the group: `maxSeq` caps the chat and `notificationMaxSeq` the group's `n_` stream, even at 0
     * (a group left before its first message shows nothing later).
     */
    capped: boolean('capped').notNull().default(false),
    notificationMaxSeq: bigint('notification_max_seq', { mode: 'number' }).notNull().default(0),
    msgDestructTime: bigint('msg_destruct_time', { mode: 'number' }).notNull().default(604800),
    latestMsgDestructTime: bigint('latest_msg_destruct_time', { mode: 'number' }).notNull().default(0),
    isMsgDestruct: boolean('is_msg_destruct').notNull().default(false),
    /** the owner's read position: unread = maxSeq - hasReadSeq */
    hasReadSeq: bigint('has_read_seq', { mode: 'number' }).notNull().default(0),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
    /**
     * Deleted by its owner: invisible to every conversation route, settings reset, but the seq state (read
     * position, cleared range, cap) is kept for when a new message brings the conversation back.
     */
    hidden: boolean('hidden').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.ownerUserID, t.conversationID] }),
    index('conversations_conversation_idx').on(t.conversationID),
  ],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type NewConversationRow = typeof conversations.$inferInsert;
