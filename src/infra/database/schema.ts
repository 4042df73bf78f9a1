/** Every table of the application, for drizzle's typing and for drizzle-kit (`npm run db:generate`). */
export * from '../../auth/auth.schema';
export * from '../../conversation/conversation.schema';
export * from '../../group/group.schema';
export * from '../../msg/msg.schema';
export * from '../../user/user.schema';
export * from '../../versionlog/version-log.schema';
