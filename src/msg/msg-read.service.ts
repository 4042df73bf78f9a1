import { Injectable } from '@nestjs/common';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { ConversationRepository } from '../chat-store/conversation.repository';
import type { ConversationRow } from '../chat-store/conversation.schema';
import { NotificationType } from '../protocol/notification-type';
import { NotificationService } from '../notification/notification.service';
import type { MarkAsReadTips } from '../notification/tips';
import { SessionType } from '../protocol/message';
import { MessageRepository } from '../chat-store/message.repository';
import { SeqRepository } from '../chat-store/seq.repository';
import { visibleRange } from '../chat-store/visible-range';
import { DatabaseService } from '../infra/database/database.service';

/** A read receipt names at most this many seqs (a whole backlog read at once would make it megabytes). */
const MAX_RECEIPT_SEQS = 10_000;

export interface MarkRead {
  conversationID: string;
  userID: string;
}

/** Read positions and read receipts (spec/rest-semantics.md §9b "Read-state rules"). */
@Injectable()
export class MsgReadService {
  constructor(
    private readonly database: DatabaseService,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly seqs: SeqRepository,
    private readonly notifications: NotificationService,
  ) {}

  /** Marks messages read; the last seq becomes the read position if it is further. */
  async markMsgsAsRead(caller: Caller, req: MarkRead & { seqs: number[] }): Promise<void> {
    const { record, maxSeq } = await this.load(caller, req);
    const last = req.seqs[req.seqs.length - 1];
    if (last > maxSeq) throw ImError.args(`seqs: ${last} is beyond the conversation's max seq ${maxSeq}`);
    if (record.conversationType === SessionType.Single) {
      await this.messages.markRead(req.conversationID, req.seqs, req.userID);
    }
    await this.raise(record, last);
    await this.receipt(record, req.seqs, Math.max(last, record.hasReadSeq), false);
  }

  /** Reads a whole conversation up to `hasReadSeq` (single chats also mark each message and tell the peer). */
  async markConversationAsRead(caller: Caller, req: MarkRead & { hasReadSeq: number; seqs?: number[] }): Promise<void> {
    const { record, maxSeq } = await this.load(caller, req);
    const target = Math.min(req.hasReadSeq, maxSeq);
    if (record.conversationType !== SessionType.Single) {
      await this.raise(record, target);
      await this.receipt(record, [], Math.max(target, record.hasReadSeq), true);
      return;
    }
    const from = record.hasReadSeq + 1;
    const extra = (req.seqs ?? []).filter((s) => s > 0 && s <= maxSeq && (s < from || s > target));
    await this.messages.markReadRange(req.conversationID, from, target, extra, req.userID);
    await this.raise(record, target);
    // The receipt lists the seqs read (the newest ones when a long backlog was read at once).
    const listed = new Set(extra);
    for (let s = Math.max(from, target - MAX_RECEIPT_SEQS + 1); s <= target; s++) listed.add(s);
    const list = [...listed].sort((a, b) => a - b).slice(-MAX_RECEIPT_SEQS);
    await this.receipt(record, list, Math.max(target, record.hasReadSeq), false);
  }

  /** Sets the read position exactly (it may go back), at most the max seq; tells the user's other devices. */
  async setHasReadSeq(caller: Caller, req: MarkRead & { hasReadSeq: number }): Promise<void> {
    const { record, maxSeq } = await this.load(caller, req);
    if (req.hasReadSeq > maxSeq) throw ImError.args(`hasReadSeq ${req.hasReadSeq} is beyond the max seq ${maxSeq}`);
    await this.database.transaction((tx) =>
      this.conversations.update(tx, req.conversationID, [req.userID], { hasReadSeq: req.hasReadSeq }),
    );
    await this.receipt(record, [], req.hasReadSeq, true);
  }

  private async load(caller: Caller, req: MarkRead): Promise<{ record: ConversationRow; maxSeq: number }> {
    assertSelfOrAdmin(caller, req.userID);
    const record = await this.conversations.findOne(req.userID, req.conversationID);
    if (!record) throw ImError.notFound(`${req.userID} has no conversation ${req.conversationID}`);
    const head = (await this.seqs.heads([req.conversationID])).get(req.conversationID);
    return { record, maxSeq: visibleRange(head, record).max };
  }

  private async raise(record: ConversationRow, seq: number): Promise<void> {
    if (seq <= record.hasReadSeq) return;
    await this.conversations.raiseReadSeqs(undefined, [
      { ownerUserID: record.ownerUserID, conversationID: record.conversationID, seq },
    ]);
  }

  /**
   * The 2200 receipt: in a single chat to the peer (stored, so an offline sender learns it later), in a group to
   * its members; `toSelf` sends it to the reader's own devices only (not stored).
   */
  private async receipt(record: ConversationRow, seqs: number[], hasReadSeq: number, toSelf: boolean): Promise<void> {
    const tips: MarkAsReadTips = {
      markAsReadUserID: record.ownerUserID,
      conversationID: record.conversationID,
      seqs: seqs.length ? seqs : null,
      hasReadSeq,
    };
    const reader = record.ownerUserID;
    if (toSelf || record.conversationType === SessionType.Notification) {
      await this.notifications.notify({
        sendID: reader,
        recvID: reader,
        sessionType: SessionType.Single,
        contentType: NotificationType.HasReadReceipt,
        tips,
        reliable: false,
      });
    } else if (record.conversationType === SessionType.Group) {
      await this.notifications.notify({
        sendID: reader,
        recvID: record.groupID,
        sessionType: SessionType.Group,
        contentType: NotificationType.HasReadReceipt,
        tips,
      });
    } else {
      await this.notifications.notify({
        sendID: reader,
        recvID: record.userID,
        sessionType: SessionType.Single,
        contentType: NotificationType.HasReadReceipt,
        tips,
      });
    }
  }
}
