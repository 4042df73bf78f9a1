import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { BlackRow, blacks } from './friend.schema';

export type NewBlackRow = Omit<BlackRow, 'seq'>;

@Injectable()
export class BlackRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  /** One page of a black list (in the order users were added) and its size, in one query. */
  async page(ownerUserID: string, offset: number, limit: number): Promise<{ total: number; rows: BlackRow[] }> {
    const rows = await this.db
      .select({ row: blacks, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(blacks)
      .where(eq(blacks.ownerUserID, ownerUserID))
      .orderBy(asc(blacks.seq))
      .offset(offset)
      .limit(limit);
    let total = rows[0]?.total ?? 0;
    if (!rows.length && offset > 0) {
      const [{ n }] = await this.db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(blacks)
        .where(eq(blacks.ownerUserID, ownerUserID));
      total = n;
    }
    return { total, rows: rows.map((r) => r.row) };
  }

  async find(ownerUserID: string, blockUserIDs: readonly string[]): Promise<BlackRow[]> {
    if (!blockUserIDs.length) return [];
    return this.db
      .select()
      .from(blacks)
      .where(and(eq(blacks.ownerUserID, ownerUserID), inArray(blacks.blockUserID, [...blockUserIDs])))
      .orderBy(asc(blacks.seq));
  }

  /** Adds the entry, or replaces its `ex` when it exists; whether it was new. */
  async upsert(tx: Tx, row: NewBlackRow): Promise<boolean> {
    const [r] = await txOr(this.db, tx)
      .insert(blacks)
      .values(row)
      .onConflictDoUpdate({ target: [blacks.ownerUserID, blacks.blockUserID], set: { ex: row.ex } })
      .returning({ inserted: sql<boolean>`xmax = 0` });
    return r.inserted;
  }

  /** Removes one entry; whether it existed. */
  async delete(tx: Tx, ownerUserID: string, blockUserID: string): Promise<boolean> {
    const rows = await txOr(this.db, tx)
      .delete(blacks)
      .where(and(eq(blacks.ownerUserID, ownerUserID), eq(blacks.blockUserID, blockUserID)))
      .returning({ id: blacks.blockUserID });
    return rows.length > 0;
  }
}
