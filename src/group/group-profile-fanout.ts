import { Injectable, OnModuleInit } from '@nestjs/common';
import { DatabaseService } from '../infra/database/database.service';
import { NotificationType } from '../protocol/notification-type';
import { ProfileChange, UserService } from '../user/user.service';
import { GroupDirectory } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupMembership } from './group-membership';
import { GroupNotifier } from './group-notifier';

/**
 * A user's new nickname or face shows in every group where the member has none of their own: those groups'
 * member logs move and each gets 1516 (spec/protocol.md §9.2), with a fixed number of queries.
 */
@Injectable()
export class GroupProfileFanout implements OnModuleInit {
  constructor(
    private readonly users: UserService,
    private readonly members: GroupMemberRepository,
    private readonly membership: GroupMembership,
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
    const pairs = groupIDs.map((groupID) => ({ groupID, userID: change.userID }));
    await this.database.transaction((tx) => this.membership.touchedMany(tx, pairs));
    this.directory.changed(groupIDs);
    const rows = await this.members.findPairs(pairs);
    const tips = new Map((await this.notifier.memberTips(rows)).map((t) => [t.groupID, t]));
    const sortVersions = await this.notifier.sortVersions(groupIDs);
    await this.notifier.toGroups(NotificationType.GroupMemberInfoSet, groupIDs, change.userID, (ctx) => ({
      ...ctx,
      changedUser: tips.get(ctx.group.groupID) ?? null,
      groupSortVersion: sortVersions.get(ctx.group.groupID) ?? 0,
    }));
  }
}
