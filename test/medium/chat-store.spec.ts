import { ConversationRepository } from '../../src/chat-store/conversation.repository';
import { MessageRepository } from '../../src/chat-store/message.repository';
import { MessageWriter, WriteRequest } from '../../src/chat-store/message-writer';
import type { GroupMembers } from '../../src/chat-store/ports';
import { SeqRepository } from '../../src/chat-store/seq.repository';
import { pairOwners } from '../../src/chat-store/stream-owners';
import { ErrCode } from '../../src/common/errors/errcode';
import { DatabaseService, dbHandle } from '../../src/infra/database/database.service';
import { queryRows } from '../../src/infra/database/sql-util';
import { rowToMsg } from '../../src/chat-store/message-rows';
import { sql } from 'drizzle-orm';
import { EventBus } from '../../src/infra/events/event-bus';
import { groupConversationID, singleConversationID } from '../../src/protocol/conversation-id';
import { ContentType, SessionType } from '../../src/protocol/message';
import { emptyMsg } from '../../src/protocol/msg-data';
import { conversationLogKey } from '../../src/chat-store/conversation-settings';
import { VersionLogRepository } from '../../src/versionlog/version-log.repository';
import { openTestDatabase, TestDatabase } from '../helpers/database';
import { uniqueID } from '../helpers/fixtures';
import { PushOutboxRepository } from '../../src/chat-store/push-outbox.repository';
import { loadConfig } from '../../src/config/app-config';

/** The message store on a real database (PGlite, or PostgreSQL when DATABASE_URL is set). */
describe('chat store (real database)', () => {
  let db: TestDatabase;
  let database: DatabaseService;
  let seqs: SeqRepository;
  let messages: MessageRepository;
  let conversations: ConversationRepository;
  let versions: VersionLogRepository;
  let writer: MessageWriter;
  let transactions = 0;
  const members = new Map<string, string[]>();
  const groupMembers: GroupMembers = { memberIDs: (groupID) => Promise.resolve(members.get(groupID) ?? []) };

  beforeAll(async () => {
    db = await openTestDatabase();
    database = db.database;
    const transaction = database.transaction.bind(database);
    // counts the writer's transactions, to see batching
    database.transaction = (fn) => {
      transactions++;
      return transaction(fn);
    };
    seqs = new SeqRepository(database);
    messages = new MessageRepository(database);
    versions = new VersionLogRepository(database);
    conversations = new ConversationRepository(database, versions);
    writer = new MessageWriter(
      database,
      messages,
      seqs,
      conversations,
      groupMembers,
      new EventBus(null),
      new PushOutboxRepository(database),
      loadConfig({}),
    );
  });
  afterAll(() => db.close());

  function single(sendID: string, recvID: string, text: string, extra: Partial<WriteRequest> = {}): WriteRequest {
    return {
      conversationID: singleConversationID(sendID, recvID),
      msg: {
        ...emptyMsg(),
        sendID,
        recvID,
        clientMsgID: uniqueID('c'),
        serverMsgID: uniqueID('s'),
        sessionType: SessionType.Single,
        contentType: ContentType.Text,
        content: JSON.stringify({ content: text }),
        sendTime: Date.now(),
      },
      searchText: text,
      operationID: '',
      createRecords: true,
      senderRead: true,
      dedupe: false,
      ...extra,
    };
  }

  describe('SeqRepository.allocate', () => {
    it('hands out consecutive seqs per conversation and gives them back when the transaction rolls back', async () => {
      const cid = uniqueID('si_');
      const first = await database.transaction((tx) => seqs.allocate(tx, new Map([[cid, { count: 3 }]]), 1));
      expect(first.get(cid)).toBe(0);
      await expect(
        database.transaction(async (tx) => {
          await seqs.allocate(tx, new Map([[cid, { count: 5 }]]), 2);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const next = await database.transaction((tx) => seqs.allocate(tx, new Map([[cid, { count: 2 }]]), 3));
      expect(next.get(cid)).toBe(3);
      expect((await seqs.heads([cid])).get(cid)).toMatchObject({ maxSeq: 5, maxSeqTime: 3 });
    });

    it('serialises concurrent transactions on a shared conversation: no seq given twice', async () => {
      const cid = uniqueID('si_');
      const other = uniqueID('si_');
      const starts = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          database.transaction((tx) =>
            seqs.allocate(
              tx,
              new Map([
                [cid, { count: 2 }],
                [other, { count: i + 1 }],
              ]),
              i,
            ),
          ),
        ),
      );
      const taken = starts.map((m) => m.get(cid) ?? -1).sort((a, b) => a - b);
      expect(taken).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
      expect((await seqs.heads([other])).get(other)?.maxSeq).toBe(36);
    });
  });

  describe('MessageWriter', () => {
    it('batches concurrent sends into few transactions, with gap-free seqs in every conversation', async () => {
      const receivers = [uniqueID(), uniqueID(), uniqueID()];
      const sender = uniqueID();
      const before = transactions;
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => writer.write(single(sender, receivers[i % 3], `m${i}`))),
      );
      expect(transactions - before).toBeLessThan(60);
      for (const r of receivers) {
        const cid = singleConversationID(sender, r);
        const own = results.filter((x) => x.msg.recvID === r).map((x) => x.msg.seq);
        expect(own.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        const stored = await messages.inRanges([{ conversationID: cid, from: 1, to: 100 }]);
        expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      }
    });

    it('answers a resend with the first result and stores it once', async () => {
      const [a, b] = [uniqueID(), uniqueID()];
      const req = single(a, b, 'once', { dedupe: true });
      const [one, two] = await Promise.all([writer.write(req), writer.write({ ...req, msg: { ...req.msg } })]);
      const later = await writer.write({ ...req, msg: { ...req.msg, serverMsgID: 'another' } });
      expect(two.msg.serverMsgID).toBe(one.msg.serverMsgID);
      expect(later).toMatchObject({ duplicate: true, msg: { serverMsgID: one.msg.serverMsgID, seq: one.msg.seq } });
      const stored = await messages.inRanges([{ conversationID: req.conversationID, from: 1, to: 10 }]);
      expect(stored).toHaveLength(1);
    });

    it("stores a plain text message's words once and gives its content back byte for byte", async () => {
      const [a, b] = [uniqueID(), uniqueID()];
      const plain = single(a, b, 'h\u00e9llo "w\u00f6rld" \u4f60\u597d');
      const extra = single(a, b, 'same words');
      extra.msg.content = JSON.stringify({ content: 'same words', from: 'a bot' });
      // what Go's encoding/json writes (the SDK core): < escaped, a spelling JSON.stringify does not produce
      const escaped = single(a, b, '<b>');
      escaped.msg.content = '{"content":"\\u003cb\\u003e"}';
      for (const req of [plain, extra, escaped]) await writer.write(req);
      const stored = await queryRows<{ content: string }>(
        dbHandle(database),
        sql`SELECT content FROM messages WHERE conversation_id = ${plain.conversationID} ORDER BY seq`,
      );
      expect(stored.map((r) => r.content)).toEqual(['', extra.msg.content, escaped.msg.content]);
      const read = await messages.inRanges([{ conversationID: plain.conversationID, from: 1, to: 3 }]);
      expect(read.map((r) => rowToMsg(r).content)).toEqual([plain.msg.content, extra.msg.content, escaped.msg.content]);
    });

    it("creates both sides' records, moves the sender's read position, and logs the inserts for sync", async () => {
      const [a, b] = [uniqueID(), uniqueID()];
      await writer.write(single(a, b, 'one'));
      await writer.write(single(a, b, 'two'));
      const cid = singleConversationID(a, b);
      const [mine] = await conversations.findMany(a, [cid]);
      const [theirs] = await conversations.findMany(b, [cid]);
      expect(mine).toMatchObject({ userID: b, hasReadSeq: 2, conversationType: SessionType.Single });
      expect(theirs).toMatchObject({ userID: a, hasReadSeq: 0 });
      const log = await versions.head(conversationLogKey(b));
      expect(log.version).toBe(1);
    });

    it("gives every member a record at a group's first message, through the GroupMembers port", async () => {
      const groupID = uniqueID('g');
      const owner = uniqueID();
      const others = [uniqueID(), uniqueID()];
      members.set(groupID, [owner, ...others]);
      const cid = groupConversationID(groupID);
      await writer.write({
        ...single(owner, groupID, 'hello group'),
        conversationID: cid,
        msg: { ...single(owner, groupID, '').msg, groupID, sessionType: SessionType.Group },
      });
      for (const m of others) {
        expect(await conversations.findMany(m, [cid])).toEqual([
          expect.objectContaining({ groupID, hasReadSeq: 0, conversationType: SessionType.Group }),
        ]);
      }
      expect((await conversations.findMany(owner, [cid]))[0].hasReadSeq).toBe(1);
    });
  });

  describe('stream owners (colliding pair IDs: (p_x, y) and (p, x_y) both make si_p_x_y)', () => {
    function collidingPairs() {
      const tag = uniqueID('P');
      // IDs sorted as the conversation ID sorts them: `${tag}` < `${tag}_x` and `x_${tag}y` > `${tag}_x`
      return { first: [`${tag}_x`, `y${tag}`], second: [tag, `x_y${tag}`] } as const;
    }

    it('refuses a send from another pair into an existing stream and stores nothing', async () => {
      const { first, second } = collidingPairs();
      const cid = singleConversationID(first[0], first[1]);
      expect(singleConversationID(second[0], second[1])).toBe(cid);
      const ok = await writer.write(single(first[0], first[1], 'ours', { owners: pairOwners(first[0], first[1]) }));
      await expect(
        writer.write(single(second[0], second[1], 'theirs', { owners: pairOwners(second[0], second[1]) })),
      ).rejects.toMatchObject({ code: ErrCode.NoPermission });
      const stored = await messages.inRanges([{ conversationID: cid, from: 1, to: 10 }]);
      expect(stored.map((m) => m.clientMsgID)).toEqual([ok.msg.clientMsgID]);
      expect(await conversations.findMany(second[0], [cid])).toEqual([]);
    });

    it('in one batch, the pair that comes first owns a new stream; the other is refused', async () => {
      const { first, second } = collidingPairs();
      const results = await Promise.allSettled([
        writer.write(single(first[0], first[1], 'a', { owners: pairOwners(first[0], first[1]) })),
        writer.write(single(second[0], second[1], 'b', { owners: pairOwners(second[0], second[1]) })),
        writer.write(single(first[1], first[0], 'c', { owners: pairOwners(first[1], first[0]) })),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    });

    it("does not answer a resend with another sender's message of the same clientMsgID", async () => {
      const [a, b] = [uniqueID(), uniqueID()];
      const req = single(a, b, 'mine', { dedupe: true, owners: pairOwners(a, b) });
      await writer.write(req);
      const copy = single(b, a, 'copy', { dedupe: true, owners: pairOwners(a, b) });
      copy.msg.clientMsgID = req.msg.clientMsgID;
      await expect(writer.write(copy)).rejects.toMatchObject({ code: ErrCode.Args });
    });

    it('claim: a record can be made only for the stream of its own pair', async () => {
      const { first, second } = collidingPairs();
      const cid = singleConversationID(first[0], first[1]);
      expect(await seqs.claim(cid, pairOwners(first[0], first[1]))).toBe(true);
      expect(await seqs.claim(cid, pairOwners(first[1], first[0]))).toBe(true);
      expect(await seqs.claim(cid, pairOwners(second[0], second[1]))).toBe(false);
    });
  });

  describe('ConversationRepository.upsertForMessages', () => {
    it('moves read positions forward only and revives a record its owner deleted', async () => {
      const [owner, peer] = [uniqueID(), uniqueID()];
      const cid = singleConversationID(owner, peer);
      const row = { ownerUserID: owner, conversationID: cid, conversationType: 1, userID: peer, createTime: 1 };
      await database.transaction((tx) => conversations.upsertForMessages(tx, [{ ...row, hasReadSeq: 5 }]));
      await database.transaction((tx) => conversations.upsertForMessages(tx, [{ ...row, hasReadSeq: 3 }]));
      expect((await conversations.findOne(owner, cid))?.hasReadSeq).toBe(5);
      await database.transaction((tx) => conversations.delete(tx, owner, [cid]));
      expect(await conversations.findOne(owner, cid)).toBeUndefined();
      await database.transaction((tx) => conversations.upsertForMessages(tx, [{ ...row, hasReadSeq: 7 }]));
      expect((await conversations.findOne(owner, cid))?.hasReadSeq).toBe(7);
    });
  });
});
