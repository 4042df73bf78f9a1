import { Injectable } from '@nestjs/common';
import { and, count, desc, gte, inArray, lte, SQL, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle } from '../infra/database/database.service';
import { ClientLogRow, clientLogs } from './object.schema';

@Injectable()
export class LogRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  /** Inserts the rows whose logID is free; returns the logIDs that were taken (to retry with new ones). */
  async insertNew(rows: ClientLogRow[]): Promise<string[]> {
    if (!rows.length) return [];
    const done = await this.db
      .insert(clientLogs)
      .values(rows)
      .onConflictDoNothing({ target: clientLogs.logID })
      .returning({ logID: clientLogs.logID });
    const inserted = new Set(done.map((r) => r.logID));
    return rows.filter((r) => !inserted.has(r.logID)).map((r) => r.logID);
  }

  async owners(logIDs: string[]): Promise<Map<string, string>> {
    const rows = await this.db
      .select({ logID: clientLogs.logID, userID: clientLogs.userID })
      .from(clientLogs)
      .where(inArray(clientLogs.logID, logIDs));
    return new Map(rows.map((r) => [r.logID, r.userID]));
  }

  async delete(logIDs: string[]): Promise<void> {
    await this.db.delete(clientLogs).where(inArray(clientLogs.logID, logIDs));
  }

  /** Newest first; `keyword` matches part of the userID (a plain substring, not a pattern). */
  async search(q: { keyword: string; start: number; end: number; offset: number; limit: number }) {
    const where: SQL[] = [gte(clientLogs.createTime, q.start), lte(clientLogs.createTime, q.end)];
    if (q.keyword) where.push(sql`strpos(${clientLogs.userID}, ${q.keyword}) > 0`);
    const filter = and(...where);
    const [{ total }] = await this.db.select({ total: count() }).from(clientLogs).where(filter);
    const rows = await this.db
      .select()
      .from(clientLogs)
      .where(filter)
      .orderBy(desc(clientLogs.createTime), desc(clientLogs.logID))
      .offset(q.offset)
      .limit(q.limit);
    return { total, rows };
  }
}
