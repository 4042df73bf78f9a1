/** What the visible range reads: a conversation's seq head, and optionally one user's record of it. */
export interface SeqBounds {
  minSeq: number;
  maxSeq: number;
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
export function visibleRange(head: SeqBounds | undefined, record?: SeqBounds): VisibleRange {
  const headMax = head?.maxSeq ?? 0;
  const min = Math.max(head?.minSeq ?? 0, record?.minSeq ?? 0, 1);
  const max = record && record.maxSeq > 0 ? Math.min(record.maxSeq, headMax) : headMax;
  return { min, max };
}
