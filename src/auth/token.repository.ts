import { Injectable } from '@nestjs/common';
import { and, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import { Db, DatabaseService, dbHandle } from '../infra/database/database.service';
import { tokens, TokenRow } from './auth.schema';

export enum TokenState {
  Normal = 0,
  Kicked = 2,
}

@Injectable()
export class TokenRepository {
  private readonly db: Db;

  constructor(database: DatabaseService) {
    this.db = dbHandle(database);
  }

  async findByHash(tokenHash: string): Promise<TokenRow | undefined> {
    const rows = await this.db.select().from(tokens).where(eq(tokens.tokenHash, tokenHash)).limit(1);
    return rows[0];
  }

  /** Issues a token under a per-user lock, after `decide` has chosen which active tokens to kick or shorten. */
  /** Of the given tokens, those kicked or logged out (expiry is not looked at: connections outlive it). */
  async kickedAmong(tokenHashes: readonly string[]): Promise<string[]> {
    if (!tokenHashes.length) return [];
    const rows = await this.db
      .select({ tokenHash: tokens.tokenHash })
      .from(tokens)
      .where(and(inArray(tokens.tokenHash, [...tokenHashes]), ne(tokens.state, TokenState.Normal)));
    return rows.map((r) => r.tokenHash);
  }

  async issue(
    row: TokenRow,
    decide: (active: TokenRow[]) => { kick: string[]; expireAt?: { hashes: string[]; at: number } },
  ): Promise<{ kicked: TokenRow[]; shortened: string[] }> {
    return this.db.transaction(async (tx) => {
      // Two logins of one user at once must not both survive a one-session policy.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'token:' + row.userID}))`);
      const active = await tx
        .select()
        .from(tokens)
        .where(
          and(eq(tokens.userID, row.userID), eq(tokens.state, TokenState.Normal), gt(tokens.expireAt, row.createTime)),
        );
      const { kick, expireAt } = decide(active);
      if (kick.length) {
        await tx.update(tokens).set({ state: TokenState.Kicked }).where(inArray(tokens.tokenHash, kick));
      }
      if (expireAt?.hashes.length) {
        await tx.update(tokens).set({ expireAt: expireAt.at }).where(inArray(tokens.tokenHash, expireAt.hashes));
      }
      await tx.insert(tokens).values(row);
      return { kicked: active.filter((t) => kick.includes(t.tokenHash)), shortened: expireAt?.hashes ?? [] };
    });
  }

  /** Under the user's lock (as `issue`): marks kicked the active tokens `decide` picks; returns them. */
  async kickChosen(userID: string, now: number, decide: (active: TokenRow[]) => string[]): Promise<TokenRow[]> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'token:' + userID}))`);
      const active = await tx
        .select()
        .from(tokens)
        .where(and(eq(tokens.userID, userID), eq(tokens.state, TokenState.Normal), gt(tokens.expireAt, now)));
      const kick = decide(active);
      if (!kick.length) return [];
      await tx.update(tokens).set({ state: TokenState.Kicked }).where(inArray(tokens.tokenHash, kick));
      return active.filter((t) => kick.includes(t.tokenHash));
    });
  }

  /** Marks every token of (user, platform) kicked; returns their hashes. */
  async kickPlatform(userID: string, platformID: number): Promise<string[]> {
    const rows = await this.db
      .update(tokens)
      .set({ state: TokenState.Kicked })
      .where(and(eq(tokens.userID, userID), eq(tokens.platformID, platformID), eq(tokens.state, TokenState.Normal)))
      .returning({ tokenHash: tokens.tokenHash });
    return rows.map((r) => r.tokenHash);
  }

  async deleteExpired(now: number): Promise<number> {
    const rows = await this.db.delete(tokens).where(lt(tokens.expireAt, now)).returning({ h: tokens.tokenHash });
    return rows.length;
  }
}
