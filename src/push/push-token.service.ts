import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { hashToken } from '../auth/token.service';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { SESSION_LOGGED_OUT, TOKENS_KICKED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { PushRepository } from './push.repository';
import { FcmUpdateTokenReq, SetAppBadgeReq } from './third-push.dto';

/**
 * Devices' push tokens and users' app badges. A device whose session is kicked or logged out stops receiving pushes:
 * the token it registered in that session is dropped (the reference drops the platform's token when it kicks a
 * terminal; keyed by session here, so a new login that kicks the old one keeps the token it registers meanwhile).
 */
@Injectable()
export class PushTokenService implements OnModuleInit {
  private readonly log = new Logger('PushTokens');

  constructor(
    private readonly repo: PushRepository,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.events.on(TOKENS_KICKED, (e) => {
      this.repo
        .deleteSessions(e.userID, e.tokenHashes)
        .catch((err: Error) => this.log.warn(`push tokens of ${e.userID} not dropped: ${err.message}`));
    });
    // the reference's UserLogout deletes the device's token too; the login token itself stays valid
    this.events.on(SESSION_LOGGED_OUT, (e) => {
      this.repo
        .deleteSessions(e.userID, [e.tokenHash])
        .catch((err: Error) => this.log.warn(`push token of ${e.userID} not dropped at logout: ${err.message}`));
    });
  }

  /** `session`: the login token of the request (its hash ties the device token to that session). */
  async updateToken(caller: Caller, session: string, req: FcmUpdateTokenReq): Promise<void> {
    assertSelfOrAdmin(caller, req.account);
    const now = Date.now();
    const ttl = req.expireTime ?? 0;
    await this.repo.upsertToken({
      userID: req.account,
      platformID: req.platformID,
      token: req.fcmToken,
      expireAt: ttl > 0 ? Math.min(now + ttl * 1000, Number.MAX_SAFE_INTEGER) : 0,
      updateTime: now,
      sessionHash: hashToken(session),
    });
  }

  async setBadge(caller: Caller, req: SetAppBadgeReq): Promise<void> {
    assertSelfOrAdmin(caller, req.userID);
    await this.repo.setBadge(req.userID, req.appUnreadCount);
  }
}
