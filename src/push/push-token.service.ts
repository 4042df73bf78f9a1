import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { TOKENS_KICKED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { PushRepository } from './push.repository';
import { FcmUpdateTokenReq, SetAppBadgeReq } from './third-push.dto';

/**
 * Devices' push tokens and users' app badges. A device that logs out or is kicked stops receiving pushes: its
 * platform's token is dropped, as the reference does when it kicks a terminal.
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
        .deleteTokens(e.userID, e.platformIDs)
        .catch((err: Error) => this.log.warn(`push tokens of ${e.userID} not dropped: ${err.message}`));
    });
  }

  async updateToken(caller: Caller, req: FcmUpdateTokenReq): Promise<void> {
    assertSelfOrAdmin(caller, req.account);
    const now = Date.now();
    const ttl = req.expireTime ?? 0;
    await this.repo.upsertToken({
      userID: req.account,
      platformID: req.platformID,
      token: req.fcmToken,
      expireAt: ttl > 0 ? Math.min(now + ttl * 1000, Number.MAX_SAFE_INTEGER) : 0,
      updateTime: now,
    });
  }

  async setBadge(caller: Caller, req: SetAppBadgeReq): Promise<void> {
    assertSelfOrAdmin(caller, req.userID);
    await this.repo.setBadge(req.userID, req.appUnreadCount);
  }
}
