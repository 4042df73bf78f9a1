import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { sql, type ExtractTablesWithRelations } from 'drizzle-orm';
import type * as schema from './schema';

export type Schema = typeof schema;
/** A drizzle handle on either driver: the database itself or an open transaction (same query builder). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The application's database. Repositories take `db` from here (or a transaction handed to them); nothing
 * else in the application sees which driver is underneath.
 */
export class DatabaseService {
  constructor(
    readonly db: Db,
    readonly kind: DatabaseKind,
    private readonly closeFn: () => Promise<void>,
  ) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Resolves when the database answers (rejects within the connection/statement bound when it does not). */
  async ping(): Promise<void> {
    await this.db.execute(sql`SELECT 1`);
  }

  async close(): Promise<void> {
    await this.closeFn();
  }
}
