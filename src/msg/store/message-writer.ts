import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { and, inArray, sql } from 'drizzle-orm';
import { ConversationRepository } from '../../conversation/conversation.repository';
import type { NewConversationRow } from '../../conversation/conversation.schema';
import { GroupRepository } from '../../group/group.repository';
import { DatabaseService, Db } from '../../infra/database/database.service';
import { queryRows } from '../../infra/database/sql-util';
import { EventBus } from '../../infra/events/event-bus';
import { AT_ALL_TAG, ContentType, GroupAtType, SessionType } from '../msg.constants';
import { messages, MessageRow } from '../msg.schema';
import { msgToRow, MsgData, rowToMsg } from '../msg.types';
import { MESSAGE_STORED, MessageEvent } from './message-events';

export interface WriteRequest {
  conversationID: string;
  /** complete but for `seq`, which the store assigns */
  msg: MsgData;
  searchText: string;
  operationID: string;
  extraUserIDs?: string[];
  /** create the participants' conversation records if missing (chat conversations only) */
  createRecords: boolean;
  /** move the sender's read position to this message */
  senderRead: boolean;
}

export interface WriteResult {
  msg: MsgData;
  /** the message was stored before (same clientMsgID in the conversation): this is the first result */
  duplicate: boolean;
}

interface Pending {
  req: WriteRequest;
  resolve: (r: WriteResult) => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;
const INSERT_CHUNK = 200;

/**
 * The only writer of messages. Sends queue here; a transaction takes everything queued (up to MAX_BATCH, any
 * conversations) and allocates seqs, inserts, creates conversation records and moves read positions at once.
 * While transactions run, new sends accumulate, so load turns into larger batches instead of more round trips.
 * A send's promise settles only after its transaction committed; then the message is published for push.
 */
@Injectable()
export class MessageWriter implements OnApplicationShutdown {
  private readonly log = new Logger('MessageWriter');
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private idle?: () => void;

  constructor(
    private readonly database: DatabaseService,
    private readonly conversations: ConversationRepository,
    private readonly groups: GroupRepository,
    private readonly events: EventBus,
  ) {
    // PGlite runs one transaction at a time anyway; PostgreSQL overlaps a few (rows of one conversation serialise).
    this.maxInFlight = database.kind === 'pglite' ? 1 : 4;
  }

  write(req: WriteRequest): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.pump();
    });
  }

  /** Graceful shutdown: sends already accepted are committed before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.queue.length && !this.inFlight) return;
    await new Promise<void>((resolve) => (this.idle = resolve));
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
        if (!this.inFlight && !this.queue.length) this.idle?.();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    let results: WriteResult[];
    try {
      results = await this.database.transaction((tx) =>
        this.store(
          tx,
          batch.map((p) => p.req),
        ),
      );
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // One bad message (or a deadlock with another batch) must not fail the others: retry them one by one.
      this.log.warn(`batch of ${batch.length} failed (${(err as Error).message}); retrying singly`);
      for (const p of batch) await this.run([p]);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      p.resolve(r);
      if (!r.duplicate) {
        this.events.publish<MessageEvent>(MESSAGE_STORED, {
          conversationID: p.req.conversationID,
          msg: r.msg,
          operationID: p.req.operationID,
          extraUserIDs: p.req.extraUserIDs,
        });
      }
    });
  }

  private async store(tx: Db, reqs: WriteRequest[]): Promise<WriteResult[]> {
    const cids = [...new Set(reqs.map((r) => r.conversationID))].sort();
    await tx.execute(sql`
      INSERT INTO seq_conversations (conversation_id) SELECT unnest(${sql.param(cids)}::text[])
      ON CONFLICT (conversation_id) DO NOTHING`);
    // The lock that serialises senders of one conversation (across processes too), taken in a fixed order.
    const heads = await queryRows<{ conversation_id: string; max_seq: string | number }>(
      tx,
      sql`
      SELECT conversation_id, max_seq FROM seq_conversations
      WHERE conversation_id = ANY(${sql.param(cids)}::text[]) ORDER BY conversation_id FOR UPDATE`,
    );
    const prevMax = new Map(heads.map((h) => [h.conversation_id, Number(h.max_seq)]));
    const nextSeq = new Map(prevMax);

    const key = (cid: string, clientMsgID: string) => `${cid}\u0000${clientMsgID}`;
    const existing = await tx
      .select()
      .from(messages)
      .where(
        and(
          inArray(messages.conversationID, cids),
          inArray(messages.clientMsgID, [...new Set(reqs.map((r) => r.msg.clientMsgID))]),
        ),
      );
    const known = new Map<string, MessageRow>(existing.map((m) => [key(m.conversationID, m.clientMsgID), m]));

    const results: WriteResult[] = [];
    const firstInBatch = new Map<string, MsgData>();
    const fresh: WriteRequest[] = [];
    for (const req of reqs) {
      const k = key(req.conversationID, req.msg.clientMsgID);
      const old = known.get(k);
      const same = firstInBatch.get(k);
      if (old) results.push({ msg: rowToMsg(old), duplicate: true });
      else if (same) results.push({ msg: same, duplicate: true });
      else {
        const seq = (nextSeq.get(req.conversationID) ?? 0) + 1;
        nextSeq.set(req.conversationID, seq);
        const msg = { ...req.msg, seq };
        firstInBatch.set(k, msg);
        fresh.push({ ...req, msg });
        results.push({ msg, duplicate: false });
      }
    }
    if (!fresh.length) return results;

    const now = Date.now();
    const grown = cids.filter((c) => nextSeq.get(c) !== prevMax.get(c));
    await tx.execute(sql`
      UPDATE seq_conversations s SET max_seq = v.max_seq, max_seq_time = ${now}
      FROM unnest(${sql.param(grown)}::text[], ${sql.param(grown.map((c) => nextSeq.get(c) ?? 0))}::bigint[]) AS v(cid, max_seq)
      WHERE s.conversation_id = v.cid`);
    const rows = fresh.map((r) => msgToRow(r.conversationID, r.msg, r.searchText));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await tx.insert(messages).values(rows.slice(i, i + INSERT_CHUNK));

    await this.conversations.ensure(tx, await this.recordsFor(tx, fresh, prevMax, now));
    await this.conversations.raiseReadSeqs(
      tx,
      fresh
        .filter((r) => r.senderRead)
        .map((r) => ({ ownerUserID: r.msg.sendID, conversationID: r.conversationID, seq: r.msg.seq })),
    );
    for (const r of fresh) await this.markMentions(tx, r);
    return results;
  }

  /** Conversation records a batch implies: both sides of a single chat, the receiver of a notification chat, all members at a group's first message. */
  private async recordsFor(
    tx: Db,
    fresh: WriteRequest[],
    prevMax: Map<string, number>,
    now: number,
  ): Promise<NewConversationRow[]> {
    const rows = new Map<string, NewConversationRow>();
    const groupsDone = new Set<string>();
    const add = (owner: string, cid: string, type: number, userID: string, groupID: string) =>
      rows.set(`${owner}\u0000${cid}`, {
        ownerUserID: owner,
        conversationID: cid,
        conversationType: type,
        userID,
        groupID,
        createTime: now,
      });
    for (const r of fresh.filter((x) => x.createRecords)) {
      const m = r.msg;
      switch (m.sessionType) {
        case SessionType.Single:
          add(m.sendID, r.conversationID, SessionType.Single, m.recvID, '');
          add(m.recvID, r.conversationID, SessionType.Single, m.sendID, '');
          break;
        case SessionType.Notification:
          add(m.recvID, r.conversationID, SessionType.Notification, m.sendID, '');
          break;
        case SessionType.Group:
          if (prevMax.get(r.conversationID) === 0 && !groupsDone.has(r.conversationID)) {
            groupsDone.add(r.conversationID);
            for (const member of await this.groups.memberIDs(m.groupID, tx))
              add(member, r.conversationID, SessionType.Group, '', m.groupID);
          }
          break;
      }
    }
    return [...rows.values()].sort((a, b) =>
      a.ownerUserID + a.conversationID < b.ownerUserID + b.conversationID ? -1 : 1,
    );
  }

  /** An @-message in a group flags the mentioned members' conversations (groupAtType). */
  private async markMentions(tx: Db, r: WriteRequest): Promise<void> {
    const m = r.msg;
    if (m.sessionType !== SessionType.Group || m.contentType !== ContentType.AtText || !m.atUserIDList.length) return;
    const mentioned = new Set(m.atUserIDList.filter((id) => id !== m.sendID));
    if (m.atUserIDList.includes(AT_ALL_TAG)) {
      const members = (await this.groups.memberIDs(m.groupID, tx)).filter((id) => id !== m.sendID);
      const direct = members.filter((id) => mentioned.has(id));
      await this.conversations.update(
        tx,
        r.conversationID,
        members.filter((id) => !mentioned.has(id)),
        { groupAtType: GroupAtType.AtAll },
      );
      await this.conversations.update(tx, r.conversationID, direct, { groupAtType: GroupAtType.AtAllAtMe });
    } else {
      await this.conversations.update(tx, r.conversationID, [...mentioned], { groupAtType: GroupAtType.AtMe });
    }
  }
}
