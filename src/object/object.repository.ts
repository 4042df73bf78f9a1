import { Injectable } from '@nestjs/common';
import { eq, inArray, lte } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { ObjectRow, objects, objectUploads, ObjectUploadRow } from './object.schema';

@Injectable()
export class ObjectRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  /** A name points at one object: naming again replaces the record (the reference's SetObject). */
  async setObject(row: ObjectRow, tx?: Tx): Promise<void> {
    const { name: _name, ...rest } = row;
    await txOr(this.db, tx).insert(objects).values(row).onConflictDoUpdate({ target: objects.name, set: rest });
  }

  async findObject(name: string): Promise<ObjectRow | undefined> {
    const rows = await this.db.select().from(objects).where(eq(objects.name, name)).limit(1);
    return rows[0];
  }

  async findByHash(hash: string): Promise<ObjectRow | undefined> {
    const rows = await this.db.select().from(objects).where(eq(objects.hash, hash)).limit(1);
    return rows[0];
  }

  async insertUpload(row: ObjectUploadRow): Promise<void> {
    await this.db.insert(objectUploads).values(row);
  }

  async findUpload(uploadID: string): Promise<ObjectUploadRow | undefined> {
    const rows = await this.db.select().from(objectUploads).where(eq(objectUploads.uploadID, uploadID)).limit(1);
    return rows[0];
  }

  /** Deletes the upload record; false when another request (or the sweep) got there first. */
  async deleteUpload(uploadID: string, tx?: Tx): Promise<boolean> {
    const rows = await txOr(this.db, tx)
      .delete(objectUploads)
      .where(eq(objectUploads.uploadID, uploadID))
      .returning({ id: objectUploads.uploadID });
    return rows.length > 0;
  }

  /** Claims (deletes and returns) the uploads expired by `now`, so two sweeping nodes never clean the same one. */
  async takeExpiredUploads(now: number, limit: number): Promise<ObjectUploadRow[]> {
    const expired = this.db
      .select({ id: objectUploads.uploadID })
      .from(objectUploads)
      .where(lte(objectUploads.expireTime, now))
      .limit(limit);
    return this.db.delete(objectUploads).where(inArray(objectUploads.uploadID, expired)).returning();
  }
}
