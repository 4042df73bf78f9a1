import { Inject, Injectable } from '@nestjs/common';
import { ConversationRepository } from '../chat-store/conversation.repository';
import type { ConversationRow } from '../chat-store/conversation.schema';
import { toConversationInfo } from '../conversation/conversation.service';
import type { ConversationInfo } from '../conversation/conversation.dto';
import { GROUP_ACCESS, GroupAccess } from '../chat-store/ports';
import { SeqRepository } from '../chat-store/seq.repository';
import { visibleRange } from '../chat-store/visible-range';
import type { GroupInfo } from '../common/dto/group-info';
import type { Caller } from '../common/http/caller';
import { MsgStatus } from '../protocol/message';
import { MAX_PULL_PER_RANGE, MAX_PULL_TOTAL, MsgPullService, PullOrder } from '../msg/msg-pull.service';
import type { MsgData } from '../protocol/msg-data';
import type { UserInfo } from '../user/user.dto';
import { FriendEntry, FriendService } from '../friend/friend.service';
import { UserService } from '../user/user.service';

/** A conversation with everything a conversation list shows: last message, counters, peer or group. */
export interface ConversationView {
  record: ConversationRow;
  conversation: ConversationInfo;
  lastMsg: MsgData | undefined;
  /** the conversation's max seq as this user sees it */
  maxSeq: number;
  readSeq: number;
  unread: number;
  user: UserInfo | null;
  /** the owner's friend entry of the peer (single chats with a friend) */
  friend: FriendEntry | null;
  group: GroupInfo | null;
}

/** Joins conversation records with their last messages, peers and groups, with one query per kind. */
@Injectable()
export class ConversationViewService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly seqs: SeqRepository,
    private readonly pull: MsgPullService,
    private readonly users: UserService,
    private readonly friends: FriendService,
    @Inject(GROUP_ACCESS) private readonly groups: GroupAccess,
  ) {}

  async records(ownerUserID: string, conversationIDs?: string[]): Promise<ConversationRow[]> {
    return conversationIDs?.length
      ? this.conversations.findMany(ownerUserID, conversationIDs)
      : this.conversations.listByOwner(ownerUserID);
  }

  async views(ownerUserID: string, records: ConversationRow[]): Promise<ConversationView[]> {
    const ids = records.map((r) => r.conversationID);
    const peerIDs = [...new Set(records.map((r) => r.userID).filter(Boolean))];
    const groupIDs = [...new Set(records.map((r) => r.groupID).filter(Boolean))];
    const [heads, last, users, friends, groups] = await Promise.all([
      this.seqs.heads(ids),
      this.pull.lastMessages(ownerUserID, records),
      this.users.getUsersInfo(peerIDs),
      this.friends.entries(ownerUserID, peerIDs),
      this.groups.infos(groupIDs),
    ]);
    await this.skipDeleted(ownerUserID, last);
    const userByID = new Map(users.map((u) => [u.userID, u]));
    const groupByID = new Map(groups.map((g) => [g.groupID, g]));
    return records.map((record) => {
      const maxSeq = visibleRange(heads.get(record.conversationID), record).max;
      return {
        record,
        conversation: toConversationInfo(record),
        lastMsg: last.get(record.conversationID),
        maxSeq,
        readSeq: record.hasReadSeq,
        unread: Math.max(0, maxSeq - record.hasReadSeq),
        user: record.userID ? (userByID.get(record.userID) ?? null) : null,
        friend: record.userID ? (friends.get(record.userID) ?? null) : null,
        group: record.groupID ? (groupByID.get(record.groupID) ?? null) : null,
      };
    });
  }

  /**
   * A newest message the owner deleted (or that is gone) is replaced by the owner's newest message still to be seen,
   * or dropped when there is none (spec/rest-semantics.md §9f).
   */
  private async skipDeleted(ownerUserID: string, last: Map<string, MsgData>): Promise<void> {
    const caller: Caller = { userID: ownerUserID, platformID: 0, isAdmin: false };
    // Walks back a window of seqs at a time, every conversation still looking in one pull per round.
    let looking = new Map([...last].filter(([, m]) => m.status >= MsgStatus.Deleted).map(([id, m]) => [id, m.seq - 1]));
    while (looking.size) {
      const batch = [...looking].slice(0, MAX_PULL_TOTAL / MAX_PULL_PER_RANGE);
      const pulled = await this.pull.pullSeqs(
        caller,
        ownerUserID,
        batch.map(([conversationID, end]) => ({
          conversationID,
          seqs: Array.from({ length: Math.max(0, Math.min(end, MAX_PULL_PER_RANGE)) }, (_, i) => end - i),
        })),
        PullOrder.Desc,
      );
      const next = new Map(looking);
      for (const [conversationID, end] of batch) {
        const entry = pulled.msgs[conversationID];
        const visible = entry?.Msgs.find((m) => m.status < MsgStatus.Deleted);
        next.delete(conversationID);
        if (visible) last.set(conversationID, visible);
        else if (!entry || entry.isEnd || end <= MAX_PULL_PER_RANGE) last.delete(conversationID);
        else next.set(conversationID, end - MAX_PULL_PER_RANGE);
      }
      looking = next;
    }
  }

  /** Pinned first, then by the time of the last message (or of the conversation's creation), newest first. */
  static sort(views: ConversationView[]): ConversationView[] {
    const time = (v: ConversationView) => v.lastMsg?.sendTime ?? v.record.createTime;
    return [...views].sort(
      (a, b) =>
        Number(b.record.isPinned) - Number(a.record.isPinned) ||
        time(b) - time(a) ||
        a.record.conversationID.localeCompare(b.record.conversationID),
    );
  }
}
