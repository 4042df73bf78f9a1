import { Injectable } from '@nestjs/common';
import type { WsConnection } from './ws-connection';

/** One live connection as presence shows it (also to other nodes). */
export interface ConnInfo {
  platformID: number;
  /** `<node>:<connection>` */
  connID: string;
  isBackground: boolean;
}

/** A user's connections on this node changed; `platformsChanged` when the set of platforms did. */
export type ConnectionsChanged = (userID: string, platformsChanged: boolean) => void;

/** The connections of this node, by user; and who on this node follows whose online status (2005). */
@Injectable()
export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<WsConnection>>();
  private readonly followers = new Map<string, Set<WsConnection>>();
  private readonly listeners: ConnectionsChanged[] = [];
  private total = 0;

  get size(): number {
    return this.total;
  }

  onChange(listener: ConnectionsChanged): void {
    this.listeners.push(listener);
  }

  add(conn: WsConnection): void {
    const set = this.byUser.get(conn.userID) ?? new Set();
    const before = platformsOf(set);
    set.add(conn);
    this.byUser.set(conn.userID, set);
    this.total++;
    this.changed(conn.userID, before, platformsOf(set));
  }

  remove(conn: WsConnection): void {
    const set = this.byUser.get(conn.userID);
    if (!set?.delete(conn)) return;
    this.total--;
    if (!set.size) this.byUser.delete(conn.userID);
    const before = platformsOf(new Set([...set, conn]));
    this.changed(conn.userID, before, platformsOf(set));
  }

  of(userID: string): ReadonlySet<WsConnection> {
    return this.byUser.get(userID) ?? EMPTY;
  }

  all(): IterableIterator<WsConnection> {
    return allOf(this.byUser);
  }

  users(): IterableIterator<string> {
    return this.byUser.keys();
  }

  /** A connection's background flag changed (2004). */
  touched(conn: WsConnection): void {
    for (const l of this.listeners) l(conn.userID, false);
  }

  /** The user's connections here, as presence shows them. */
  infos(userID: string, nodeID: string): ConnInfo[] {
    return [...this.of(userID)].map((c) => ({
      platformID: c.platformID,
      connID: `${nodeID}:${c.id}`,
      isBackground: c.background,
    }));
  }

  /** Sorted platform IDs the user has connections on, here. */
  platforms(userID: string): number[] {
    return platformsOf(this.of(userID));
  }

  follow(conn: WsConnection, userID: string): boolean {
    conn.subscriptions.add(userID);
    const set = this.followers.get(userID) ?? new Set();
    const first = set.size === 0;
    set.add(conn);
    this.followers.set(userID, set);
    return first;
  }

  /** true when nobody on this node follows the user any more */
  unfollow(conn: WsConnection, userID: string): boolean {
    conn.subscriptions.delete(userID);
    const set = this.followers.get(userID);
    if (!set?.delete(conn)) return false;
    if (set.size) return false;
    this.followers.delete(userID);
    return true;
  }

  /** users whose status someone on this node follows */
  followed(): IterableIterator<string> {
    return this.followers.keys();
  }

  followersOf(userID: string): ReadonlySet<WsConnection> {
    return this.followers.get(userID) ?? EMPTY;
  }

  private changed(userID: string, before: number[], after: number[]): void {
    const platformsChanged = before.join() !== after.join();
    for (const l of this.listeners) l(userID, platformsChanged);
  }
}

const EMPTY: ReadonlySet<WsConnection> = new Set();

function platformsOf(conns: ReadonlySet<WsConnection>): number[] {
  return [...new Set([...conns].map((c) => c.platformID))].sort((a, b) => a - b);
}

function* allOf(byUser: Map<string, Set<WsConnection>>): IterableIterator<WsConnection> {
  for (const set of byUser.values()) yield* set;
}
