import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * A drizzle handle on either driver (the database itself or an open transaction: same query builder). Only
 * repositories hold one (ARCHITECTURE.md); the schema is not part of the type, so this layer imports no module.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

declare const txBrand: unique symbol;
/**
 * An open transaction as services see it: opaque, only passed on to repository methods, which run their
 * statements in it.
 */
export interface Tx {
  readonly [txBrand]: 'tx';
}

export type DatabaseKind = 'pglite' | 'postgres';

/** What services need of the database: a unit of work. */
export interface TransactionRunner {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

const handles = new WeakMap<DatabaseService, Db>();

/**
 * The application's database. Services open transactions here; repositories reach the query handle through
 * `dbHandle` (lint allows that import in repositories and tests only).
 */
export class DatabaseService implements TransactionRunner {
  constructor(
    db: Db,
    readonly kind: DatabaseKind,
    private readonly closeFn: () => Promise<void>,
  ) {
    handles.set(this, db);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return dbHandle(this).transaction((t) => fn(t as unknown as Tx));
  }

  /** One round trip to the database: resolves when it answers. */
  async ping(): Promise<void> {
    await dbHandle(this).execute(sql`SELECT 1`);
  }

  async close(): Promise<void> {
    await this.closeFn();
  }
}

/** The query handle of a database service: for repositories (and tests) only. */
export function dbHandle(database: DatabaseService): Db {
  const db = handles.get(database);
  if (!db) throw new Error('database handle missing');
  return db;
}

/** The handle a repository method runs on: the caller's transaction, or the database itself. */
export function txOr(db: Db, tx: Tx | undefined): Db {
  return tx ? (tx as unknown as Db) : db;
}
