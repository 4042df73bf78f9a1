import { randomBytes } from 'node:crypto';
import { PbCoder } from '@openim/protocol';
import { httpPost } from './server-process';
import { textMsg, WsTestClient } from './ws-client';

/** One send of a {@link MixedStorm}: what a client would keep to resend it. */
export interface MixedAttempt {
  via: 'rest' | 'ws';
  sendID: string;
  clientMsgID: string;
  /** -1 while unanswered; -2 when the connection broke */
  errCode: number;
  serverMsgID?: string;
  startedAt: number;
  /** how long the answer took */
  ms: number;
}

/** After a refusal a sender waits this long before its next message, as an SDK backs off. */
const BACKOFF_MS = 100;

/**
 * Senders of two kinds into the same conversations: for each sender user, an admin's REST `/msg/send_msg` loop and
 * the user's own WebSocket (1003) loop, all to one receiver. The loops keep sending through an outage (a refused
 * message is kept for a resend, as the SDK keeps it) until stopped.
 */
export class MixedStorm {
  readonly attempts: MixedAttempt[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  private constructor(
    private readonly base: string,
    readonly admin: string,
    readonly senders: string[],
    readonly receiver: string,
    private readonly sockets: Map<string, WsTestClient>,
    private readonly tag: string,
  ) {}

  static async create(base: string, ws: string, senders: number): Promise<MixedStorm> {
    const admin = (await httpPost(base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' })).data
      .token as string;
    const tag = randomBytes(3).toString('hex');
    const users = Array.from({ length: senders + 1 }, (_, i) => ({ userID: `m${tag}_${i}`, nickname: `m${i}` }));
    const reg = await httpPost(base, '/user/user_register', { users }, admin);
    if (reg.errCode !== 0) throw new Error(`register failed: ${JSON.stringify(reg)}`);
    const ids = users.map((u) => u.userID);
    const sockets = new Map<string, WsTestClient>();
    for (const userID of ids.slice(0, senders)) {
      const r = await httpPost(base, '/auth/get_user_token', { userID, platformID: 1 }, admin);
      sockets.set(userID, await WsTestClient.connect(ws, { userID, token: r.data.token as string, platformID: 1 }));
    }
    return new MixedStorm(base, admin, ids.slice(0, senders), ids[senders], sockets, tag);
  }

  acked(): MixedAttempt[] {
    return this.attempts.filter((a) => a.errCode === 0);
  }

  /** Starts every loop: per sender one REST and one WebSocket. */
  start(): void {
    this.running = true;
    this.loops = this.senders.flatMap((sendID) => (['rest', 'ws'] as const).map((via) => this.loop(sendID, via)));
  }

  /** Stops the loops and resolves when every send made has been answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  close(): void {
    for (const c of this.sockets.values()) c.close();
  }

  private async loop(sendID: string, via: 'rest' | 'ws'): Promise<void> {
    for (let n = 0; this.running; n++) {
      const a = await this.attempt({ via, sendID, clientMsgID: `${via}-${sendID}-${n}-${this.tag}` });
      if (a.errCode !== 0) await new Promise((r) => setTimeout(r, BACKOFF_MS));
    }
  }

  /** One send (a new one, or a resend of `a`'s clientMsgID): recorded, timed, and its answer noted on it. */
  async attempt(a: Pick<MixedAttempt, 'via' | 'sendID' | 'clientMsgID'>, record = true): Promise<MixedAttempt> {
    const out: MixedAttempt = { ...a, errCode: -1, startedAt: Date.now(), ms: 0 };
    if (record) this.attempts.push(out);
    try {
      if (a.via === 'rest') {
        const sendMsg = { sendID: a.sendID, clientMsgID: a.clientMsgID, content: { content: a.clientMsgID } };
        const r = await httpPost(
          this.base,
          '/msg/send_msg',
          { recvID: this.receiver, sendMsg: { ...sendMsg, contentType: 101, sessionType: 1 } },
          this.admin,
        );
        out.errCode = r.errCode;
        out.serverMsgID = r.data?.serverMsgID as string | undefined;
      } else {
        const ws = this.sockets.get(a.sendID)!;
        const r = await ws.sendMsg(textMsg(a.sendID, this.receiver, a.clientMsgID, { clientMsgID: a.clientMsgID }));
        out.errCode = r.errCode;
        if (r.errCode === 0) out.serverMsgID = PbCoder.UserSendMsgResp.decode(r.data).serverMsgID;
      }
    } catch {
      out.errCode = -2;
    } finally {
      out.ms = Date.now() - out.startedAt;
    }
    return out;
  }

  /** clientMsgID → serverMsgID of every message stored to the receiver; with each conversation's seqs in order. */
  async stored(): Promise<{ byClientID: Map<string, string[]>; seqs: Map<string, number[]> }> {
    const { base, admin, receiver } = this;
    const token = (await httpPost(base, '/auth/get_user_token', { userID: receiver, platformID: 3 }, admin)).data
      .token as string;
    const maxSeqs = (await httpPost(base, '/msg/newest_seq', { userID: receiver }, token)).data.maxSeqs as Record<
      string,
      number
    >;
    const byClientID = new Map<string, string[]>();
    const seqs = new Map<string, number[]>();
    for (const sendID of this.senders) {
      const cid = `si_${[sendID, receiver].sort().join('_')}`;
      const got: number[] = [];
      for (let begin = 1; begin <= (maxSeqs[cid] ?? 0); begin += 100) {
        const range = { conversationID: cid, begin, end: Math.min(begin + 99, maxSeqs[cid]), num: 100 };
        const pulled = await httpPost(base, '/msg/pull_msg_by_seq', { userID: receiver, seqRanges: [range] }, token);
        const msgs = (
          pulled.data.msgs as Record<string, { Msgs: { seq: number; clientMsgID: string; serverMsgID: string }[] }>
        )[cid].Msgs;
        for (const m of msgs) {
          got.push(m.seq);
          byClientID.set(m.clientMsgID, [...(byClientID.get(m.clientMsgID) ?? []), m.serverMsgID]);
        }
      }
      seqs.set(cid, got);
    }
    return { byClientID, seqs };
  }
}

/** The p-th percentile (0..100) of some numbers. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
