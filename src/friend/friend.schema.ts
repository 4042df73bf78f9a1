import { bigint, bigserial, boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** One directed friendship: `friendUserID` is in `ownerUserID`'s list (mutual friends have both rows). */
export const friends = pgTable(
  'friends',
  {
    ownerUserID: text('owner_user_id').notNull(),
    friendUserID: text('friend_user_id').notNull(),
    /** insertion order: the friend list is pinned first, then in the order friends were added */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    remark: text('remark').notNull().default(''),
    /** ms */
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
    /** 1 imported by an admin, 2 through an application */
    addSource: integer('add_source').notNull(),
    operatorUserID: text('operator_user_id').notNull().default(''),
    ex: text('ex').notNull().default(''),
    isPinned: boolean('is_pinned').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.ownerUserID, t.friendUserID] }),
    index('friends_list_idx').on(t.ownerUserID, t.isPinned, t.seq),
    // whose lists a user is in: profile fan-out
    index('friends_friend_idx').on(t.friendUserID),
  ],
);

/** One application per (from, to); applying again resets it. */
export const friendRequests = pgTable(
  'friend_requests',
  {
    fromUserID: text('from_user_id').notNull(),
    toUserID: text('to_user_id').notNull(),
    /** 0 pending, 1 agreed, -1 refused */
    handleResult: integer('handle_result').notNull().default(0),
    reqMsg: text('req_msg').notNull().default(''),
    /** ms */
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
    handlerUserID: text('handler_user_id').notNull().default(''),
    handleMsg: text('handle_msg').notNull().default(''),
    /** ms; 0 while pending */
    handleTime: bigint('handle_time', { mode: 'number' }).notNull().default(0),
    ex: text('ex').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.fromUserID, t.toUserID] }),
    index('friend_requests_to_idx').on(t.toUserID, t.createTime),
    index('friend_requests_from_idx').on(t.fromUserID, t.createTime),
  ],
);

/** `blockUserID` is on `ownerUserID`'s black list: their single-chat messages to the owner are refused. */
export const blacks = pgTable(
  'blacks',
  {
    ownerUserID: text('owner_user_id').notNull(),
    blockUserID: text('block_user_id').notNull(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    /** ms */
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
    addSource: integer('add_source').notNull().default(0),
    operatorUserID: text('operator_user_id').notNull().default(''),
    ex: text('ex').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.ownerUserID, t.blockUserID] }), index('blacks_list_idx').on(t.ownerUserID, t.seq)],
);

export type FriendRow = typeof friends.$inferSelect;
export type FriendRequestRow = typeof friendRequests.$inferSelect;
export type BlackRow = typeof blacks.$inferSelect;
