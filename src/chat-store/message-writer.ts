import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseService, Tx } from '../infra/database/database.service';
import { isDatabaseUnavailable } from '../infra/database/connection-errors';
import { isUniqueViolation } from '../infra/database/sql-util';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { CONVERSATIONS_FLAGGED, MESSAGE_STORED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AT_ALL_TAG, ContentType, GroupAtType, Opt, optionOn, SessionType } from '../protocol/message';
import type { MsgData } from '../protocol/msg-data';
import { ConversationRepository } from './conversation.repository';
import type { NewConversationRow } from './conversation.schema';
import { msgToRow, rowToMsg } from './message-rows';
import type { MessageRow } from './message.schema';
import { MessageRepository } from './message.repository';
import { GROUP_MEMBERS, GroupMembers } from './ports';
import { PushOutboxRepository } from './push-outbox.repository';
import { SeqRepository, SeqWant } from './seq.repository';
import type { StreamOwners } from './stream-owners';
import { WriteQueue } from './write-queue';

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
  /** the clientMsgID came from the client: a resend must return the first result */
  dedupe: boolean;
  /**
   * whose stream the conversation is (recorded when it is created); a send into a stream of other owners is refused.
   * Absent only where the caller already checked access to an existing conversation.
   */
  owners?: StreamOwners;
}

export interface WriteResult {
  msg: MsgData;
  /** the message was stored before (same clientMsgID in the conversation): this is the first result */
  duplicate: boolean;
  /** members whose conversation this @-message flagged (their groupAtType changed) */
  flagged?: string[];
}

interface Pending {
  req: WriteRequest;
  /** settle once: a send answered at its deadline ignores its batch's later outcome */
  resolve: (r: WriteResult) => void;
  reject: (err: unknown) => void;
  /** answered already (committed, refused, or past its deadline) */
  settled: boolean;
}

const MAX_BATCH = 500;

/**
 * The only writer of messages. Sends queue here; a transaction takes everything queued (up to MAX_BATCH, any
 * conversations) and allocates seqs, inserts, creates conversation records and moves read positions at once.
 * While transactions run, new sends accumulate, so load turns into larger batches instead of more round trips.
 * A send's promise settles only after its transaction committed; then the message is published for push.
 */
@Injectable()
export class MessageWriter implements OnApplicationShutdown {
  private readonly log = new Logger('MessageWriter');
  private readonly queue = new WriteQueue<Pending>(MAX_BATCH);
  private inFlight = 0;
  private readonly maxInFlight: number;
  private idle?: () => void;
  /** offline push is configured: messages that allow it are put in the push outbox with their commit */
  private readonly offlinePush: boolean;
  /** PostgreSQL: the longest a send waits for its commit before it is answered 90002 (0 = no deadline) */
  private readonly deadlineMs: number;

  constructor(
    private readonly database: DatabaseService,
    private readonly messages: MessageRepository,
    private readonly seqs: SeqRepository,
    private readonly conversations: ConversationRepository,
    @Inject(GROUP_MEMBERS) private readonly groups: GroupMembers,
    private readonly events: EventBus,
    private readonly outbox: PushOutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.offlinePush = config.push.provider !== 'none';
    // PGlite runs one transaction at a time anyway; PostgreSQL overlaps a few (rows of one conversation serialise).
    this.maxInFlight = database.kind === 'pglite' ? 1 : 4;
    // The embedded database cannot go away: a long wait there is load, which the sender should wait out.
    this.deadlineMs = database.kind === 'postgres' ? config.dbUnavailableTimeoutMs : 0;
  }

  /**
   * Resolves once the message is committed. On PostgreSQL a send still unanswered after DB_UNAVAILABLE_TIMEOUT_MS
   * (a database that went silent, batches queued behind one that waits for it) is refused with 90002 then: still
   * queued, it is never written; already in a transaction, it may commit later, and the sender's resend with the
   * same clientMsgID then answers the stored message.
   */
  write(req: WriteRequest): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = () => {
        p.settled = true;
        clearTimeout(timer);
      };
      const p: Pending = {
        req,
        settled: false,
        resolve: (r) => p.settled || (settle(), resolve(r)),
        reject: (err) => p.settled || (settle(), reject(err instanceof Error ? err : new Error(String(err)))),
      };
      if (this.deadlineMs) {
        timer = setTimeout(() => {
          this.queue.remove(p);
          p.reject(new ImError(ErrCode.DatabaseUnavailable, `not committed within ${this.deadlineMs} ms`));
          if (!this.inFlight && !this.queue.length) this.idle?.();
        }, this.deadlineMs);
      }
      this.queue.push(p);
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
      const { batch, done } = this.queue.take();
      if (!batch.length) return; // every waiting send is of a conversation a batch in flight holds
      this.inFlight++;
      void this.run(batch).finally(() => {
        done();
        this.inFlight--;
        this.pump();
        if (!this.inFlight && !this.queue.length) this.idle?.();
      });
    }
  }

  /** Runs one batch; resolves with the error that showed the database unusable, if one did. */
  private async run(batch: Pending[], retried = false): Promise<unknown> {
    let results: (WriteResult | ImError)[];
    try {
      results = await this.database.transaction((tx) =>
        this.store(
          tx,
          batch.map((p) => p.req),
        ),
      );
    } catch (err) {
      // The database is away: single retries would fail alike, each after the timeout. Senders resend (deduped).
      if (isDatabaseUnavailable(err)) {
        for (const p of batch) p.reject(err);
        return err;
      }
      if (batch.length === 1) {
        // A resend that raced its original: once the original committed, the retry finds and returns it.
        if (!retried && batch[0].req.dedupe && isUniqueViolation(err)) return this.run(batch, true);
        batch[0].reject(err);
        return undefined;
      }
      // One bad message (or a deadlock with another batch) must not fail the others: retry them one by one. If the
      // database goes away meanwhile, the rest are answered at once rather than each after its own timeout.
      this.log.warn(`batch of ${batch.length} failed (${(err as Error).message}); retrying singly`);
      for (const [i, p] of batch.entries()) {
        if (p.settled) continue; // answered at its deadline: the sender resends
        const down = await this.run([p]);
        if (down === undefined) continue;
        for (const rest of batch.slice(i + 1)) rest.reject(down);
        return down;
      }
      return undefined;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r instanceof ImError) return p.reject(r);
      p.resolve(r);
      if (!r.duplicate) {
        this.events.publish(MESSAGE_STORED, {
          conversationID: p.req.conversationID,
          msg: r.msg,
          operationID: p.req.operationID,
          extraUserIDs: p.req.extraUserIDs,
        });
      }
      if (r.flagged) {
        this.events.publish(CONVERSATIONS_FLAGGED, { conversationID: p.req.conversationID, ownerUserIDs: r.flagged });
      }
    });
    return undefined;
  }

  private async store(tx: Tx, reqs: WriteRequest[]): Promise<(WriteResult | ImError)[]> {
    const key = (cid: string, clientMsgID: string) => `${cid}\u0000${clientMsgID}`;
    // Resends: only client-chosen IDs can repeat (server-made ones are random). A resend racing its original
    // in another batch loses on the unique key, and its single retry then finds the original here.
    const known = new Map<string, MessageRow>();
    const checked = reqs.filter((r) => r.dedupe);
    if (checked.length) {
      const existing = await this.messages.findByClientMsgIDs(
        tx,
        [...new Set(checked.map((r) => r.conversationID))],
        [...new Set(checked.map((r) => r.msg.clientMsgID))],
      );
      for (const m of existing) known.set(key(m.conversationID, m.clientMsgID), m);
    }
    const plan: ({ stored: MsgData } | { req: WriteRequest; repeat: boolean } | { refused: ImError })[] = [];
    const firstInBatch = new Map<string, WriteRequest>();
    const wants = new Map<string, SeqWant>();
    for (const req of reqs) {
      const k = key(req.conversationID, req.msg.clientMsgID);
      const old = known.get(k);
      const same = firstInBatch.get(k);
      // only the same sender can resend; another sender's message is never answered to this one
      if ((old && old.sendID !== req.msg.sendID) || (same && same.msg.sendID !== req.msg.sendID)) {
        plan.push({ refused: ImError.args(`clientMsgID ${req.msg.clientMsgID} is already used in this conversation`) });
      } else if (old) plan.push({ stored: rowToMsg(old) });
      else if (same) plan.push({ req: same, repeat: true });
      else {
        firstInBatch.set(k, req);
        const want = wants.get(req.conversationID) ?? { count: 0, owners: req.owners };
        want.count++;
        want.owners ??= req.owners;
        wants.set(req.conversationID, want);
        plan.push({ req, repeat: false });
      }
    }
    const now = Date.now();
    const flagged = new Map<WriteRequest, string[]>();
    const prevMax = wants.size ? await this.seqs.allocate(tx, wants, now) : new Map<string, number>();
    const results = () =>
      plan.map((p) => {
        if ('refused' in p) return p.refused;
        if ('stored' in p) return { msg: p.stored, duplicate: true };
        if (!prevMax.has(p.req.conversationID)) return notYours(p.req.conversationID);
        return { msg: p.req.msg, duplicate: p.repeat, flagged: p.repeat ? undefined : flagged.get(p.req) };
      });
    const fresh = [...firstInBatch.values()].filter((r) => prevMax.has(r.conversationID));
    if (!fresh.length) return results();

    const nextSeq = new Map(prevMax);
    for (const req of fresh) {
      const seq = (nextSeq.get(req.conversationID) ?? 0) + 1;
      nextSeq.set(req.conversationID, seq);
      req.msg = { ...req.msg, seq };
    }
    const rows = fresh.map((r) => msgToRow(r.conversationID, r.msg, r.searchText));
    await this.messages.insertMany(tx, rows);
    await this.conversations.upsertForMessages(tx, await this.recordsFor(tx, fresh, prevMax, now));
    for (const r of fresh) {
      const owners = await this.markMentions(tx, r);
      if (owners.length) flagged.set(r, owners);
    }
    if (this.offlinePush) {
      const pushable = fresh.filter((r) => optionOn(r.msg.options, Opt.offlinePush));
      await this.outbox.enqueue(
        tx,
        pushable.map((r) => ({ conversationID: r.conversationID, seq: r.msg.seq })),
        now,
      );
    }
    return results();
  }

  /**
   * Conversation records a batch implies — both sides of a single chat, the receiver of a notification chat, all
   * members at a group's first message — with each sender's read position moved to its last message.
   */
  private async recordsFor(
    tx: Tx,
    fresh: WriteRequest[],
    prevMax: Map<string, number>,
    now: number,
  ): Promise<NewConversationRow[]> {
    const rows = new Map<string, NewConversationRow>();
    const groupsDone = new Set<string>();
    const add = (owner: string, cid: string, type: number, userID: string, groupID: string, read = 0) => {
      const k = `${owner}\u0000${cid}`;
      const row = rows.get(k);
      if (row) row.hasReadSeq = Math.max(row.hasReadSeq ?? 0, read);
      else {
        rows.set(k, {
          ownerUserID: owner,
          conversationID: cid,
          conversationType: type,
          userID,
          groupID,
          createTime: now,
          hasReadSeq: read,
        });
      }
    };
    for (const r of fresh) {
      const m = r.msg;
      const read = r.senderRead ? m.seq : 0;
      switch (m.sessionType) {
        case SessionType.Single:
          if (r.createRecords) add(m.recvID, r.conversationID, SessionType.Single, m.sendID, '');
          if (r.createRecords || read) add(m.sendID, r.conversationID, SessionType.Single, m.recvID, '', read);
          break;
        case SessionType.Notification:
          if (r.createRecords) add(m.recvID, r.conversationID, SessionType.Notification, m.sendID, '');
          break;
        case SessionType.Group:
          if (r.createRecords && prevMax.get(r.conversationID) === 0 && !groupsDone.has(r.conversationID)) {
            groupsDone.add(r.conversationID);
            for (const member of await this.groups.memberIDs(m.groupID, tx)) {
              add(member, r.conversationID, SessionType.Group, '', m.groupID);
            }
          }
          if (read) add(m.sendID, r.conversationID, SessionType.Group, '', m.groupID, read);
          break;
      }
    }
    return [...rows.values()];
  }

  /**
   * An @-message in a group flags the mentioned members' conversations (groupAtType), members only, as the
   * reference's setConversationAtInfo. Returns the members whose flag changed.
   */
  private async markMentions(tx: Tx, r: WriteRequest): Promise<string[]> {
    const m = r.msg;
    const mentions = m.sessionType === SessionType.Group && m.contentType === ContentType.AtText;
    if (!mentions || !m.atUserIDList.length) return [];
    const members = (await this.groups.memberIDs(m.groupID, tx)).filter((id) => id !== m.sendID);
    const named = new Set(m.atUserIDList);
    const direct = members.filter((id) => named.has(id));
    if (!named.has(AT_ALL_TAG)) {
      return this.conversations.update(tx, r.conversationID, direct, { groupAtType: GroupAtType.AtMe });
    }
    const others = members.filter((id) => !named.has(id));
    return [
      ...(await this.conversations.update(tx, r.conversationID, others, { groupAtType: GroupAtType.AtAll })),
      ...(await this.conversations.update(tx, r.conversationID, direct, { groupAtType: GroupAtType.AtAllAtMe })),
    ];
  }
}

/** A send into a conversation ID that belongs to other users (a colliding pair ID): nothing is stored. */
function notYours(conversationID: string): ImError {
  return new ImError(ErrCode.NoPermission, `conversation ${conversationID} belongs to other users`);
}
