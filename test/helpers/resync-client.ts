import { PbCoder } from '@openim/protocol';
import { textMsg, WsTestClient } from './ws-client';

/** One message a {@link ResyncClient} sent: what it keeps until acknowledged, and how the answer went. */
export interface SentRecord {
  clientMsgID: string;
  /** index of the node the send went through */
  node: number;
  startedAt: number;
  ms: number;
  errCode: number;
}

/**
 * A client that behaves as the SDK does when its node goes away: it keeps the messages it stores by seq (a seq
 * delivered twice is one message), reconnects to another node when its connection closes, then asks for the
 * newest seqs (1001) and pulls every seq it lacks (1002); a message sent without an answer is resent with its
 * clientMsgID after the reconnect.
 */
export class ResyncClient {
  /** conversationID → seq → clientMsgID */
  readonly store = new Map<string, Map<number, string>>();
  /** a seq that arrived again with another clientMsgID: two messages under one seq */
  readonly conflicts: string[] = [];
  readonly sent: SentRecord[] = [];
  reconnects = 0;
  private ws!: WsTestClient;
  private node = 0;
  private absorbed = 0;

  private constructor(
    readonly userID: string,
    private readonly token: string,
    private readonly urls: string[],
  ) {}

  static async connect(userID: string, token: string, urls: string[], node: number): Promise<ResyncClient> {
    const c = new ResyncClient(userID, token, urls);
    await c.open(node);
    return c;
  }

  get nodeIndex(): number {
    return this.node;
  }

  get connected(): boolean {
    return this.ws.closeCode === undefined;
  }

  /** Reconnects (trying the nodes after the current one first) and resyncs when the connection was lost. */
  async ensureConnected(): Promise<void> {
    if (this.connected) return;
    this.absorb();
    let lastErr: unknown;
    for (let i = 1; i <= this.urls.length; i++) {
      try {
        await this.open((this.node + i) % this.urls.length);
        this.reconnects++;
        await this.resync();
        return;
      } catch (err) {
        lastErr = err;
      }
    }
    throw lastErr instanceof Error ? lastErr : new Error(String(lastErr));
  }

  /** Sends one text message (1003) to `recvID`; resolves with the errCode, -1 when the connection broke. */
  async send(recvID: string, clientMsgID: string): Promise<SentRecord> {
    const rec: SentRecord = { clientMsgID, node: this.node, startedAt: Date.now(), ms: 0, errCode: -1 };
    this.sent.push(rec);
    try {
      const r = await this.ws.sendMsg(textMsg(this.userID, recvID, clientMsgID, { clientMsgID }));
      rec.errCode = r.errCode;
    } catch {
      rec.errCode = -1;
    }
    rec.ms = Date.now() - rec.startedAt;
    return rec;
  }

  /** newest seq of each conversation, then a pull of every seq missing locally */
  async resync(): Promise<void> {
    this.absorb();
    const newest = await this.ws.request(
      1001,
      Buffer.concat([Buffer.from([0x0a, this.userID.length]), Buffer.from(this.userID)]),
    );
    if (newest.errCode !== 0) throw new Error(`1001 answered ${newest.errCode}`);
    const maxSeqs = PbCoder.GetMaxSeqResp.decode(newest.data).maxSeqs;
    for (const [cid, max] of Object.entries(maxSeqs)) {
      const have = this.store.get(cid) ?? new Map<number, string>();
      for (const [begin, end] of missingRuns(have, Number(max))) {
        const req = { userID: this.userID, seqRanges: [{ conversationID: cid, begin, end, num: end - begin + 1 }] };
        const r = await this.ws.request(1002, PbCoder.PullMessageBySeqsReq.encode({ ...req, order: 0 }).finish());
        if (r.errCode !== 0) throw new Error(`1002 answered ${r.errCode}`);
        for (const m of PbCoder.PullMessageBySeqsResp.decode(r.data).msgs[cid]?.Msgs ?? []) {
          this.put(cid, Number(m.seq), m.clientMsgID);
        }
      }
    }
  }

  /** clientMsgIDs stored under more than one seq */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const seqs of this.store.values()) for (const id of seqs.values()) seen.set(id, (seen.get(id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  /** conversations whose stored seqs are not exactly 1..max */
  gaps(): string[] {
    return [...this.store].filter(([, seqs]) => [...seqs.keys()].some((s) => s < 1 || s > seqs.size)).map(([c]) => c);
  }

  close(): void {
    this.ws.close();
  }

  private async open(node: number): Promise<void> {
    this.ws = await WsTestClient.connect(this.urls[node], {
      userID: this.userID,
      token: this.token,
      platformID: 1,
      failOnClose: true,
    });
    this.node = node;
    this.absorbed = 0;
  }

  /** takes in the pushes that arrived since the last call */
  private absorb(): void {
    const pushed = this.ws.pushedMessages();
    for (const p of pushed.slice(this.absorbed)) this.put(p.conversationID, Number(p.msg.seq), p.msg.clientMsgID);
    this.absorbed = pushed.length;
  }

  private put(cid: string, seq: number, clientMsgID: string): void {
    let seqs = this.store.get(cid);
    if (!seqs) this.store.set(cid, (seqs = new Map()));
    const before = seqs.get(seq);
    if (before !== undefined && before !== clientMsgID) this.conflicts.push(`${cid}#${seq}: ${before} ${clientMsgID}`);
    seqs.set(seq, clientMsgID);
  }
}

/** The runs [begin, end] of seqs in 1..max that `have` lacks, each at most 100 long (one pull). */
function missingRuns(have: Map<number, string>, max: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let s = 1; s <= max; s++) {
    if (have.has(s)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === s - 1 && s - last[0] < 100) last[1] = s;
    else runs.push([s, s]);
  }
  return runs;
}
