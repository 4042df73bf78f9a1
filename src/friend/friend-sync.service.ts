import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { DatabaseService } from '../infra/database/database.service';
import { ProfileChange, UserService } from '../user/user.service';
import { idHash } from '../versionlog/id-hash';
import { changesSince, incrementalAnswer } from '../versionlog/incremental';
import { VersionLogRepository, VersionState } from '../versionlog/version-log.repository';
import { BlackRepository } from './black.repository';
import { BlackService } from './black.service';
import { changesByOwner } from './friend-links';
import { FriendNotifier } from './friend-notifier';
import { FriendRepository } from './friend.repository';
import { FriendService } from './friend.service';
import { GetFullFriendUserIDsResp, GetIncrementalBlacksResp, GetIncrementalFriendsResp } from './friend-sync.dto';
import { blackLogKey, friendLogKey, SORT_ELEMENT } from './friend-views';

interface IncrementalReq {
  userID: string;
  versionID?: string;
  version?: number;
}

/** Incremental sync of friend and black lists (spec/protocol.md §8), and the fan-out of profile changes. */
@Injectable()
export class FriendSyncService implements OnModuleInit {
  private readonly log = new Logger('FriendSync');

  constructor(
    private readonly database: DatabaseService,
    private readonly friends: FriendRepository,
    private readonly blacks: BlackRepository,
    private readonly friendService: FriendService,
    private readonly blackService: BlackService,
    private readonly versions: VersionLogRepository,
    private readonly users: UserService,
    private readonly notifier: FriendNotifier,
  ) {}

  onModuleInit(): void {
    this.users.onProfileChanged((change) => this.profileChanged(change));
  }

  async incrementalFriends(caller: Caller, req: IncrementalReq): Promise<GetIncrementalFriendsResp> {
    assertSelfOrAdmin(caller, req.userID);
    const c = await changesSince(this.versions, friendLogKey(req.userID), req.versionID, req.version);
    const sorted = c.updated.includes(SORT_ELEMENT);
    const updated = c.updated.filter((id) => id !== SORT_ELEMENT);
    const answer = await incrementalAnswer({ ...c, updated }, async (ids) => {
      const infos = await this.friendService.withUsers(await this.friends.find(req.userID, ids));
      return new Map(infos.map((f) => [f.friendUser?.userID ?? '', f]));
    });
    return { ...answer, sortVersion: sorted ? c.version : 0 };
  }

  async fullFriendIDs(
    caller: Caller,
    userID: string,
    clientHash: number | undefined,
  ): Promise<GetFullFriendUserIDsResp> {
    assertSelfOrAdmin(caller, userID);
    const [head, ids] = await Promise.all([this.versions.head(friendLogKey(userID)), this.friends.ids(userID)]);
    const equal = !!clientHash && clientHash === idHash(ids);
    return { version: head.version, versionID: head.logID, equal, userIDs: equal ? null : ids };
  }

  async incrementalBlacks(caller: Caller, req: IncrementalReq): Promise<GetIncrementalBlacksResp> {
    assertSelfOrAdmin(caller, req.userID);
    const c = await changesSince(this.versions, blackLogKey(req.userID), req.versionID, req.version);
    return incrementalAnswer(c, async (ids) => {
      const infos = await this.blackService.withUsers(await this.blacks.find(req.userID, ids));
      return new Map(infos.map((b) => [b.blackUserInfo?.userID ?? '', b]));
    });
  }

  /** A new nickname or face: an update in the log of everyone who has the user as friend, and 1209 to each. */
  private async profileChanged(change: ProfileChange): Promise<void> {
    try {
      const owners = await this.friends.ownersOf(change.userID);
      if (!owners.length) return;
      const rows = owners.map((ownerUserID) => ({ ownerUserID, friendUserID: change.userID }));
      await this.database.transaction((tx) => this.versions.record(tx, changesByOwner(rows, VersionState.Update)));
      await this.notifier.profileChanged(change.userID, owners);
    } catch (err) {
      // the profile change itself is committed: its caller must not see a failure; friends catch up on a full sync
      this.log.error(`friend fan-out of ${change.userID}'s profile failed: ${(err as Error).stack}`);
    }
  }
}
