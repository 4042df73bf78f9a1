import { Injectable } from '@nestjs/common';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import type { Tx } from '../infra/database/database.service';
import { GroupStatus, RoleLevel } from '../protocol/group';
import { GroupMemberRepository } from './group-member.repository';
import { GroupRepository } from './group.repository';
import type { GroupMemberRow, GroupRow } from './group.schema';

/** The access rules of spec/rest-semantics.md §9a: who may act on a group. */
@Injectable()
export class GroupRules {
  constructor(
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
  ) {}

  /** The group, or 1004; `lock` holds its row until the transaction ends (membership changes serialise). */
  async group(groupID: string, tx?: Tx, lock = false): Promise<GroupRow> {
    const row = lock && tx ? await this.groups.lockGroup(tx, groupID) : await this.groups.findGroup(groupID, tx);
    if (!row) throw ImError.notFound(`group ${groupID} not found`);
    return row;
  }

  /** The group, not dismissed (1204). */
  async active(groupID: string, tx?: Tx, lock = false): Promise<GroupRow> {
    const row = await this.group(groupID, tx, lock);
    assertActive(row);
    return row;
  }

  async member(groupID: string, userID: string, tx?: Tx): Promise<GroupMemberRow | undefined> {
    return (await this.members.findMembers(groupID, [userID], tx))[0];
  }

  /** A member of the group, or an app admin (undefined row then); else 1002. */
  async memberOrAdmin(caller: Caller, groupID: string, tx?: Tx): Promise<GroupMemberRow | undefined> {
    const row = await this.member(groupID, caller.userID, tx);
    if (!row && !caller.isAdmin) throw ImError.noPermission(`${caller.userID} is not a member of group ${groupID}`);
    return row;
  }

  /** The group's owner or an admin of it, or an app admin; else 1002. */
  async manager(caller: Caller, groupID: string, tx?: Tx): Promise<GroupMemberRow | undefined> {
    const row = await this.memberOrAdmin(caller, groupID, tx);
    if (!caller.isAdmin && (row?.roleLevel ?? 0) < RoleLevel.Admin) {
      throw ImError.noPermission(`${caller.userID} is neither owner nor admin of group ${groupID}`);
    }
    return row;
  }

  /** Members of every group (or app admin), else 1002 naming the first group that is not. */
  async memberOfAll(caller: Caller, groupIDs: readonly string[]): Promise<void> {
    if (caller.isAdmin) return;
    const mine = new Set((await this.members.membershipsOf(caller.userID, groupIDs)).map((m) => m.groupID));
    const foreign = groupIDs.find((g) => !mine.has(g));
    if (foreign !== undefined) throw ImError.noPermission(`${caller.userID} is not a member of group ${foreign}`);
  }
}

export function assertActive(row: GroupRow): void {
  if (row.status === GroupStatus.Dismissed) {
    throw new ImError(ErrCode.DismissedAlready, `group ${row.groupID} is dismissed`);
  }
}

/** Whether `op` (role, or app admin) may change a member of role `target` (mute, kick): owner > admin > member. */
export function outranks(opRole: number, isAppAdmin: boolean, targetRole: number): boolean {
  if (targetRole === RoleLevel.Owner) return false;
  if (isAppAdmin) return true;
  if (opRole === RoleLevel.Owner) return true;
  return opRole === RoleLevel.Admin && targetRole === RoleLevel.Member;
}
