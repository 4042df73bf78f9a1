/** What the visible range reads: a conversation's seq head, and optionally one user's record of it. */
export interface SeqBounds {
  minSeq: number;
  maxSeq: number;
}

/** A user's record of a conversation as far as the visible range goes: `maxSeq` caps only when `capped`. */
export interface RecordBounds extends SeqBounds {
  capped: boolean;
}

/** A group member's record also caps the group's `n_` stream once they left. */
export interface ChatRecordBounds extends RecordBounds {
  notificationMaxSeq: number;
}

export interface VisibleRange {
  /** lowest seq the user may read (≥ 1) */
  min: number;
  /** highest seq the user may read; below `min` when nothing is visible */
  max: number;
}

/**
 * The seqs one user may see of a conversation (spec/protocol.md §6): from the highest of the conversation's
 * min seq (clear for everyone, physical deletes) and the user's own min seq (their clear, or the join point of a
 * group) up to the conversation's max seq, capped by the user's max seq when set (a member who left a group sees
 * nothing after leaving). Without a head nothing was ever allocated: the range is empty.
 */
export function visibleRange(head: SeqBounds | undefined, record?: RecordBounds): VisibleRange {
  const headMax = head?.maxSeq ?? 0;
  const min = Math.max(head?.minSeq ?? 0, record?.minSeq ?? 0, 1);
  const max = record?.capped ? Math.min(record.maxSeq, headMax) : headMax;
  return { min, max };
}

/**
 * The bounds a notification stream gets from the user's record of its chat: a group's `n_` stream ends where the
 * member left it; otherwise (pairs, members) it is not bounded by a record.
 */
export function notificationBounds(chatRecord: ChatRecordBounds | undefined): RecordBounds | undefined {
  return chatRecord?.capped ? { minSeq: 0, maxSeq: chatRecord.notificationMaxSeq, capped: true } : undefined;
}
