import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { loadConfig } from '../config/app-config';
import type { DatabaseService, Tx } from '../infra/database/database.service';
import { EventBus } from '../infra/events/event-bus';
import { emptyMsg } from '../protocol/msg-data';
import type { ConversationRepository } from './conversation.repository';
import { MessageWriter, type WriteRequest } from './message-writer';
import type { MessageRepository } from './message.repository';
import type { GroupMembers } from './ports';
import type { PushOutboxRepository } from './push-outbox.repository';
import type { SeqRepository } from './seq.repository';

const DEADLINE_MS = 300;
const lost = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/**
 * The writer on a PostgreSQL that fails under it (fake repositories: the seq allocation, the writer's first
 * statement after the resend lookup, is where the database answers or not). Every send must be answered, within
 * DB_UNAVAILABLE_TIMEOUT_MS, and a send answered with a refusal before its batch started is never written.
 */
describe('MessageWriter when PostgreSQL fails mid-batch', () => {
  /** clientMsgIDs of each transaction's batch, in the order the writer started them */
  let batches: string[][];
  let allocate: (call: number) => Promise<Map<string, number>>;

  function writer(): MessageWriter {
    const database = {
      kind: 'postgres',
      transaction: <T>(fn: (tx: Tx) => Promise<T>) => fn({} as Tx),
    } as unknown as DatabaseService;
    const messages = {
      findByClientMsgIDs: (_tx: Tx, _cids: string[], ids: string[]) => {
        batches.push(ids);
        return Promise.resolve([]);
      },
    } as unknown as MessageRepository;
    const seqs = { allocate: () => allocate(batches.length) } as unknown as SeqRepository;
    const config = loadConfig({ DB_UNAVAILABLE_TIMEOUT_MS: String(DEADLINE_MS) });
    return new MessageWriter(
      database,
      messages,
      seqs,
      {} as ConversationRepository,
      {} as GroupMembers,
      new EventBus(null),
      {} as PushOutboxRepository,
      config,
    );
  }

  const request = (n: number): WriteRequest => ({
    conversationID: `si_a_b${n}`,
    msg: { ...emptyMsg(), sendID: 'a', recvID: `b${n}`, clientMsgID: `c${n}`, sessionType: 1, contentType: 101 },
    searchText: '',
    operationID: '',
    createRecords: true,
    senderRead: true,
    dedupe: true,
  });

  /** Starts `n` sends at once; each settles into its error (or 'ok') and how long it took. */
  function sendAll(w: MessageWriter, n: number) {
    const t0 = Date.now();
    return Promise.all(
      Array.from({ length: n }, (_, i) =>
        w.write(request(i)).then(
          (): { err: unknown; ms: number } => ({ err: 'ok', ms: Date.now() - t0 }),
          (err: unknown) => ({ err, ms: Date.now() - t0 }),
        ),
      ),
    );
  }

  beforeEach(() => {
    batches = [];
  });

  it('a database that stops answering: every send is refused with 90002 at its deadline, queued ones never run', async () => {
    const hung: ((err: Error) => void)[] = [];
    allocate = () => new Promise((_, reject) => hung.push(reject));
    const answers = await sendAll(writer(), 12);

    // four transactions in flight (one send each, they came one by one), the other eight queued behind them
    expect(batches).toEqual([['c0'], ['c1'], ['c2'], ['c3']]);
    for (const a of answers) {
      expect(a.err).toBeInstanceOf(ImError);
      expect((a.err as ImError).code).toBe(ErrCode.DatabaseUnavailable);
      expect(a.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
      expect(a.ms).toBeLessThan(DEADLINE_MS + 200);
    }
    // the silent transactions fail at last: nothing more is attempted, the refused sends stay unwritten
    for (const reject of hung) reject(lost());
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(4);
  });

  it('a batch that fails for one message, then the database goes away: the rest are refused at once', async () => {
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    allocate = (call) => {
      if (call <= 4) return Promise.reject(lost()); // the first four single sends: connection refused
      if (call === 5) return Promise.reject(deadlock); // the queued twenty as one batch
      // the first single retry: the database is gone by now, and answers only after a while
      return new Promise((_, reject) => setTimeout(() => reject(lost()), 100));
    };
    const answers = await sendAll(writer(), 24);

    expect(batches.map((b) => b.length)).toEqual([1, 1, 1, 1, 20, 1]);
    expect(answers.filter((a) => (a.err as { code?: string }).code !== 'ECONNREFUSED')).toEqual([]);
    // one wait of the retry, not twenty in a row
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(DEADLINE_MS);
  });
});
