import { Injectable } from '@nestjs/common';
import { KeyedBatcher } from '../common/batcher';
import type { RelationChecker } from '../chat-store/ports';
import { RELATIONS_CHANGED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { FriendRepository, Relation } from './friend.repository';

/** A safety net for an invalidation lost between nodes: cached answers are at most this old. */
const TTL_MS = 60_000;
/** Entries kept at most; beyond it the cache starts over (a burst of distinct pairs must not grow memory). */
const MAX_ENTRIES = 200_000;

interface Cached {
  relation: Relation;
  at: number;
}

/**
 * The send path's friend and black-list checks (RELATION_CHECKER): answers are cached per owner, lookups of
 * concurrent sends share one query, and every change drops the owner's entries on every node (RELATIONS_CHANGED).
 */
@Injectable()
export class RelationCache implements RelationChecker {
  private readonly byOwner = new Map<string, Map<string, Cached>>();
  private size = 0;
  /** bumped on every invalidation: a lookup that started before one does not fill the cache */
  private epoch = 0;
  private readonly loader = new KeyedBatcher<string, Relation>(async (keys) => {
    const pairs = keys.map((k) => {
      const [ownerUserID, targetUserID] = k.split('\u0000');
      return { ownerUserID, targetUserID };
    });
    const rows = await this.repo.relations(pairs);
    return new Map(rows.map((r) => [`${r.ownerUserID}\u0000${r.targetUserID}`, r]));
  });

  constructor(
    private readonly repo: FriendRepository,
    private readonly events: EventBus,
  ) {
    this.events.on(RELATIONS_CHANGED, (e) => this.drop(e.ownerUserIDs));
  }

  async isBlocked(ownerUserID: string, targetUserID: string): Promise<boolean> {
    return (await this.relation(ownerUserID, targetUserID)).blocked;
  }

  async isFriend(ownerUserID: string, friendUserID: string): Promise<boolean> {
    return (await this.relation(ownerUserID, friendUserID)).friend;
  }

  /** Announces committed changes of these owners' lists to every node (this one included). */
  changed(ownerUserIDs: readonly string[]): void {
    if (ownerUserIDs.length) this.events.publish(RELATIONS_CHANGED, { ownerUserIDs: [...new Set(ownerUserIDs)] });
  }

  private async relation(ownerUserID: string, targetUserID: string): Promise<Relation> {
    const cached = this.byOwner.get(ownerUserID)?.get(targetUserID);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.relation;
    const epoch = this.epoch;
    const relation = (await this.loader.get(`${ownerUserID}\u0000${targetUserID}`)) ?? {
      ownerUserID,
      targetUserID,
      friend: false,
      blocked: false,
    };
    if (epoch === this.epoch) this.store(relation);
    return relation;
  }

  private store(relation: Relation): void {
    if (this.size >= MAX_ENTRIES) {
      this.byOwner.clear();
      this.size = 0;
    }
    let entries = this.byOwner.get(relation.ownerUserID);
    if (!entries) {
      entries = new Map();
      this.byOwner.set(relation.ownerUserID, entries);
    }
    if (!entries.has(relation.targetUserID)) this.size++;
    entries.set(relation.targetUserID, { relation, at: Date.now() });
  }

  private drop(ownerUserIDs: readonly string[]): void {
    this.epoch++;
    for (const owner of ownerUserIDs) {
      this.size -= this.byOwner.get(owner)?.size ?? 0;
      this.byOwner.delete(owner);
    }
  }
}
