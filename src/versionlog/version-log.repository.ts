import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { queryRows } from '../infra/database/sql-util';
import { versionLogEntries, versionLogs } from './version-log.schema';

export enum VersionState {
  Insert = 1,
  Delete = 2,
  Update = 3,
}

export interface VersionChange {
  elementID: string;
  state: VersionState;
}

export interface VersionHead {
  logID: string;
  version: number;
  deletedVersion: number;
}

/** A new log id: 24 hex chars like the reference's ObjectIDs, which the SDKs store as `versionID`. */
export function newLogID(): string {
  return randomBytes(12).toString('hex');
}

@Injectable()
export class VersionLogRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  /**
   * Records one change batch under each key (inside the caller's transaction): the key's version grows by one
   * and every changed element gets that version and its latest state.
   */
  async record(tx: Tx, changes: Map<string, VersionChange[]>): Promise<void> {
    if (!changes.size) return;
    const keys = [...changes.keys()].sort();
    const heads = await queryRows<{ log_key: string; version: string | number }>(
      txOr(this.db, tx),
      sql`
      INSERT INTO version_logs (log_key, log_id, version)
      SELECT k, substr(md5(random()::text || k || clock_timestamp()::text), 1, 24), 1 FROM unnest(${sql.param(keys)}::text[]) AS k
      ON CONFLICT (log_key) DO UPDATE SET version = version_logs.version + 1
      RETURNING log_key, version`,
    );
    const versionOf = new Map(heads.map((r) => [r.log_key, Number(r.version)]));
    const logKeys: string[] = [];
    const elementIDs: string[] = [];
    const states: number[] = [];
    const versions: number[] = [];
    for (const key of keys) {
      const seen = new Set<string>();
      for (const c of changes.get(key) ?? []) {
        if (seen.has(c.elementID)) continue;
        seen.add(c.elementID);
        logKeys.push(key);
        elementIDs.push(c.elementID);
        states.push(c.state);
        versions.push(versionOf.get(key) ?? 1);
      }
    }
    if (!logKeys.length) return;
    await txOr(this.db, tx).execute(sql`
      INSERT INTO version_log_entries (log_key, element_id, state, version)
      SELECT * FROM unnest(${sql.param(logKeys)}::text[], ${sql.param(elementIDs)}::text[],
                           ${sql.param(states)}::smallint[], ${sql.param(versions)}::bigint[])
      ON CONFLICT (log_key, element_id) DO UPDATE
        SET state = excluded.state, version = excluded.version`);
  }

  /** The head of a log, created (version 1, no entries) if it does not exist yet. */
  async head(logKey: string): Promise<VersionHead> {
    const rows = await this.db.select().from(versionLogs).where(eq(versionLogs.logKey, logKey)).limit(1);
    if (rows[0]) return rows[0];
    await this.db.insert(versionLogs).values({ logKey, logID: newLogID(), version: 1 }).onConflictDoNothing();
    const again = await this.db.select().from(versionLogs).where(eq(versionLogs.logKey, logKey)).limit(1);
    return again[0];
  }

  /** Entries changed after `version`, oldest first, at most `limit` (callers ask one more to detect overflow). */
  async changesSince(
    logKey: string,
    version: number,
    limit: number,
  ): Promise<{ elementID: string; state: number; version: number }[]> {
    return this.db
      .select({
        elementID: versionLogEntries.elementID,
        state: versionLogEntries.state,
        version: versionLogEntries.version,
      })
      .from(versionLogEntries)
      .where(and(eq(versionLogEntries.logKey, logKey), gt(versionLogEntries.version, version)))
      .orderBy(asc(versionLogEntries.version))
      .limit(limit);
  }
}
