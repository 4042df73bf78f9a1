import { Injectable } from '@nestjs/common';
import { and, asc, count, eq, gte, ilike, inArray, lt, or, sql, SQL } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle } from '../infra/database/database.service';
import { anyText, likeContains } from '../infra/database/sql-util';
import { UserRow, users } from './user.schema';

export type UserPatch = Partial<Pick<UserRow, 'nickname' | 'faceURL' | 'ex' | 'appMangerLevel' | 'globalRecvMsgOpt'>>;

export interface UserFilter {
  /** only these appMangerLevel values */
  levels?: number[];
  minLevel?: number;
  userIDLike?: string;
  nicknameLike?: string;
  exactUserID?: string;
  exactNickname?: string;
}

@Injectable()
export class UserRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  async findByIds(ids: readonly string[]): Promise<UserRow[]> {
    if (!ids.length) return [];
    return (
      this.db
        .select()
        .from(users)
        // one array parameter: a group of 10,000 members looks its users up at once
        .where(sql`${users.userID} = ANY(${sql.param([...ids])}::text[])`)
    );
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const rows = await this.db.select().from(users).where(eq(users.userID, id)).limit(1);
    return rows[0];
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db.select({ id: users.userID }).from(users).where(anyText(users.userID, ids));
    return new Set(rows.map((r) => r.id));
  }

  /** Inserts all rows or none; a duplicate key surfaces as the driver's unique-violation error. */
  async insertMany(rows: UserRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx.insert(users).values(rows.slice(i, i + 500));
    });
  }

  /** Creates the rows that do not exist yet, leaving existing ones untouched. */
  async insertMissing(rows: UserRow[]): Promise<void> {
    if (rows.length) await this.db.insert(users).values(rows).onConflictDoNothing();
  }

  async update(id: string, patch: UserPatch): Promise<UserRow | undefined> {
    if (!Object.keys(patch).length) return this.findById(id);
    const rows = await this.db.update(users).set(patch).where(eq(users.userID, id)).returning();
    return rows[0];
  }

  async pageIds(offset: number, limit: number): Promise<{ total: number; ids: string[] }> {
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select({ id: users.userID })
        .from(users)
        .orderBy(asc(users.createTime), asc(users.userID))
        .offset(offset)
        .limit(limit),
      this.db.select({ n: count() }).from(users),
    ]);
    return { total: n, ids: rows.map((r) => r.id) };
  }

  async page(filter: UserFilter, offset: number, limit: number): Promise<{ total: number; rows: UserRow[] }> {
    const where = this.where(filter);
    const [rows, [{ n }]] = await Promise.all([
      this.db
        .select()
        .from(users)
        .where(where)
        .orderBy(asc(users.createTime), asc(users.userID))
        .offset(offset)
        .limit(limit),
      this.db.select({ n: count() }).from(users).where(where),
    ]);
    return { total: n, rows };
  }

  /** Users created in [start, end) per UTC day, plus the totals the statistics route reports. */
  async registrationsPerDay(
    start: number,
    end: number,
  ): Promise<{ total: number; before: number; perDay: Map<string, number> }> {
    const day = sql<string>`to_char(to_timestamp(${users.createTime} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
    const [[{ total }], [{ before }], days] = await Promise.all([
      this.db.select({ total: count() }).from(users),
      this.db.select({ before: count() }).from(users).where(lt(users.createTime, start)),
      this.db
        .select({ day, n: count() })
        .from(users)
        .where(and(gte(users.createTime, start), lt(users.createTime, end)))
        .groupBy(day),
    ]);
    return { total, before, perDay: new Map(days.map((d) => [d.day, d.n])) };
  }

  private where(f: UserFilter): SQL | undefined {
    const conds: (SQL | undefined)[] = [];
    if (f.levels) conds.push(inArray(users.appMangerLevel, f.levels));
    if (f.minLevel !== undefined) conds.push(gte(users.appMangerLevel, f.minLevel));
    if (f.exactUserID !== undefined) conds.push(eq(users.userID, f.exactUserID));
    if (f.exactNickname !== undefined) conds.push(eq(users.nickname, f.exactNickname));
    const text: SQL[] = [];
    if (f.userIDLike) text.push(ilike(users.userID, likeContains(f.userIDLike)));
    if (f.nicknameLike) text.push(ilike(users.nickname, likeContains(f.nicknameLike)));
    if (text.length) conds.push(or(...text));
    return conds.length ? and(...conds) : undefined;
  }
}
