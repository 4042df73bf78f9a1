import {
  errOf,
  expectArgsError,
  expectOk,
  registerUsers,
  sendText,
  si,
  userToken,
  type PulledMsg,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

interface Range {
  conversationID: string;
  begin: number;
  end: number;
  num: number;
}
type Pulled = Record<'msgs' | 'notificationMsgs', Record<string, { Msgs: PulledMsg[]; isEnd: boolean }>>;

describe('pull_msg_by_seq, newest_seq, get_conversations_has_read_and_max_seq', () => {
  let t: TestApp;
  let a: string, b: string, stranger: string, cid: string, ta: string, tb: string, ts: string;
  beforeAll(async () => {
    t = await startTestApp();
    [a, b, stranger] = (await registerUsers(t, 3)).map((u) => u.userID);
    for (let i = 1; i <= 5; i++) await sendText(t, a, b, `m${i}`);
    cid = si(a, b);
    [ta, tb, ts] = await Promise.all([a, b, stranger].map((u) => userToken(t, u)));
    // a read receipt from b: the first entry of the stream n_a_b
    expectOk((await t.post('/msg/mark_msgs_as_read', { userID: b, conversationID: cid, seqs: [1] }, tb)).body);
  });
  afterAll(() => t.close());

  const pull = async (userID: string, token: string, ranges: Partial<Range>[], order = 0) => {
    const res = await t.post('/msg/pull_msg_by_seq', { userID, seqRanges: ranges, order }, token);
    expectOk(res.body);
    return res.body.data as Pulled;
  };
  const range = (begin: number, end: number, num = 100, conversationID = cid) => ({ conversationID, begin, end, num });
  const seqsOf = (p: Pulled) => p.msgs[cid].Msgs.map((m) => m.seq);

  it('returns the last `num` seqs of a range, in ascending order, with isEnd when the newest is reached', async () => {
    const lastTwo = await pull(b, tb, [range(1, 5, 2)]);
    expect(seqsOf(lastTwo)).toEqual([4, 5]);
    expect(lastTwo.msgs[cid].isEnd).toBe(true);

    const head = await pull(b, tb, [range(1, 3)]);
    expect(seqsOf(head)).toEqual([1, 2, 3]);
    expect(head.msgs[cid].isEnd).toBe(false);

    const past = await pull(b, tb, [range(4, 99)]);
    expect(seqsOf(past)).toEqual([4, 5]);
    expect(past.msgs[cid].isEnd).toBe(true);

    const descending = await pull(b, tb, [range(1, 3)], 1);
    expect(seqsOf(descending)).toEqual([1, 2, 3]);
    expect(descending.msgs[cid].isEnd).toBe(true);
    expect((await pull(b, tb, [range(2, 3)], 1)).msgs[cid].isEnd).toBe(false);

    expect(await pull(b, tb, [range(4, 2)])).toEqual({ msgs: {}, notificationMsgs: {} });
    expect(await pull(b, tb, [range(6, 9)])).toEqual({ msgs: {}, notificationMsgs: {} });
  });

  it('pulls chat and notification streams in one request, each in its own map', async () => {
    const both = await pull(a, ta, [range(1, 5), range(1, 5, 100, `n_${cid.slice(3)}`)]);
    expect(seqsOf(both)).toEqual([1, 2, 3, 4, 5]);
    expect(both.notificationMsgs[`n_${cid.slice(3)}`].Msgs.map((m) => [m.seq, m.contentType])).toEqual([[1, 2200]]);
  });

  it("leaves out conversations and streams that are not the user's", async () => {
    const res = await pull(stranger, ts, [range(1, 5), range(1, 5, 100, `n_${cid.slice(3)}`), range(1, 5, 100, 'x')]);
    expect(res).toEqual({ msgs: {}, notificationMsgs: {} });
  });

  it("refuses another user's pull (1002), no token (1005) and bad ranges (1001)", async () => {
    const body = { userID: b, seqRanges: [range(1, 5)], order: 0 };
    expect(errOf((await t.post('/msg/pull_msg_by_seq', body, ta)).body).errCode).toBe(1002);
    expect(errOf((await t.post('/msg/pull_msg_by_seq', body)).body).errCode).toBe(1005);
    const bad = (patch: object) => t.post('/msg/pull_msg_by_seq', { ...body, ...patch }, tb);
    expectArgsError((await bad({ seqRanges: undefined })).body, 'seqRanges');
    expectArgsError((await bad({ seqRanges: [{ ...range(1, 5), num: 1001 }] })).body, 'num');
    expectArgsError((await bad({ seqRanges: [{ ...range(1, 5), begin: -1 }] })).body, 'begin');
    expectArgsError((await bad({ seqRanges: [{ begin: 1, end: 5, num: 5 }] })).body, 'conversationID');
    expectArgsError((await bad({ order: 2 })).body, 'order');
    expectArgsError((await bad({ seqRanges: Array.from({ length: 1001 }, () => range(1, 1)) })).body, 'seqRanges');
  });

  it("newest_seq lists the user's conversations and their non-empty notification streams", async () => {
    const newest = (userID: string, token: string) => t.post('/msg/newest_seq', { userID }, token);
    expect((await newest(a, ta)).body.data).toEqual({ maxSeqs: { [cid]: 5, [`n_${cid.slice(3)}`]: 1 }, minSeqs: null });
    expect((await newest(b, tb)).body.data.maxSeqs).toEqual({ [cid]: 5, [`n_${cid.slice(3)}`]: 1 });
    expect((await newest(stranger, ts)).body.data.maxSeqs).toEqual({});
    expect(errOf((await newest(b, ta)).body).errCode).toBe(1002);
    expect(errOf((await t.post('/msg/newest_seq', { userID: b })).body).errCode).toBe(1005);
    expectArgsError((await t.post('/msg/newest_seq', {}, tb)).body, 'userID');
  });

  it('get_conversations_has_read_and_max_seq: all or the requested own conversations, pinned IDs on request', async () => {
    const get = (body: object, token = tb) => t.post('/msg/get_conversations_has_read_and_max_seq', body, token);
    const all = await get({ userID: b });
    expect(all.body.data).toEqual({
      seqs: { [cid]: { maxSeq: 5, hasReadSeq: 1, maxSeqTime: expect.any(Number) } },
      pinnedConversationIDs: null,
    });
    expect(Math.abs(all.body.data.seqs[cid].maxSeqTime - Date.now())).toBeLessThan(60_000);
    const some = await get({ userID: b, conversationIDs: [cid, si(b, stranger)], returnPinned: true });
    expect(some.body.data).toEqual({ seqs: { [cid]: expect.any(Object) }, pinnedConversationIDs: [] });
    expect(errOf((await get({ userID: b }, ta)).body).errCode).toBe(1002);
    expect(errOf((await t.post('/msg/get_conversations_has_read_and_max_seq', { userID: b })).body).errCode).toBe(1005);
    expectArgsError((await get({ userID: b, conversationIDs: 'x' })).body, 'conversationIDs');
  });
});
