import { bigint, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Groups (spec/rest-semantics.md §9a GroupInfo). */
export const groups = pgTable(
  'groups',
  {
    groupID: text('group_id').primaryKey(),
    groupName: text('group_name').notNull().default(''),
    notification: text('notification').notNull().default(''),
    introduction: text('introduction').notNull().default(''),
    faceURL: text('face_url').notNull().default(''),
    ownerUserID: text('owner_user_id').notNull().default(''),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
    ex: text('ex').notNull().default(''),
    /** 0 normal, 2 dismissed, 3 muted */
    status: integer('status').notNull().default(0),
    creatorUserID: text('creator_user_id').notNull().default(''),
    groupType: integer('group_type').notNull().default(2),
    needVerification: integer('need_verification').notNull().default(0),
    lookMemberInfo: integer('look_member_info').notNull().default(0),
    applyMemberFriend: integer('apply_member_friend').notNull().default(0),
    notificationUpdateTime: bigint('notification_update_time', { mode: 'number' }).notNull().default(0),
    notificationUserID: text('notification_user_id').notNull().default(''),
  },
  (t) => [index('groups_create_time_idx').on(t.createTime)],
);

/** Group members (GroupMemberFullInfo). */
export const groupMembers = pgTable(
  'group_members',
  {
    groupID: text('group_id').notNull(),
    userID: text('user_id').notNull(),
    /** 100 owner, 60 admin, 20 member */
    roleLevel: integer('role_level').notNull().default(20),
    joinTime: bigint('join_time', { mode: 'number' }).notNull(),
    nickname: text('nickname').notNull().default(''),
    faceURL: text('face_url').notNull().default(''),
    joinSource: integer('join_source').notNull().default(0),
    operatorUserID: text('operator_user_id').notNull().default(''),
    inviterUserID: text('inviter_user_id').notNull().default(''),
    ex: text('ex').notNull().default(''),
    /** ms; 0 = not muted */
    muteEndTime: bigint('mute_end_time', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.groupID, t.userID] }), index('group_members_user_idx').on(t.userID)],
);

/** Applications to join a group (GroupRequest): one per (group, user); a new application replaces the old one. */
export const groupRequests = pgTable(
  'group_requests',
  {
    groupID: text('group_id').notNull(),
    userID: text('user_id').notNull(),
    /** 0 pending, 1 accepted, -1 refused */
    handleResult: integer('handle_result').notNull().default(0),
    reqMsg: text('req_msg').notNull().default(''),
    handleMsg: text('handle_msg').notNull().default(''),
    reqTime: bigint('req_time', { mode: 'number' }).notNull(),
    handleUserID: text('handle_user_id').notNull().default(''),
    handleTime: bigint('handle_time', { mode: 'number' }).notNull().default(0),
    ex: text('ex').notNull().default(''),
    joinSource: integer('join_source').notNull().default(0),
    inviterUserID: text('inviter_user_id').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.groupID, t.userID] }), index('group_requests_user_idx').on(t.userID, t.reqTime)],
);

export type GroupRow = typeof groups.$inferSelect;
export type GroupRequestRow = typeof groupRequests.$inferSelect;
export type GroupMemberRow = typeof groupMembers.$inferSelect;
