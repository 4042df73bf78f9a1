import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig, MultiLoginPolicy } from '../config/app-config';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { Platform } from '../protocol/platform';
import { TOKENS_KICKED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { TOKEN_CACHE } from './auth.tokens';
import type { TokenCache } from './token-cache';
import { connectionConflicts, tokensToKick } from './token-policy';
import { TokenRepository, TokenState } from './token.repository';
import { VerifiedEntry, VerifiedTokens } from './verified-tokens';

export interface TokenClaims {
  UserID: string;
  PlatformID: number;
  exp: number;
  iat: number;
  /** random: two tokens issued in the same second must differ */
  jti?: string;
}

export interface VerifiedToken {
  userID: string;
  platformID: number;
  /** Unix seconds */
  exp: number;
}

/** An admin token replaced by a newer one keeps working this long, as in the reference server. */
const ADMIN_TOKEN_GRACE_MS = 5 * 60_000;
/** Delay of the second cache invalidation after a kick (a concurrent reader may have re-cached the old state). */
const RECHECK_DELETE_MS = 1_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class TokenService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Tokens');
  private cleanupTimer?: NodeJS.Timeout;
  private readonly verified = new VerifiedTokens<TokenClaims>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly repo: TokenRepository,
    @Inject(TOKEN_CACHE) private readonly cache: TokenCache,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    // Kicks made on other nodes: forget the tokens here too (this node's own kicks already did).
    this.events.on(TOKENS_KICKED, (e) => this.cache.delete(e.tokenHashes));
    // Housekeeping only: expired rows are refused anyway; deleting them keeps the table small.
    this.cleanupTimer = setInterval(() => {
      this.repo.deleteExpired(Date.now()).catch((err: Error) => this.log.warn(`token cleanup failed: ${err.message}`));
    }, 3_600_000);
    this.cleanupTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanupTimer);
  }

  /** Signs a token for (user, platform), records it and applies the multi-login policy to the older ones. */
  async issue(userID: string, platformID: number): Promise<{ token: string; expireTimeSeconds: number }> {
    const now = Date.now();
    const lifetime = this.config.tokenExpireSeconds;
    const claims: TokenClaims = {
      UserID: userID,
      PlatformID: platformID,
      iat: Math.floor(now / 1000) - 5,
      exp: Math.floor(now / 1000) + lifetime,
      jti: randomBytes(8).toString('hex'),
    };
    const token = this.jwt.sign(claims);
    const tokenHash = hashToken(token);
    const { kicked, shortened } = await this.repo.issue(
      { tokenHash, userID, platformID, state: TokenState.Normal, expireAt: claims.exp * 1000, createTime: now },
      (active) => {
        if (platformID === Platform.Admin) {
          const older = active.filter(
            (t) => t.platformID === Platform.Admin && t.expireAt > now + ADMIN_TOKEN_GRACE_MS,
          );
          return { kick: [], expireAt: { hashes: older.map((t) => t.tokenHash), at: now + ADMIN_TOKEN_GRACE_MS } };
        }
        return {
          kick: tokensToKick(active, platformID, this.config.multiLoginPolicy, this.config.maxTokensPerPlatform),
        };
      },
    );
    await this.invalidate(shortened);
    await this.kicked(userID, kicked);
    return { token, expireTimeSeconds: lifetime };
  }

  /**
   * A new connection of (user, platform) with this token wins against the user's other tokens its policy puts in
   * conflict with it (protocol.md §5.5): they are marked kicked and their connections, on any node, get 2002.
   */
  async applyPolicyOnConnect(userID: string, platformID: number, tokenHash: string): Promise<void> {
    const policy = this.config.multiLoginPolicy;
    if (policy === MultiLoginPolicy.DefaultNotKick || platformID === Platform.Admin) return;
    const kicked = await this.repo.kickChosen(userID, Date.now(), (active) =>
      connectionConflicts(active, platformID, tokenHash, policy),
    );
    await this.kicked(userID, kicked);
  }

  private async kicked(userID: string, rows: readonly { tokenHash: string; platformID: number }[]): Promise<void> {
    if (!rows.length) return;
    const tokenHashes = rows.map((t) => t.tokenHash);
    await this.invalidate(tokenHashes);
    this.events.publish(TOKENS_KICKED, {
      userID,
      platformIDs: [...new Set(rows.map((t) => t.platformID))],
      tokenHashes,
    });
  }

  /** Checks signature, expiry and the stored state; throws ImError with the reference token codes (15xx). */
  async verify(token: string): Promise<VerifiedToken> {
    const { claims, hash } = this.verified.get(token) ?? this.verifySignature(token);
    let state = await this.cache.get(hash);
    if (!state) {
      const row = await this.repo.findByHash(hash);
      if (!row) throw new ImError(ErrCode.TokenNotExist, 'token is not known to the server');
      state = { userID: row.userID, platformID: row.platformID, state: row.state, expireAt: row.expireAt };
      await this.cache.set(hash, state);
    }
    if (state.state === TokenState.Kicked) throw new ImError(ErrCode.TokenKicked, 'token was kicked');
    if (state.state !== TokenState.Normal) throw new ImError(ErrCode.TokenUnknown, 'token is not valid');
    if (state.expireAt <= Date.now()) throw new ImError(ErrCode.TokenExpired, 'token expired');
    return { userID: claims.UserID, platformID: claims.PlatformID, exp: claims.exp };
  }

  /**
   * Of the given token hashes, those no longer usable, read from PostgreSQL past every cache: for a gateway that may
   * have missed kicks while Redis was away.
   */
  async revokedAmong(tokenHashes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(tokenHashes)];
    const revoked: string[] = [];
    for (let i = 0; i < unique.length; i += 1_000) {
      revoked.push(...(await this.repo.kickedAmong(unique.slice(i, i + 1_000))));
    }
    if (revoked.length) await this.cache.delete(revoked);
    return revoked;
  }

  /** Kicks every token of (user, platform): REST calls with them fail, gateways drop their connections. */
  async kickPlatform(userID: string, platformID: number): Promise<void> {
    const hashes = await this.repo.kickPlatform(userID, platformID);
    await this.invalidate(hashes);
    this.events.publish(TOKENS_KICKED, { userID, platformIDs: [platformID], tokenHashes: hashes });
  }

  private async invalidate(hashes: string[]): Promise<void> {
    if (!hashes.length) return;
    await this.cache.delete(hashes);
    setTimeout(() => void this.cache.delete(hashes).catch(() => undefined), RECHECK_DELETE_MS).unref();
  }

  private verifySignature(token: string): VerifiedEntry<TokenClaims> {
    const entry = { claims: this.decode(token), hash: hashToken(token) };
    if (typeof entry.claims.exp === 'number') this.verified.set(token, entry);
    return entry;
  }

  private decode(token: string): TokenClaims {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token);
    } catch (err) {
      throw jwtError(err as Error);
    }
    if (typeof claims.UserID !== 'string' || !Number.isInteger(claims.PlatformID)) {
      throw new ImError(ErrCode.TokenMalformed, 'token claims are malformed');
    }
    return claims;
  }
}

function jwtError(err: Error): ImError {
  switch (err.name) {
    case 'TokenExpiredError':
      return new ImError(ErrCode.TokenExpired, 'token expired');
    case 'NotBeforeError':
      return new ImError(ErrCode.TokenNotValidYet, 'token not valid yet');
    default:
      if (/malformed|invalid token|must be provided|Unexpected token|not valid JSON/i.test(err.message)) {
        return new ImError(ErrCode.TokenMalformed, 'token is malformed');
      }
      return new ImError(ErrCode.TokenUnknown, `token is invalid: ${err.message}`);
  }
}
