import { Injectable } from '@nestjs/common';
import { LoadingCache } from '../common/loading-cache';
import { USERS_CHANGED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { UserRepository } from './user.repository';
import type { UserRow } from './user.schema';

/**
 * Users' rows as every request reads them (the sender of each message, get_users_info, the members of a tips
 * message): a read-through cache, dropped on every node after a committed change (USERS_CHANGED). Registration
 * needs no drop: unknown users are never cached.
 */
@Injectable()
export class UserCache {
  private readonly cache = new LoadingCache<string, UserRow>(
    async (ids) => new Map((await this.repo.findByIds(ids)).map((r) => [r.userID, r])),
    { ttlMs: 60_000, maxEntries: 200_000 },
  );

  constructor(
    private readonly repo: UserRepository,
    private readonly events: EventBus,
  ) {
    this.events.on(USERS_CHANGED, (e) => this.cache.drop(e.userIDs));
  }

  find(userID: string): Promise<UserRow | undefined> {
    return this.cache.get(userID);
  }

  findMany(userIDs: readonly string[]): Promise<Map<string, UserRow>> {
    return this.cache.getMany(userIDs);
  }

  /** After a committed change of these users' rows: every node (this one included) forgets them. */
  changed(userIDs: readonly string[]): void {
    if (userIDs.length) this.events.publish(USERS_CHANGED, { userIDs: [...new Set(userIDs)] });
  }
}
