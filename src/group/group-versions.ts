import type { Tx } from '../infra/database/database.service';
import { SORT_ELEMENT, VersionChange, VersionLogRepository, VersionState } from '../versionlog/version-log.repository';

/** The version log of a group's members (spec/protocol.md §8); element "" = the group's own info changed. */
export const memberLogKey = (groupID: string) => `gm:${groupID}`;
/** The version log of the groups a user is in. */
export const joinedLogKey = (userID: string) => `jg:${userID}`;
export const GROUP_INFO_ELEMENT = '';

/** Collects the version changes of one membership change and records them in its transaction. */
export class GroupVersionChanges {
  private readonly changes = new Map<string, VersionChange[]>();

  members(groupID: string, userIDs: readonly string[], state: VersionState): this {
    return this.add(
      memberLogKey(groupID),
      userIDs.map((elementID) => ({ elementID, state })),
    );
  }

  groupInfo(groupID: string): this {
    return this.add(memberLogKey(groupID), [{ elementID: GROUP_INFO_ELEMENT, state: VersionState.Update }]);
  }

  /** The order of the member list (owner, admins, members) changed: clients see it as `sortVersion`. */
  sorted(groupID: string): this {
    return this.add(memberLogKey(groupID), [{ elementID: SORT_ELEMENT, state: VersionState.Update }]);
  }

  joined(userIDs: readonly string[], groupID: string, state: VersionState): this {
    for (const u of userIDs) this.add(joinedLogKey(u), [{ elementID: groupID, state }]);
    return this;
  }

  record(logs: VersionLogRepository, tx: Tx): Promise<void> {
    return logs.record(tx, this.changes);
  }

  private add(key: string, list: VersionChange[]): this {
    if (!list.length) return this;
    this.changes.set(key, [...(this.changes.get(key) ?? []), ...list]);
    return this;
  }
}
