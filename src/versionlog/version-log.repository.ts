import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { queryRows } from '../infra/database/sql-util';
import { versionLogEntries, versionLogs } from './version-log.schema';

export enum VersionState {
  Insert = 1,
  Delete = 2,
  Update = 3,
}

/** The element of a log that records "the order of the list changed" (spec/protocol.md §8.1: `sortVersion`). */
export const SORT_ELEMENT = '____S_O_R_T_I_D____';

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

  /** The heads of several logs, the missing ones created (version 1, no entries); two statements. */
  async heads(logKeys: readonly string[]): Promise<Map<string, VersionHead>> {
    if (!logKeys.length) return new Map();
    const keys = [...new Set(logKeys)];
    await this.db
      .insert(versionLogs)
      .values(keys.map((logKey) => ({ logKey, logID: newLogID(), version: 1 })))
      .onConflictDoNothing();
    const rows = await this.db.select().from(versionLogs).where(inArray(versionLogs.logKey, keys));
    return new Map(rows.map((r) => [r.logKey, r]));
  }

  /** The version at which one element of each log last changed (logs where it never did are absent). */
  async elementVersions(logKeys: readonly string[], elementID: string): Promise<Map<string, number>> {
    if (!logKeys.length) return new Map();
    const rows = await this.db
      .select({ logKey: versionLogEntries.logKey, version: versionLogEntries.version })
      .from(versionLogEntries)
      .where(and(inArray(versionLogEntries.logKey, [...new Set(logKeys)]), eq(versionLogEntries.elementID, elementID)));
    return new Map(rows.map((r) => [r.logKey, r.version]));
  }

  /** For several logs at once: the entries changed after each one's version, oldest first, at most `limit` each. */
  async changesSinceMany(
    wants: readonly { logKey: string; version: number }[],
    limit: number,
  ): Promise<Map<string, { elementID: string; state: number; version: number }[]>> {
    const out = new Map<string, { elementID: string; state: number; version: number }[]>();
    if (!wants.length) return out;
    const rows = await queryRows<{ log_key: string; element_id: string; state: number; version: string | number }>(
      this.db,
      sql`
      SELECT log_key, element_id, state, version FROM (
        SELECT e.log_key, e.element_id, e.state, e.version,
               row_number() OVER (PARTITION BY e.log_key ORDER BY e.version, e.element_id) AS rn
        FROM version_log_entries e
        JOIN unnest(${sql.param(wants.map((w) => w.logKey))}::text[], ${sql.param(wants.map((w) => w.version))}::bigint[]) AS v(k, ver)
          ON e.log_key = v.k AND e.version > v.ver) x
      WHERE rn <= ${limit} ORDER BY log_key, version`,
    );
    for (const r of rows) {
      const list = out.get(r.log_key) ?? [];
      list.push({ elementID: r.element_id, state: r.state, version: Number(r.version) });
      out.set(r.log_key, list);
    }
    return out;
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
