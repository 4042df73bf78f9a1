import { randomBytes } from 'node:crypto';
import { errOf, expectOk, registerUsers, sendText, si, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

const SENDERS = 50;

interface PulledMsg {
  seq: number;
  clientMsgID: string;
}

/** Every message of a conversation as `userID` sees it, pulled by seq range. */
async function pullAll(t: TestApp, userID: string, conversationID: string, upTo: number): Promise<PulledMsg[]> {
  const token = await userToken(t, userID, 3);
  const out: PulledMsg[] = [];
  for (let begin = 1; begin <= upTo; begin += 1000) {
    const end = Math.min(upTo, begin + 999);
    const res = await t.post(
      '/msg/pull_msg_by_seq',
      { userID, seqRanges: [{ conversationID, begin, end, num: 1000 }] },
      token,
    );
    expectOk(res.body);
    out.push(...(res.body.data.msgs[conversationID]?.Msgs ?? []));
  }
  return out;
}

/** Seqs 1..n, each exactly once, each a real message (no placeholder), and every acked clientMsgID among them. */
function expectGapFree(msgs: PulledMsg[], acked: string[]): void {
  expect(msgs.map((m) => m.seq)).toEqual(Array.from({ length: acked.length }, (_, i) => i + 1));
  expect(new Set(msgs.map((m) => m.clientMsgID))).toEqual(new Set(acked));
}

describe('seq allocation under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it(`${SENDERS} concurrent senders into one conversation get seqs 1..n with no gap or duplicate`, async () => {
    const [a, b] = await registerUsers(t, 2);
    const acked = await Promise.all(
      Array.from({ length: SENDERS * 2 }, (_, i) =>
        sendText(t, i % 2 ? a.userID : b.userID, i % 2 ? b.userID : a.userID, `m${i}`),
      ),
    );
    const cid = si(a.userID, b.userID);
    const msgs = await pullAll(t, a.userID, cid, SENDERS * 2);
    expectGapFree(
      msgs,
      acked.map((m) => m.clientMsgID),
    );
    const seqs = await t.post('/msg/newest_seq', { userID: b.userID }, await userToken(t, b.userID));
    expect(seqs.body.data.maxSeqs[cid]).toBe(SENDERS * 2);
  });

  it('concurrent senders into many conversations each get their own gap-free sequence', async () => {
    const users = await registerUsers(t, 6);
    const pairs = [
      [users[0], users[1]],
      [users[2], users[3]],
      [users[4], users[5]],
    ];
    const acked = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const [x, y] = pairs[i % 3];
        return sendText(t, x.userID, y.userID, `p${i}`).then((m) => ({ pair: i % 3, id: m.clientMsgID }));
      }),
    );
    for (const [i, [x, y]] of pairs.entries()) {
      const msgs = await pullAll(t, y.userID, si(x.userID, y.userID), 20);
      expectGapFree(
        msgs,
        acked.filter((m) => m.pair === i).map((m) => m.id),
      );
    }
  });

  it('a resend with the same clientMsgID returns the first result and stores nothing new, even concurrently', async () => {
    const [a, b] = await registerUsers(t, 2);
    const clientMsgID = `c-${randomBytes(6).toString('hex')}`;
    const first = await sendText(t, a.userID, b.userID, 'once', { clientMsgID });
    const again = await Promise.all(
      Array.from({ length: 10 }, () => sendText(t, a.userID, b.userID, 'once', { clientMsgID })),
    );
    for (const r of again) expect(r).toEqual(first);
    const fresh = `c-${randomBytes(6).toString('hex')}`;
    const racing = await Promise.all(
      Array.from({ length: 10 }, () => sendText(t, a.userID, b.userID, 'race', { clientMsgID: fresh })),
    );
    expect(new Set(racing.map((r) => r.serverMsgID)).size).toBe(1);
    const msgs = await pullAll(t, b.userID, si(a.userID, b.userID), 10);
    expect(msgs.map((m) => m.clientMsgID)).toEqual([clientMsgID, fresh]);
  });

  it('the same clientMsgID in another conversation is another message', async () => {
    const [a, b, c] = await registerUsers(t, 3);
    const clientMsgID = `c-${randomBytes(6).toString('hex')}`;
    const one = await sendText(t, a.userID, b.userID, 'x', { clientMsgID });
    const two = await sendText(t, a.userID, c.userID, 'x', { clientMsgID });
    expect(two.serverMsgID).not.toBe(one.serverMsgID);
  });

  it('a send refused by validation in the middle of a storm costs no seq', async () => {
    const [a, b] = await registerUsers(t, 2);
    const admin = await t.adminToken();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.post(
          '/msg/send_msg',
          {
            recvID: b.userID,
            sendMsg: {
              sendID: a.userID,
              content: i % 3 ? { content: `ok${i}` } : { nope: 1 },
              contentType: 101,
              sessionType: 1,
            },
          },
          admin,
        ),
      ),
    );
    const okIDs = results.filter((r) => r.body.errCode === 0).map((r) => r.body.data.clientMsgID as string);
    expect(results.filter((r) => errOf(r.body).errCode === 1001)).toHaveLength(10);
    expectGapFree(await pullAll(t, a.userID, si(a.userID, b.userID), 30), okIDs);
  });
});

// Two processes on one database only exist with a PostgreSQL server; the embedded database belongs to one process.
if (process.env.DATABASE_URL) {
  describe('two app instances on one PostgreSQL', () => {
    let t1: TestApp;
    let t2: TestApp;
    beforeAll(async () => {
      t1 = await startTestApp();
      t2 = await startTestApp({ databaseUrl: t1.config.databaseUrl, redisPrefix: t1.config.redisPrefix });
    });
    afterAll(async () => {
      await t2.close();
      await t1.close();
    });

    it('concurrent senders through both instances share one gap-free sequence', async () => {
      const [a, b] = await registerUsers(t1, 2);
      const acked = await Promise.all(
        Array.from({ length: SENDERS * 2 }, (_, i) => sendText(i % 2 ? t1 : t2, a.userID, b.userID, `x${i}`)),
      );
      expectGapFree(
        await pullAll(t2, b.userID, si(a.userID, b.userID), SENDERS * 2),
        acked.map((m) => m.clientMsgID),
      );
    });
  });
}
