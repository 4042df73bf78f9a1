import { randomBytes } from 'node:crypto';
import { Envelope, httpPost } from './server-process';

/** One send of a storm, with the client-chosen clientMsgID a client would resend with. */
export interface Attempt {
  sendID: string;
  clientMsgID: string;
  /** -1 while unanswered, and when the connection broke (the server process died) */
  errCode: number;
  serverMsgID?: string;
  /** how long the answer took */
  ms: number;
}

/** Waits for a condition, polling; fails after `timeoutMs`. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Senders and one receiver registered on a running server, and the admin token that sends for them. */
export class StormSetup {
  private constructor(
    readonly base: string,
    readonly admin: string,
    readonly senders: string[],
    readonly receiver: string,
    readonly tag: string,
  ) {}

  static async create(base: string, senders: number): Promise<StormSetup> {
    const admin = (await httpPost(base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' })).data
      .token as string;
    const tag = randomBytes(3).toString('hex');
    const users = Array.from({ length: senders + 1 }, (_, i) => ({ userID: `g${tag}_${i}`, nickname: `g${i}` }));
    const reg = await httpPost(base, '/user/user_register', { users }, admin);
    if (reg.errCode !== 0) throw new Error(`register failed: ${JSON.stringify(reg)}`);
    const ids = users.map((u) => u.userID);
    return new StormSetup(base, admin, ids.slice(0, senders), ids[senders], tag);
  }

  send(sendID: string, clientMsgID: string): Promise<Envelope> {
    const sendMsg = { sendID, clientMsgID, content: { content: clientMsgID }, contentType: 101, sessionType: 1 };
    return httpPost(this.base, '/msg/send_msg', { recvID: this.receiver, sendMsg }, this.admin);
  }

  /** One send, recorded in `attempts` before it is made. */
  async attempt(attempts: Attempt[], sendID: string, clientMsgID: string): Promise<Attempt> {
    const a: Attempt = { sendID, clientMsgID, errCode: -1, ms: 0 };
    attempts.push(a);
    const t0 = Date.now();
    try {
      const r = await this.send(sendID, clientMsgID);
      a.errCode = r.errCode;
      a.serverMsgID = r.data?.serverMsgID as string | undefined;
    } finally {
      a.ms = Date.now() - t0;
    }
    return a;
  }

  /** Every sender sends in a loop until its first refusal or a broken connection; resolves when all stopped. */
  storm(attempts: Attempt[]): Promise<void> {
    return Promise.all(
      this.senders.map(async (sendID, s) => {
        for (let n = 0; ; n++) {
          try {
            if ((await this.attempt(attempts, sendID, `g-${s}-${n}-${this.tag}`)).errCode !== 0) return;
          } catch {
            return;
          }
        }
      }),
    ).then(() => undefined);
  }

  /**
   * Resends every attempt with its clientMsgID: refused ones must succeed now, acknowledged ones must answer their
   * first serverMsgID. Then every attempt must be stored exactly once, with its conversation's seqs 1..max.
   */
  async expectResendsAndStoredOnce(attempts: Attempt[]): Promise<void> {
    for (let i = 0; i < attempts.length; i += 50) {
      await Promise.all(
        attempts.slice(i, i + 50).map(async (a) => {
          const r = await this.send(a.sendID, a.clientMsgID);
          expect({ id: a.clientMsgID, errCode: r.errCode }).toEqual({ id: a.clientMsgID, errCode: 0 });
          if (a.errCode === 0) {
            expect({ id: a.clientMsgID, first: r.data.serverMsgID }).toEqual({
              id: a.clientMsgID,
              first: a.serverMsgID,
            });
          } else a.serverMsgID = r.data.serverMsgID as string;
        }),
      );
    }
    const stored = await this.storedMessages();
    expect(stored).toEqual(new Map(attempts.map((a) => [a.clientMsgID, a.serverMsgID])));
  }

  /** clientMsgID → serverMsgID of every stored message to the receiver; fails on a repeat or a seq gap. */
  private async storedMessages(): Promise<Map<string, string>> {
    const { base, admin, receiver } = this;
    const token = (await httpPost(base, '/auth/get_user_token', { userID: receiver, platformID: 3 }, admin)).data
      .token as string;
    const maxSeqs = (await httpPost(base, '/msg/newest_seq', { userID: receiver }, token)).data.maxSeqs as Record<
      string,
      number
    >;
    const stored = new Map<string, string>();
    for (const sendID of this.senders) {
      const cid = sendID < receiver ? `si_${sendID}_${receiver}` : `si_${receiver}_${sendID}`;
      const max = maxSeqs[cid] ?? 0;
      const seqs: number[] = [];
      for (let begin = 1; begin <= max; begin += 100) {
        const range = { conversationID: cid, begin, end: Math.min(begin + 99, max), num: 100 };
        const pulled = await httpPost(base, '/msg/pull_msg_by_seq', { userID: receiver, seqRanges: [range] }, token);
        const msgs = (
          pulled.data.msgs as Record<string, { Msgs: { seq: number; clientMsgID: string; serverMsgID: string }[] }>
        )[cid].Msgs;
        for (const m of msgs) {
          seqs.push(m.seq);
          expect({ repeated: m.clientMsgID, before: stored.get(m.clientMsgID) }).toEqual({
            repeated: m.clientMsgID,
            before: undefined,
          });
          stored.set(m.clientMsgID, m.serverMsgID);
        }
      }
      expect(seqs).toEqual(Array.from({ length: max }, (_, i) => i + 1));
    }
    return stored;
  }
}
