import { Injectable } from '@nestjs/common';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { ConversationRepository } from '../chat-store/conversation.repository';
import type { ConversationRow } from '../chat-store/conversation.schema';
import { rowToMsg } from '../chat-store/message-rows';
import type { MessageRow } from '../chat-store/message.schema';
import { MessageRef, MessageRepository, SeqSpan } from '../chat-store/message.repository';
import { SeqHead, SeqRepository } from '../chat-store/seq.repository';
import { mayRead, OwnerKind } from '../chat-store/stream-owners';
import { notificationBounds, RecordBounds, visibleRange, VisibleRange } from '../chat-store/visible-range';
import {
  chatCandidatesOf,
  groupConversationID,
  isNotificationConversation,
  selfNotificationConversationID,
  toNotificationConversationID,
} from '../protocol/conversation-id';
import { SessionType } from '../protocol/message';
import { deletedView, MsgData, placeholder, revokedView } from '../protocol/msg-data';

export enum PullOrder {
  Asc = 0,
  Desc = 1,
}

export interface SeqRange {
  conversationID: string;
  begin: number;
  end: number;
  num: number;
}

export interface PullMsgs {
  /** capitalised as in the protocol's JSON */
  Msgs: MsgData[];
  isEnd: boolean;
  endSeq: number;
}

export interface PullResult {
  msgs: Record<string, PullMsgs>;
  notificationMsgs: Record<string, PullMsgs>;
}

/** Cap on seqs per range, so a pull cannot ask for a whole history at once. */
export const MAX_PULL_PER_RANGE = 1000;
/** Cap on the messages of one pull request, over all its ranges. */
export const MAX_PULL_TOTAL = 20_000;

/**
 * Reading messages as one user sees them (spec/protocol.md §6): the visible window of each conversation,
 * placeholders for missing seqs, the user's own deletions and revocations rewritten.
 */
@Injectable()
export class MsgPullService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly seqs: SeqRepository,
    private readonly conversations: ConversationRepository,
  ) {}

  /** Max seq of every conversation of the user, of their `n_` streams and of the user's own stream (0s dropped). */
  async newestSeqs(caller: Caller, userID: string): Promise<Record<string, number>> {
    assertSelfOrAdmin(caller, userID);
    const records = await this.conversations.listByOwner(userID);
    const ids = new Set<string>([selfNotificationConversationID(userID)]);
    for (const r of records) {
      ids.add(r.conversationID);
      ids.add(toNotificationConversationID(r.conversationID));
    }
    const heads = await this.seqs.heads([...ids]);
    const byID = new Map(records.map((r) => [r.conversationID, r]));
    const isMember = (groupID: string) => byID.has(groupConversationID(groupID));
    const out: Record<string, number> = {};
    for (const [id, head] of heads) {
      if (!mayRead(head, userID, isMember, true)) continue;
      const { max } = visibleRange(head, boundsOf(id, head, byID));
      if (max > 0) out[id] = max;
    }
    return out;
  }

  /** Range pulls (WS 1002, REST pull_msg_by_seq); ranges the user may not read are left out. */
  async pullRanges(caller: Caller, userID: string, ranges: SeqRange[], order: PullOrder): Promise<PullResult> {
    assertSelfOrAdmin(caller, userID);
    const result: PullResult = { msgs: {}, notificationMsgs: {} };
    const ctx = await this.context(
      userID,
      ranges.map((r) => r.conversationID),
    );
    let total = 0;
    const planned: { range: SeqRange; win: VisibleRange; span: SeqSpan }[] = [];
    for (const range of ranges) {
      const win = this.window(userID, range.conversationID, ctx);
      if (!win) continue;
      let begin = Math.max(range.begin, win.min);
      const end = Math.min(range.end, win.max);
      if (end < begin) continue;
      // Chat ranges keep the newest `num` seqs; notification streams are returned whole (up to the cap).
      const limit = isNotificationConversation(range.conversationID)
        ? MAX_PULL_PER_RANGE
        : Math.min(range.num > 0 ? range.num : MAX_PULL_PER_RANGE, MAX_PULL_PER_RANGE);
      if (end - begin + 1 > limit) begin = end - limit + 1;
      total += end - begin + 1;
      if (total > MAX_PULL_TOTAL) throw ImError.args(`seqRanges ask for more than ${MAX_PULL_TOTAL} messages at once`);
      planned.push({ range, win, span: { conversationID: range.conversationID, from: begin, to: end } });
    }
    const rows = await this.messages.inRanges(planned.map((p) => p.span));
    const views = await this.views(userID, rows);
    for (const { range, win, span } of planned) {
      const msgs = seqList(span.from, span.to).map(
        (seq) => views.get(refKey(span.conversationID, seq)) ?? placeholder(seq),
      );
      const isEnd = order === PullOrder.Asc ? win.max <= range.end : range.begin <= win.min;
      this.put(result, range.conversationID, { Msgs: msgs, isEnd, endSeq: 0 });
    }
    return result;
  }

  /** Explicit seqs (WS 1005): in the requested order, with placeholders; `isEnd` when a bound of the window is reached. */
  async pullSeqs(
    caller: Caller,
    userID: string,
    conversations: { conversationID: string; seqs: number[] }[],
    order: PullOrder,
  ): Promise<PullResult> {
    assertSelfOrAdmin(caller, userID);
    const result: PullResult = { msgs: {}, notificationMsgs: {} };
    const ctx = await this.context(
      userID,
      conversations.map((c) => c.conversationID),
    );
    const planned: { conversationID: string; entry: PullMsgs; wanted: number[] }[] = [];
    for (const c of conversations) {
      // Every requested conversation gets an entry, if only an empty one, as the reference's GetSeqMessage: the JS
      // SDK's markConversationMessageAsRead reads the entry of a fresh conversation (seq 0) and throws without one.
      const entry: PullMsgs = { Msgs: [], isEnd: false, endSeq: 0 };
      this.put(result, c.conversationID, entry);
      const win = this.window(userID, c.conversationID, ctx);
      if (!win) continue;
      const wanted: number[] = [];
      for (const seq of c.seqs.slice(0, MAX_PULL_PER_RANGE)) {
        if (seq <= 0) continue;
        if (seq < win.min || seq > win.max) {
          if ((order === PullOrder.Desc && seq < win.min) || (order === PullOrder.Asc && seq > win.max)) {
            entry.isEnd = true;
            entry.endSeq = order === PullOrder.Desc ? win.min : win.max;
          }
          continue;
        }
        wanted.push(seq);
      }
      planned.push({ conversationID: c.conversationID, entry, wanted });
    }
    const refs: MessageRef[] = planned.flatMap((p) =>
      p.wanted.map((seq) => ({ conversationID: p.conversationID, seq })),
    );
    if (refs.length > MAX_PULL_TOTAL) throw ImError.args(`seqs ask for more than ${MAX_PULL_TOTAL} messages at once`);
    const views = await this.views(userID, await this.messages.byRefs(refs));
    for (const { conversationID, entry, wanted } of planned) {
      entry.Msgs = wanted.map((seq) => views.get(refKey(conversationID, seq)) ?? placeholder(seq));
    }
    return result;
  }

  /** Per conversation: max seq (capped for the user), read position and when max seq was allocated. */
  async readState(
    userID: string,
    conversationIDs: string[] | undefined,
  ): Promise<{
    records: ConversationRow[];
    seqs: Record<string, { maxSeq: number; hasReadSeq: number; maxSeqTime: number }>;
  }> {
    const records = conversationIDs?.length
      ? await this.conversations.findMany(userID, conversationIDs)
      : await this.conversations.listByOwner(userID);
    const heads = await this.seqs.heads(records.map((r) => r.conversationID));
    const seqs: Record<string, { maxSeq: number; hasReadSeq: number; maxSeqTime: number }> = {};
    for (const r of records) {
      const head = heads.get(r.conversationID);
      seqs[r.conversationID] = {
        maxSeq: visibleRange(head, r).max,
        hasReadSeq: r.hasReadSeq,
        maxSeqTime: head?.maxSeqTime ?? 0,
      };
    }
    return { records, seqs };
  }

  /** WS 1006 and its REST twin: read state of the given conversations (all when none), pinned IDs on request. */
  async hasReadAndMaxSeq(caller: Caller, req: { userID: string; conversationIDs?: string[]; returnPinned?: boolean }) {
    assertSelfOrAdmin(caller, req.userID);
    const { records, seqs } = await this.readState(req.userID, req.conversationIDs);
    const pinned = records.filter((r) => r.isPinned).map((r) => r.conversationID);
    return { seqs, pinnedConversationIDs: req.returnPinned ? pinned : null };
  }

  /** The newest message each conversation shows to the user (deleted or revoked views applied), if any. */
  async lastMessages(userID: string, records: ConversationRow[]): Promise<Map<string, MsgData>> {
    const heads = await this.seqs.heads(records.map((r) => r.conversationID));
    const byID = new Set(records.map((r) => r.conversationID));
    const isMember = (groupID: string) => byID.has(groupConversationID(groupID));
    const readable = records.filter((r) => {
      const head = heads.get(r.conversationID);
      return head && mayRead(head, userID, isMember, true);
    });
    const ranges = new Map(readable.map((r) => [r.conversationID, visibleRange(heads.get(r.conversationID), r)]));
    const caps = new Map([...ranges].map(([id, range]) => [id, range.max]));
    const latest = await this.messages.latest(
      readable.map((r) => r.conversationID),
      caps,
    );
    const visible = [...latest.values()].filter((row) => row.seq >= (ranges.get(row.conversationID)?.min ?? 1));
    const deleted = await this.messages.deletedForMany(
      userID,
      visible.map((r) => ({ conversationID: r.conversationID, seq: r.seq })),
    );
    return new Map(
      visible.map((row) => [row.conversationID, userView(row, deleted.has(`${row.conversationID}:${row.seq}`))]),
    );
  }

  private async context(userID: string, conversationIDs: string[]) {
    const ids = new Set<string>();
    for (const id of conversationIDs) {
      if (isNotificationConversation(id)) chatCandidatesOf(id).forEach((c) => ids.add(c));
      else ids.add(id);
    }
    const [records, heads] = await Promise.all([
      this.conversations.findMany(userID, [...ids]),
      this.seqs.heads(conversationIDs),
    ]);
    return { records: new Map(records.map((r) => [r.conversationID, r])), heads };
  }

  /** The user's visible window, or undefined when the user may not read the conversation at all. */
  private window(
    userID: string,
    conversationID: string,
    ctx: { records: Map<string, ConversationRow>; heads: Map<string, SeqHead> },
  ): VisibleRange | undefined {
    const head = ctx.heads.get(conversationID);
    if (!head) return undefined;
    // Access follows the stream's recorded owners, never its name (pair IDs can collide); a group's stream is
    // its members', who hold the group conversation's record.
    const isMember = (groupID: string) => ctx.records.has(groupConversationID(groupID));
    if (isNotificationConversation(conversationID)) {
      const byRecords = chatCandidatesOf(conversationID).some((c) => ctx.records.has(c));
      if (!mayRead(head, userID, isMember, byRecords)) return undefined;
      return visibleRange(head, boundsOf(conversationID, head, ctx.records));
    }
    const record = ctx.records.get(conversationID);
    if (!record || !mayRead(head, userID, isMember, true)) return undefined;
    return visibleRange(head, record);
  }

  /** The user's view of stored messages, by `conversationID:seq`. */
  private async views(userID: string, rows: MessageRow[]): Promise<Map<string, MsgData>> {
    const deleted = await this.messages.deletedForMany(
      userID,
      rows.map((r) => ({ conversationID: r.conversationID, seq: r.seq })),
    );
    return new Map(
      rows.map((row) => {
        const key = refKey(row.conversationID, row.seq);
        return [key, userView(row, deleted.has(key))];
      }),
    );
  }

  private put(result: PullResult, conversationID: string, entry: PullMsgs): void {
    if (isNotificationConversation(conversationID)) result.notificationMsgs[conversationID] = entry;
    else result.msgs[conversationID] = entry;
  }
}

/** A stored message as one user sees it: their own deletion, then revocation, rewrite it. */
function userView(row: MessageRow, deletedByUser: boolean): MsgData {
  const msg = rowToMsg(row);
  if (msg.sessionType !== SessionType.Single) msg.isRead = false;
  if (deletedByUser) return deletedView(msg);
  return row.revoke ? revokedView(msg, row.revoke) : msg;
}

/** The key `deletedForMany` answers with. */
function refKey(conversationID: string, seq: number): string {
  return `${conversationID}:${seq}`;
}

function seqList(begin: number, end: number): number[] {
  return Array.from({ length: end - begin + 1 }, (_, i) => begin + i);
}

/** What bounds a stream for a user: their record of it, or for a group's `n_` stream the cap set when they left. */
function boundsOf(id: string, head: SeqHead, records: Map<string, ConversationRow>): RecordBounds | undefined {
  if (!isNotificationConversation(id)) return records.get(id);
  return head.ownerKind === OwnerKind.Group
    ? notificationBounds(records.get(groupConversationID(head.ownerA)))
    : undefined;
}
