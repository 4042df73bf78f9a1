import { Injectable } from '@nestjs/common';
import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle, Tx, txOr } from '../infra/database/database.service';
import { queryRows } from '../infra/database/sql-util';
import type { PushNotification } from './providers/push-provider';
import { appBadges, pushDeliveries, pushTokens, PushTokenRow } from './push.schema';

export interface ClaimedDelivery {
  id: number;
  notification: PushNotification;
  /** including this one */
  attempts: number;
}

/** Push tokens, app badges and the queue of per-device deliveries. */
@Injectable()
export class PushRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  async upsertToken(row: PushTokenRow): Promise<void> {
    await this.db
      .insert(pushTokens)
      .values(row)
      .onConflictDoUpdate({
        target: [pushTokens.userID, pushTokens.platformID],
        set: { token: row.token, expireAt: row.expireAt, updateTime: row.updateTime, sessionHash: row.sessionHash },
      });
  }

  /** The live tokens of these users. */
  async tokensOf(userIDs: readonly string[], now: number): Promise<PushTokenRow[]> {
    if (!userIDs.length) return [];
    return this.db
      .select()
      .from(pushTokens)
      .where(
        and(inArray(pushTokens.userID, [...userIDs]), or(eq(pushTokens.expireAt, 0), gt(pushTokens.expireAt, now))),
      );
  }

  /** Drops the tokens devices registered in these (kicked) sessions of a user. */
  async deleteSessions(userID: string, sessionHashes: readonly string[]): Promise<void> {
    if (!sessionHashes.length) return;
    await this.db
      .delete(pushTokens)
      .where(and(eq(pushTokens.userID, userID), inArray(pushTokens.sessionHash, [...sessionHashes])));
  }

  /** Drops a token the provider called invalid, unless the device registered a new one meanwhile. */
  async deleteToken(userID: string, platformID: number, token: string): Promise<void> {
    await this.db
      .delete(pushTokens)
      .where(and(eq(pushTokens.userID, userID), eq(pushTokens.platformID, platformID), eq(pushTokens.token, token)));
  }

  async setBadge(userID: string, count: number): Promise<void> {
    await this.db
      .insert(appBadges)
      .values({ userID, count })
      .onConflictDoUpdate({ target: appBadges.userID, set: { count } });
  }

  /** Adds one to each user's badge; returns the new values. */
  async bumpBadges(tx: Tx, userIDs: readonly string[]): Promise<Map<string, number>> {
    if (!userIDs.length) return new Map();
    const rows = await txOr(this.db, tx)
      .insert(appBadges)
      .values(userIDs.map((userID) => ({ userID, count: 1 })))
      .onConflictDoUpdate({ target: appBadges.userID, set: { count: sql`${appBadges.count} + 1` } })
      .returning();
    return new Map(rows.map((r) => [r.userID, r.count]));
  }

  async enqueue(tx: Tx, notifications: readonly PushNotification[], now: number): Promise<void> {
    if (!notifications.length) return;
    await txOr(this.db, tx)
      .insert(pushDeliveries)
      .values(notifications.map((notification) => ({ notification, dueAt: now, createTime: now })));
  }

  /** Leases due deliveries until `now + leaseMs` (one statement; rows other nodes hold are skipped). */
  async claim(now: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const rows = await queryRows<{ id: string | number; notification: PushNotification | string; attempts: number }>(
      this.db,
      sql`UPDATE push_deliveries SET due_at = ${now + leaseMs}, attempts = attempts + 1
          WHERE id IN (SELECT id FROM push_deliveries WHERE due_at <= ${now} ORDER BY id LIMIT ${limit}
                       FOR UPDATE SKIP LOCKED)
          RETURNING id, notification, attempts`,
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        notification: (typeof r.notification === 'string'
          ? JSON.parse(r.notification)
          : r.notification) as PushNotification,
        attempts: r.attempts,
      }))
      .sort((a, b) => a.id - b.id);
  }

  async done(id: number): Promise<void> {
    await this.db.delete(pushDeliveries).where(eq(pushDeliveries.id, id));
  }

  async retryAt(id: number, dueAt: number): Promise<void> {
    await this.db.update(pushDeliveries).set({ dueAt }).where(eq(pushDeliveries.id, id));
  }
}
