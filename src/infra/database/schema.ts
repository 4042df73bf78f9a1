/** Every table of the application, for drizzle's typing and for drizzle-kit (`npm run db:generate`). */
export * from '../../auth/auth.schema';
export * from '../../user/user.schema';
