import { Injectable } from '@nestjs/common';
import { and, asc, eq } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle } from '../infra/database/database.service';
import { userCommands, UserCommandRow } from './user.schema';

@Injectable()
export class UserCommandRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  /** Adding a record that exists replaces its value (the SDK retries adds). */
  async upsert(row: UserCommandRow): Promise<void> {
    await this.db
      .insert(userCommands)
      .values(row)
      .onConflictDoUpdate({
        target: [userCommands.userID, userCommands.type, userCommands.uuid],
        set: { value: row.value, ex: row.ex },
      });
  }

  async update(userID: string, type: number, uuid: string, patch: { value?: string; ex?: string }): Promise<boolean> {
    const key = and(eq(userCommands.userID, userID), eq(userCommands.type, type), eq(userCommands.uuid, uuid));
    if (!Object.keys(patch).length) {
      const found = await this.db.select({ u: userCommands.uuid }).from(userCommands).where(key).limit(1);
      return found.length > 0;
    }
    const rows = await this.db.update(userCommands).set(patch).where(key).returning({ u: userCommands.uuid });
    return rows.length > 0;
  }

  async delete(userID: string, type: number, uuid: string): Promise<boolean> {
    const rows = await this.db
      .delete(userCommands)
      .where(and(eq(userCommands.userID, userID), eq(userCommands.type, type), eq(userCommands.uuid, uuid)))
      .returning({ u: userCommands.uuid });
    return rows.length > 0;
  }

  async list(userID: string, type?: number): Promise<UserCommandRow[]> {
    const where =
      type === undefined
        ? eq(userCommands.userID, userID)
        : and(eq(userCommands.userID, userID), eq(userCommands.type, type));
    return this.db
      .select()
      .from(userCommands)
      .where(where)
      .orderBy(asc(userCommands.createTime), asc(userCommands.uuid));
  }
}
