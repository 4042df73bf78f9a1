import { Injectable, OnModuleInit } from '@nestjs/common';
import { DatabaseService } from '../infra/database/database.service';
import { NotificationType } from '../protocol/notification-type';
import { ProfileChange, UserService } from '../user/user.service';
import { VersionLogRepository, VersionState } from '../versionlog/version-log.repository';
import { GroupDirectory } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupNotifier } from './group-notifier';
import { GroupVersionChanges } from './group-versions';

/**
 * A user's new nickname or face shows in every group where the member has none of their own: those groups'
 * member logs move and each gets 1516 (spec/protocol.md §9.2), with a fixed number of queries.
 */
@Injectable()
export class GroupProfileFanout implements OnModuleInit {
  constructor(
    private readonly users: UserService,
    private readonly members: GroupMemberRepository,
    private readonly versions: VersionLogRepository,
    private readonly database: DatabaseService,
    private readonly notifier: GroupNotifier,
    private readonly directory: GroupDirectory,
  ) {}

  onModuleInit(): void {
    this.users.onProfileChanged((change) => this.fanOut(change));
  }

  private async fanOut(change: ProfileChange): Promise<void> {
    const groupIDs = await this.members.groupsShowingProfile(change.userID);
    if (!groupIDs.length) return;
    const changes = new GroupVersionChanges();
    for (const g of groupIDs) changes.members(g, [change.userID], VersionState.Update);
    await this.database.transaction((tx) => changes.record(this.versions, tx));
    this.directory.changed(groupIDs);
    const rows = await this.members.findPairs(groupIDs.map((groupID) => ({ groupID, userID: change.userID })));
    const tips = new Map((await this.notifier.memberTips(rows)).map((t) => [t.groupID, t]));
    await this.notifier.toGroups(NotificationType.GroupMemberInfoSet, groupIDs, change.userID, (ctx) => ({
      ...ctx,
      changedUser: tips.get(ctx.group.groupID) ?? null,
      groupSortVersion: 0,
    }));
  }
}
