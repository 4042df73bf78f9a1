import { bigint, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    userID: text('user_id').primaryKey(),
    nickname: text('nickname').notNull().default(''),
    faceURL: text('face_url').notNull().default(''),
    ex: text('ex').notNull().default(''),
    appMangerLevel: integer('app_manger_level').notNull().default(0),
    globalRecvMsgOpt: integer('global_recv_msg_opt').notNull().default(0),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('users_create_time_idx').on(t.createTime, t.userID),
    index('users_level_idx').on(t.appMangerLevel, t.createTime),
  ],
);

/** The SDK's per-user key/value records (favourites, recent items ...): `process_user_command_*`. */
export const userCommands = pgTable(
  'user_commands',
  {
    userID: text('user_id').notNull(),
    type: integer('type').notNull(),
    uuid: text('uuid').notNull(),
    value: text('value').notNull().default(''),
    ex: text('ex').notNull().default(''),
    /** Unix seconds, as the reference returns it */
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userID, t.type, t.uuid] })],
);

export type UserRow = typeof users.$inferSelect;
export type UserCommandRow = typeof userCommands.$inferSelect;
