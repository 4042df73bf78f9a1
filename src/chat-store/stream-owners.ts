import { SessionType } from '../protocol/message';

/**
 * Whose seq stream a conversation is. Conversation IDs of pairs can collide (`si_a_b_c` is both (a_b, c) and
 * (a, b_c)), so the owners are recorded when a stream is created and every access is decided by them.
 */
export type StreamOwners = { kind: OwnerKind.Pair; a: string; b: string } | { kind: OwnerKind.Group; groupID: string };

export enum OwnerKind {
  /** a stream from before owners were recorded */
  Unknown = 0,
  Pair = 1,
  Group = 2,
}

/** The columns a stream's owners are stored in. */
export interface OwnerColumns {
  ownerKind: number;
  ownerA: string;
  ownerB: string;
}

export function pairOwners(x: string, y: string): StreamOwners {
  return x <= y ? { kind: OwnerKind.Pair, a: x, b: y } : { kind: OwnerKind.Pair, a: y, b: x };
}

export function groupOwners(groupID: string): StreamOwners {
  return { kind: OwnerKind.Group, groupID };
}

/** The owners of a message's chat (and of that chat's notification stream). */
export function ownersOfChat(sessionType: number, sendID: string, recvID: string, groupID: string): StreamOwners {
  return sessionType === SessionType.Group ? groupOwners(groupID) : pairOwners(sendID, recvID);
}

export function toColumns(o: StreamOwners | undefined): OwnerColumns {
  if (!o) return { ownerKind: OwnerKind.Unknown, ownerA: '', ownerB: '' };
  return o.kind === OwnerKind.Pair
    ? { ownerKind: o.kind, ownerA: o.a, ownerB: o.b }
    : { ownerKind: o.kind, ownerA: o.groupID, ownerB: '' };
}

/** Whether a stream recorded with `stored` may take a write or a record made for `wanted`. */
export function sameOwners(stored: OwnerColumns, wanted: StreamOwners | undefined): boolean {
  if (!wanted || stored.ownerKind === OwnerKind.Unknown) return true;
  const w = toColumns(wanted);
  return stored.ownerKind === w.ownerKind && stored.ownerA === w.ownerA && stored.ownerB === w.ownerB;
}

/**
 * Whether `userID` may read a stream. A pair stream is its two users'; a group stream is its members' (`isMember`,
 * decided by the caller from their records); a stream of unknown owners falls back to `fallback`.
 */
export function mayRead(
  stored: OwnerColumns,
  userID: string,
  isMember: (groupID: string) => boolean,
  fallback: boolean,
): boolean {
  switch (stored.ownerKind) {
    case OwnerKind.Pair:
      return stored.ownerA === userID || stored.ownerB === userID;
    case OwnerKind.Group:
      return isMember(stored.ownerA);
    default:
      return fallback;
  }
}
