import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from './database.service';

/** Escapes LIKE wildcards so user text matches literally inside `%...%`. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Escapes LIKE wildcards so a prefix matches literally in `prefix%`. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether a driver error (node-postgres or PGlite, possibly wrapped by drizzle) is a unique-key violation. */
export function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 3 && e; i++) {
    if ((e as { code?: string }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Runs raw SQL and returns its rows. Both drivers answer `{ rows }`; the shared drizzle type cannot say so,
 * hence the one cast here.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/**
 * `column = ANY($1)`: the list as one text[] parameter. For lists that can be long (a user's 1,000 conversations),
 * where `inArray` makes one parameter per value and the query builder's per-value work shows in profiles.
 */
export function anyText(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} = ANY(${sql.param([...values])}::text[])`;
}
