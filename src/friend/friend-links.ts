import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ImError } from '../common/errors/im-error';
import type { Tx } from '../infra/database/database.service';
import { VersionChange, VersionLogRepository, VersionState } from '../versionlog/version-log.repository';
import { FriendRepository, NewFriendRow } from './friend.repository';
import type { FriendRow } from './friend.schema';
import { friendLogKey } from './friend-views';

/** Creating friendships (accepting an application, importing): the friend cap and the owners' version logs. */
@Injectable()
export class FriendLinks {
  constructor(
    private readonly repo: FriendRepository,
    private readonly versions: VersionLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Creates the directed rows that are missing, inside the caller's transaction; refuses (1001, rolling back) when
   * an owner would pass FRIEND_MAX. Returns the rows created.
   */
  async link(tx: Tx, rows: NewFriendRow[], field: string): Promise<FriendRow[]> {
    const created = await this.repo.insertMissing(tx, rows);
    if (!created.length) return [];
    const owners = [...new Set(created.map((r) => r.ownerUserID))];
    const counts = await this.repo.countMany(owners, tx);
    const over = owners.filter((o) => (counts.get(o) ?? 0) > this.config.friendMax);
    if (over.length) {
      throw ImError.args(`${field}: ${over.join(',')} would have more than ${this.config.friendMax} friends`);
    }
    await this.versions.record(tx, changesByOwner(created, VersionState.Insert));
    return created;
  }
}

/** Version-log changes of friend rows, grouped by owner. */
export function changesByOwner(
  rows: readonly { ownerUserID: string; friendUserID: string }[],
  state: VersionState,
): Map<string, VersionChange[]> {
  const changes = new Map<string, VersionChange[]>();
  for (const r of rows) {
    const key = friendLogKey(r.ownerUserID);
    const list = changes.get(key) ?? [];
    list.push({ elementID: r.friendUserID, state });
    changes.set(key, list);
  }
  return changes;
}
