import { Injectable, OnModuleInit } from '@nestjs/common';
import type { GroupInfo } from '../common/dto/group-info';
import type { GroupAccess, GroupFacts, GroupMembers, MemberFacts } from '../chat-store/ports';
import type { Tx } from '../infra/database/database.service';
import { GROUP_CHANGED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { GroupMemberRepository } from './group-member.repository';
import { GroupRepository } from './group.repository';
import type { GroupRow } from './group.schema';

interface Entry {
  group: GroupFacts | undefined;
  members: Map<string, MemberFacts>;
  ids: string[];
  loadedAt: number;
}

/** A backstop for a lost invalidation (events are notices): cached facts are reloaded after this long. */
const TTL_MS = 30_000;
/** The cache holds at most this many members in all (big groups count for their size). */
const MAX_CACHED_MEMBERS = 200_000;

/**
 * The group tables behind the ports the message store, push and the message features ask of groups. Status,
 * membership, roles and mutes of a group are cached per group, so a group send costs no member query; every
 * change drops the entry on every node (`group.changed`), and a load that raced a change is not kept.
 */
@Injectable()
export class GroupDirectory implements GroupAccess, GroupMembers, OnModuleInit {
  private readonly cache = new Map<string, Entry>();
  private cachedMembers = 0;
  /** bumped on every invalidation: a load that began before it is not cached */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.events.on(GROUP_CHANGED, (e) => e.groupIDs.forEach((id) => this.drop(id)));
  }

  /** After a committed change: every node forgets these groups. */
  changed(groupIDs: readonly string[]): void {
    if (groupIDs.length) this.events.publish(GROUP_CHANGED, { groupIDs: [...new Set(groupIDs)] });
  }

  /** Member IDs: inside a transaction from the table, else (push, fan-out) from the cache. */
  async memberIDs(groupID: string, tx?: Tx): Promise<string[]> {
    if (tx) return this.members.memberIDs(groupID, tx);
    return (await this.entries([groupID])).get(groupID)?.ids ?? [];
  }

  async findGroups(groupIDs: readonly string[]): Promise<GroupFacts[]> {
    const entries = await this.entries(groupIDs);
    return [...new Set(groupIDs)].flatMap((id) => {
      const g = entries.get(id)?.group;
      return g ? [g] : [];
    });
  }

  async findMembers(groupID: string, userIDs: readonly string[]): Promise<Map<string, MemberFacts>> {
    const members = (await this.entries([groupID])).get(groupID)?.members;
    const out = new Map<string, MemberFacts>();
    for (const id of userIDs) {
      const m = members?.get(id);
      if (m) out.set(id, m);
    }
    return out;
  }

  async rolesOf(userID: string, groupIDs: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.members.membershipsOf(userID, [...new Set(groupIDs)]);
    return new Map(rows.map((m) => [m.groupID, m.roleLevel]));
  }

  async infos(groupIDs: readonly string[]): Promise<GroupInfo[]> {
    const [groups, counts] = await Promise.all([this.groups.findGroups(groupIDs), this.members.memberCounts(groupIDs)]);
    return groups.map((g) => toGroupInfo(g, counts.get(g.groupID) ?? 0));
  }

  private drop(groupID: string): void {
    this.generation.set(groupID, (this.generation.get(groupID) ?? 0) + 1);
    const old = this.cache.get(groupID);
    if (old) this.cachedMembers -= old.ids.length;
    this.cache.delete(groupID);
  }

  /** Cached entries of some groups; the missing or stale ones loaded together (two queries). */
  private async entries(groupIDs: readonly string[]): Promise<Map<string, Entry>> {
    const now = Date.now();
    const out = new Map<string, Entry>();
    const missing: string[] = [];
    for (const id of new Set(groupIDs)) {
      const e = this.cache.get(id);
      if (e && now - e.loadedAt < TTL_MS) out.set(id, e);
      else missing.push(id);
    }
    if (!missing.length) return out;
    const gens = new Map(missing.map((id) => [id, this.generation.get(id) ?? 0]));
    const [groups, facts] = await Promise.all([this.groups.findGroups(missing), this.members.factsOfGroups(missing)]);
    const loaded = new Map<string, Entry>(
      missing.map((id) => [id, { group: undefined, members: new Map(), ids: [], loadedAt: now }]),
    );
    for (const g of groups) loaded.get(g.groupID)!.group = { groupID: g.groupID, status: g.status };
    for (const m of facts) {
      const e = loaded.get(m.groupID)!;
      e.members.set(m.userID, { userID: m.userID, roleLevel: m.roleLevel, muteEndTime: m.muteEndTime });
      e.ids.push(m.userID);
    }
    for (const [id, e] of loaded) {
      out.set(id, e);
      if ((this.generation.get(id) ?? 0) === gens.get(id) && e.group) this.keep(id, e);
    }
    return out;
  }

  private keep(groupID: string, e: Entry): void {
    const old = this.cache.get(groupID);
    if (old) this.cachedMembers -= old.ids.length;
    this.cache.delete(groupID);
    this.cache.set(groupID, e);
    this.cachedMembers += e.ids.length;
    // oldest first (Map order): evict until the members fit
    for (const [id, old2] of this.cache) {
      if (this.cachedMembers <= MAX_CACHED_MEMBERS || id === groupID) break;
      this.cache.delete(id);
      this.cachedMembers -= old2.ids.length;
    }
  }
}

export function toGroupInfo(g: GroupRow, memberCount: number): GroupInfo {
  return {
    groupID: g.groupID,
    groupName: g.groupName,
    notification: g.notification,
    introduction: g.introduction,
    faceURL: g.faceURL,
    ownerUserID: g.ownerUserID,
    createTime: g.createTime,
    memberCount,
    ex: g.ex,
    status: g.status,
    creatorUserID: g.creatorUserID,
    groupType: g.groupType,
    needVerification: g.needVerification,
    lookMemberInfo: g.lookMemberInfo,
    applyMemberFriend: g.applyMemberFriend,
    notificationUpdateTime: g.notificationUpdateTime,
    notificationUserID: g.notificationUserID,
  };
}
