import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { OfflinePushInfo, RevokeInfo } from '../protocol/msg-data';

/**
 * Per conversation: the last allocated seq and the lowest one still stored. The row is the lock that makes seq
 * allocation gap-free: a sending transaction updates it and holds it until commit.
 */
export const seqConversations = pgTable('seq_conversations', {
  conversationID: text('conversation_id').primaryKey(),
  maxSeq: bigint('max_seq', { mode: 'number' }).notNull().default(0),
  /** lowest visible seq for everyone (raised by clear-for-all and physical deletes); 0 = from the start */
  minSeq: bigint('min_seq', { mode: 'number' }).notNull().default(0),
  /** ms: when maxSeq was last allocated */
  maxSeqTime: bigint('max_seq_time', { mode: 'number' }).notNull().default(0),
  /**
   * Whose stream this is, recorded when it is created (`StreamOwners`): conversation IDs of pairs can collide
   * (`si_a_b_c` is both (a_b, c) and (a, b_c)), so access is decided by these, never by parsing the ID.
   * 0 unknown (streams from before owners were recorded), 1 a pair of users, 2 a group.
   */
  ownerKind: smallint('owner_kind').notNull().default(0),
  /** pair: the lower user ID; group: the group ID */
  ownerA: text('owner_a').notNull().default(''),
  /** pair: the higher user ID; group: '' */
  ownerB: text('owner_b').notNull().default(''),
});

/** One row per stored message, read-diffusion: a group message is stored once in its `sg_` conversation. */
export const messages = pgTable(
  'messages',
  {
    conversationID: text('conversation_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    clientMsgID: text('client_msg_id').notNull(),
    serverMsgID: text('server_msg_id').notNull(),
    sendID: text('send_id').notNull(),
    recvID: text('recv_id').notNull().default(''),
    groupID: text('group_id').notNull().default(''),
    senderPlatformID: integer('sender_platform_id').notNull().default(0),
    senderNickname: text('sender_nickname').notNull().default(''),
    senderFaceURL: text('sender_face_url').notNull().default(''),
    sessionType: smallint('session_type').notNull(),
    msgFrom: smallint('msg_from').notNull(),
    contentType: integer('content_type').notNull(),
    /** the element JSON as the client sent it */
    content: text('content').notNull(),
    /** the human text of the message (text, @text, file name ...) for search */
    searchText: text('search_text').notNull().default(''),
    sendTime: bigint('send_time', { mode: 'number' }).notNull(),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
    status: smallint('status').notNull(),
    /** single chat: the receiver has read it */
    isRead: boolean('is_read').notNull().default(false),
    options: jsonb('options').$type<Record<string, boolean>>().notNull().default({}),
    offlinePushInfo: jsonb('offline_push_info').$type<OfflinePushInfo | null>(),
    /** NULL when nobody is mentioned (most messages): an empty array would take 13 bytes of every row */
    atUserIDList: text('at_user_id_list').array(),
    attachedInfo: text('attached_info').notNull().default(''),
    ex: text('ex').notNull().default(''),
    revoke: jsonb('revoke').$type<RevokeInfo | null>(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationID, t.seq] }),
    uniqueIndex('messages_client_msg_id_idx').on(t.conversationID, t.clientMsgID),
    index('messages_send_time_idx').on(t.sendTime),
    index('messages_sender_time_idx').on(t.sendID, t.sendTime),
    // none on (recv_id, send_time): the search's recvID filter also matches group_id, so it could never be used
    index('messages_search_text_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

/** Messages a user deleted for themselves only: pulled back to that user as status 4 with no content. */
export const messageUserDeletes = pgTable(
  'message_user_deletes',
  {
    userID: text('user_id').notNull(),
    conversationID: text('conversation_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userID, t.conversationID, t.seq] })],
);

export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;
