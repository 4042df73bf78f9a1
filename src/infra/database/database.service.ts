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

/** How recent an answer of the embedded database must be for `alive` to trust it without a round trip of its own. */
const RECENT_ANSWER_MS = 1000;

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

  /** When the embedded database last answered a statement (its driver stamps it); 0 for PostgreSQL. */
  private lastAnswerAt = 0;

  /** One round trip to the database: resolves when it answers. */
  async ping(): Promise<void> {
    await dbHandle(this).execute(sql`SELECT 1`);
  }

  /** Called by the embedded driver each time a statement or transaction completes. */
  noteAnswer(): void {
    this.lastAnswerAt = Date.now();
    const waiting = this.answerWaiters;
    this.answerWaiters = [];
    for (const resolve of waiting) resolve();
  }

  private answerWaiters: (() => void)[] = [];

  /**
   * Resolves when the database is known to answer: for the health check. PGlite runs one statement at a time, so
   * under a burst of heavy reads a `SELECT 1` would wait behind all of them and /healthz would look down while the
   * database is busy answering. A statement answered within the last second proves it alive just as well, and so
   * does the next one that completes, whichever comes first: the statement running now or the ping itself.
   * PostgreSQL has a pool and a server that may go away on its own: always a real round trip.
   */
  async alive(): Promise<void> {
    if (this.kind === 'postgres') return this.ping();
    if (Date.now() - this.lastAnswerAt < RECENT_ANSWER_MS) return;
    let waiter = (): void => undefined;
    const nextAnswer = new Promise<void>((resolve) => this.answerWaiters.push((waiter = resolve)));
    try {
      await Promise.race([nextAnswer, this.ping()]);
    } finally {
      this.answerWaiters = this.answerWaiters.filter((w) => w !== waiter);
    }
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
