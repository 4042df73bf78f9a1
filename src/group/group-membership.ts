import { Inject, Injectable } from '@nestjs/common';
import { MemberRecordsRepository, NoticeSeqs } from '../chat-store/member-records.repository';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ImError } from '../common/errors/im-error';
import { DatabaseService, type Tx } from '../infra/database/database.service';
import { VersionLogRepository, VersionState } from '../versionlog/version-log.repository';
import { GroupMemberRepository } from './group-member.repository';
import { GroupVersionChanges } from './group-versions';
import type { GroupMemberRow } from './group.schema';

/**
 * Joining and leaving, inside the caller's transaction: member rows, the members' records of the group
 * conversation (seq window), and the member and joined-group version logs, each in one statement.
 */
@Injectable()
export class GroupMembership {
  constructor(
    private readonly members: GroupMemberRepository,
    private readonly records: MemberRecordsRepository,
    private readonly versions: VersionLogRepository,
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Adds new members (the caller made sure they are not members yet and holds the group's lock). */
  async add(tx: Tx, groupID: string, rows: GroupMemberRow[], now: number, isNewGroup = false): Promise<void> {
    if (!rows.length) return;
    const count = isNewGroup ? 0 : ((await this.members.memberCounts([groupID], tx)).get(groupID) ?? 0);
    if (count + rows.length > this.config.groupMaxMembers) {
      throw ImError.args(`a group has at most ${this.config.groupMaxMembers} members (GROUP_MAX_MEMBERS)`);
    }
    const ids = rows.map((r) => r.userID);
    await this.members.insertMany(tx, rows);
    // A new group has no history to hide.
    await this.records.join(tx, groupID, ids, now, !isNewGroup && !this.config.groupHistoryForNewMembers);
    await new GroupVersionChanges()
      .members(groupID, ids, VersionState.Insert)
      .joined(ids, groupID, VersionState.Insert)
      .record(this.versions, tx);
  }

  /** Removes members; their view of the group conversation ends at its current max seq. Returns who left. */
  async remove(tx: Tx, groupID: string, userIDs: readonly string[]): Promise<string[]> {
    const removed = await this.members.deleteMany(tx, groupID, userIDs);
    await this.left(tx, groupID, removed);
    return removed;
  }

  async removeAll(tx: Tx, groupID: string): Promise<string[]> {
    const removed = await this.members.deleteAll(tx, groupID);
    await this.left(tx, groupID, removed);
    return removed;
  }

  /**
   * After the notice of their leaving was stored (the cap came first, in the leaving transaction), the leavers
   * keep it. A crash before this only costs them that notice, never shows them more.
   */
  async keepNotice(groupID: string, userIDs: readonly string[], seqs: NoticeSeqs): Promise<void> {
    if (!userIDs.length || (!seqs.chat && !seqs.notification)) return;
    await this.database.transaction((tx) => this.records.keepNotice(tx, groupID, userIDs, seqs));
  }

  /** Members whose row changed (role, mute, nickname, ...); `resorted` when a role changed the list's order. */
  async touched(tx: Tx, groupID: string, userIDs: readonly string[], resorted = false): Promise<void> {
    await this.touchedMany(
      tx,
      userIDs.map((userID) => ({ groupID, userID })),
      resorted ? [groupID] : [],
    );
  }

  /** Changed members of several groups: one version per group, in one statement. */
  async touchedMany(
    tx: Tx,
    pairs: readonly { groupID: string; userID: string }[],
    resortedGroupIDs: readonly string[] = [],
  ): Promise<void> {
    const changes = new GroupVersionChanges();
    for (const p of pairs) changes.members(p.groupID, [p.userID], VersionState.Update);
    for (const groupID of new Set(resortedGroupIDs)) changes.sorted(groupID);
    await changes.record(this.versions, tx);
  }

  /** The group's own info changed (members' cursors move; the change is "" in the member log). */
  async groupTouched(tx: Tx, groupID: string): Promise<void> {
    await new GroupVersionChanges().groupInfo(groupID).record(this.versions, tx);
  }

  private async left(tx: Tx, groupID: string, removed: string[]): Promise<void> {
    if (!removed.length) return;
    await this.records.cap(tx, groupID, removed);
    await new GroupVersionChanges()
      .members(groupID, removed, VersionState.Delete)
      .joined(removed, groupID, VersionState.Delete)
      .record(this.versions, tx);
  }
}

/** A new member row with the defaults of the reference (muteEndTime 0, no group nickname). */
export function memberRow(
  groupID: string,
  userID: string,
  roleLevel: number,
  now: number,
  how: { joinSource: number; operatorUserID: string; inviterUserID: string },
): GroupMemberRow {
  return {
    groupID,
    userID,
    roleLevel,
    joinTime: now,
    nickname: '',
    faceURL: '',
    joinSource: how.joinSource,
    operatorUserID: how.operatorUserID,
    inviterUserID: how.inviterUserID,
    ex: '',
    muteEndTime: 0,
  };
}
