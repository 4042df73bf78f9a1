import type { GroupInfo } from '../common/dto/group-info';
import type { Tx } from '../infra/database/database.service';

/*
 * What the message store and the features on it ask of groups. They own these interfaces; the group module
 * implements them (today over its tables), so groups plug in without msg/, conversation/ or the store importing it.
 */

/**
 * A group's members, for conversation records and push: inside the writer's transaction (`tx`) read from the table,
 * else from the group cache (what the gateway's push asks).
 */
export interface GroupMembers {
  memberIDs(groupID: string, tx?: Tx): Promise<string[]>;
}

export interface GroupFacts {
  groupID: string;
  status: number;
}

export interface MemberFacts {
  userID: string;
  roleLevel: number;
  /** ms; in the past when not muted */
  muteEndTime: number;
}

/** Existence, status, membership, role and mute: what a send, a revoke or a conversation setting checks. */
export interface GroupAccess {
  findGroups(groupIDs: readonly string[]): Promise<GroupFacts[]>;
  /** the members among `userIDs` (non-members are absent from the map) */
  findMembers(groupID: string, userIDs: readonly string[]): Promise<Map<string, MemberFacts>>;
  /** for many groups at once: the role of one user in each (absent where not a member) */
  rolesOf(userID: string, groupIDs: readonly string[]): Promise<Map<string, number>>;
  /** groups as the API shows them, with member counts */
  infos(groupIDs: readonly string[]): Promise<GroupInfo[]>;
}

export const GROUP_MEMBERS = Symbol('GROUP_MEMBERS');
export const GROUP_ACCESS = Symbol('GROUP_ACCESS');

/**
 * What the message path asks of friends and black lists (single-chat sends); the friend module implements it.
 * Answers may come from a cache that the friend module invalidates on every change.
 */
export interface RelationChecker {
  /** `ownerUserID` has blacklisted `targetUserID` */
  isBlocked(ownerUserID: string, targetUserID: string): Promise<boolean>;
  /** `friendUserID` is in `ownerUserID`'s friend list */
  isFriend(ownerUserID: string, friendUserID: string): Promise<boolean>;
}

export const RELATION_CHECKER = Symbol('RELATION_CHECKER');
