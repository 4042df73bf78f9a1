/*
 * The crowd load process of the suite (forked, never the server's process): many WebSocket clients speaking the
 * JS SDK's protocol (JSON frames), for the group fan-out and the reconnect storm. Times are taken here only, so
 * send → receive latency needs no clock shared between processes.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PbCoder } from '@openim/protocol';
import type { SdkWsProto } from '@openim/protocol';
import WebSocket from 'ws';
import { clientFrameCodecFor, frameCodecFor, FrameDecodeError, wsReq, wsResp } from '../../src/gateway/codec';
import { percentiles, type LoadUser } from '../ws-shared';
import type { FanoutPlan, FanoutResult, FromCrowd, ResyncResult, ToCrowd } from './crowd-protocol';

const PUSH = 2001;
const codec = clientFrameCodecFor('js', undefined);
const serverCodec = frameCodecFor('js', '');
const EMPTY_MSG: SdkWsProto.MsgData = PbCoder.MsgData.decode(new Uint8Array(0));

interface Member {
  user: LoadUser;
  ws: WebSocket;
  /** answers awaited by msgIncr */
  waiting: Map<string, (r: { errCode: number; errMsg: string; data: Uint8Array }) => void>;
}

let members: Member[] = [];
let users: LoadUser[] = [];
let onPush: (m: Member, frame: Buffer, msgs: SdkWsProto.MsgData[], now: number) => void = () => undefined;

const say = (m: FromCrowd): void => void process.send?.(m);

function connectOne(url: string, user: LoadUser): Promise<Member> {
  const q = new URLSearchParams({
    sendID: user.userID,
    token: user.token,
    platformID: '5',
    operationID: `crowd-${randomBytes(4).toString('hex')}`,
    isBackground: 'false',
    isMsgResp: 'true',
    sdkType: 'js',
  });
  const ws = new WebSocket(`${url}?${q.toString()}`, { perMessageDeflate: false });
  const m: Member = { user, ws, waiting: new Map() };
  return new Promise<Member>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: HTTP ${res.statusCode}`)));
    ws.once('message', (data: Buffer) => {
      const a = JSON.parse(data.toString('utf8')) as { errCode: number; errDlt: string };
      if (a.errCode) return reject(new Error(`handshake refused: ${a.errCode} ${a.errDlt}`));
      ws.removeAllListeners('error');
      ws.on('error', () => undefined);
      ws.on('message', (frame: Buffer, binary: boolean) => binary && onFrame(m, frame));
      resolve(m);
    });
  });
}

function onFrame(m: Member, frame: Buffer): void {
  const now = performance.now();
  const r = codec.decodeResponse(frame);
  if (r instanceof FrameDecodeError) throw r;
  if (r.reqIdentifier === PUSH) {
    const push = PbCoder.PushMessages.decode(r.data);
    onPush(
      m,
      frame,
      Object.values(push.msgs).flatMap((p) => p.Msgs),
      now,
    );
    return;
  }
  const wait = m.waiting.get(r.msgIncr);
  m.waiting.delete(r.msgIncr);
  wait?.(r);
}

function request(m: Member, reqIdentifier: number, data: Uint8Array): Promise<Uint8Array> {
  const msgIncr = randomBytes(6).toString('hex');
  return new Promise((resolve, reject) => {
    m.waiting.set(msgIncr, (r) =>
      r.errCode ? reject(new RequestError(reqIdentifier, r.errCode, r.errMsg)) : resolve(r.data),
    );
    m.ws.send(
      codec.encodeRequest(wsReq({ reqIdentifier, sendID: m.user.userID, operationID: msgIncr, msgIncr, data })),
    );
  });
}

class RequestError extends Error {
  constructor(
    reqIdentifier: number,
    readonly errCode: number,
    errMsg: string,
  ) {
    super(`${reqIdentifier}: ${errCode} ${errMsg}`);
  }
}

/** Sync requests are admission-limited (errCode 1060 when too many run at once): retried as a client would. */
let retries = 0;
async function requestRetrying(m: Member, reqIdentifier: number, data: Uint8Array): Promise<Uint8Array> {
  for (;;) {
    try {
      return await request(m, reqIdentifier, data);
    } catch (err) {
      if (!(err instanceof RequestError) || err.errCode !== 1060) throw err;
      retries++;
      await sleep(100 + Math.random() * 400);
    }
  }
}

async function connectAll(url: string, list: LoadUser[], concurrency: number) {
  const t0 = performance.now();
  const out: Member[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let i = 0;
  const worker = async () => {
    while (i < list.length) {
      const u = list[i++];
      try {
        out.push(await connectOne(url, u));
      } catch (err) {
        failed++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const order = new Map(list.map((u, k) => [u.userID, k]));
  out.sort((a, b) => order.get(a.user.userID)! - order.get(b.user.userID)!);
  return { members: out, failed, firstError, seconds: (performance.now() - t0) / 1000 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fanout(plan: FanoutPlan): Promise<FanoutResult> {
  const sender = members[0];
  const receivers = members.length - 1;
  const sentAt = new Map<string, number>();
  const receipts = new Map<string, number>();
  const steadyLat: number[] = [];
  const burstLat: number[] = [];
  let latencies = steadyLat;
  let template: SdkWsProto.MsgData | undefined;
  let frameBytes = 0;
  let duplicated = 0;
  const seen = new Set<string>();
  let lastReceipt = 0;
  onPush = (m, frame, msgs, now) => {
    if (m === sender) return;
    for (const msg of msgs) {
      const t0 = sentAt.get(msg.clientMsgID);
      if (t0 === undefined) continue;
      const key = `${m.user.userID}/${msg.clientMsgID}`;
      if (seen.has(key)) {
        duplicated++;
        continue;
      }
      seen.add(key);
      template ??= msg;
      frameBytes ||= frame.length;
      receipts.set(msg.clientMsgID, (receipts.get(msg.clientMsgID) ?? 0) + 1);
      latencies.push(now - t0);
      lastReceipt = now;
    }
  };
  const tag = randomBytes(4).toString('hex');
  let n = 0;
  const sendOne = () => {
    const clientMsgID = `${tag}${String(n++).padStart(8, '0')}`;
    sentAt.set(clientMsgID, performance.now());
    if (plan.mode === 'bare') {
      // the same push the gateway sent, with this message's ID: the bare server relays the bytes to everyone
      const msg = { ...(bareTemplate ?? EMPTY_MSG), clientMsgID };
      const data = PbCoder.PushMessages.encode({
        msgs: { [`sg_${plan.groupID}`]: { Msgs: [msg], isEnd: false } },
        notificationMsgs: {},
      }).finish();
      sender.ws.send(serverCodec.encodeResponse(wsResp({ reqIdentifier: PUSH, operationID: clientMsgID, data })));
      return;
    }
    const msg: SdkWsProto.MsgData = {
      ...EMPTY_MSG,
      sendID: sender.user.userID,
      groupID: plan.groupID,
      clientMsgID,
      sessionType: 3,
      msgFrom: 100,
      contentType: 101,
      content: Buffer.from(`{"content":"fan-out ${n}"}`),
      createTime: Date.now(),
    };
    void request(sender, 1003, PbCoder.MsgData.encode(msg).finish()).catch((err: Error) =>
      say({ t: 'fatal', message: err.message }),
    );
  };
  const allIn = async (ids: string[]) => {
    const until = performance.now() + plan.waitMs;
    while (performance.now() < until && ids.some((id) => (receipts.get(id) ?? 0) < receivers)) await sleep(20);
  };
  for (let k = 0; k < plan.steady; k++) {
    const t = performance.now();
    sendOne();
    await sleep(Math.max(0, 1000 - (performance.now() - t)));
  }
  await allIn([...sentAt.keys()]);
  latencies = burstLat;
  const rates: number[] = [];
  for (let b = 0; b < plan.bursts; b++) {
    const before = new Set(sentAt.keys());
    const t0 = performance.now();
    for (let k = 0; k < plan.burstSize; k++) sendOne();
    const ids = [...sentAt.keys()].filter((id) => !before.has(id));
    await allIn(ids);
    const got = ids.reduce((s, id) => s + (receipts.get(id) ?? 0), 0);
    rates.push(got / ((lastReceipt - t0) / 1000));
  }
  if (plan.mode === 'gateway') bareTemplate = template;
  onPush = () => undefined;
  const s = percentiles(steadyLat);
  return {
    receivers,
    frameBytes,
    steadyP50: s.p50,
    steadyP99: s.p99,
    burstP99: percentiles(burstLat).p99,
    burstReceiptsPerSecond: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : NaN,
    expected: sentAt.size * receivers,
    received: [...receipts.values()].reduce((a, b) => a + b, 0),
    duplicated,
  };
}
let bareTemplate: SdkWsProto.MsgData | undefined;

/** GetMaxSeqReq{userID = 1}: @openim/protocol has no codec for it */
function maxSeqReq(userID: string): Uint8Array {
  const id = Buffer.from(userID, 'utf8');
  return Buffer.concat([Buffer.from([0x0a, id.length]), id]);
}

/** What a reconnecting SDK does: newest seqs (1001), then a pull of every conversation from seq 1 (1002). */
async function resyncOne(m: Member, expectedEach: number): Promise<{ ok: boolean; gaps: number; found: number }> {
  const max = PbCoder.GetMaxSeqResp.decode(await requestRetrying(m, 1001, maxSeqReq(m.user.userID))).maxSeqs;
  const seqRanges = Object.entries(max)
    .filter(([id, seq]) => id.startsWith('si_') && Number(seq) > 0)
    .map(([conversationID, seq]) => ({ conversationID, begin: 1, end: Number(seq), num: Number(seq) }));
  const pulled = PbCoder.PullMessageBySeqsResp.decode(
    await requestRetrying(
      m,
      1002,
      PbCoder.PullMessageBySeqsReq.encode({ userID: m.user.userID, seqRanges, order: 0 }).finish(),
    ),
  );
  let gaps = 0;
  let found = 0;
  for (const r of seqRanges) {
    const seqs = new Set((pulled.msgs[r.conversationID]?.Msgs ?? []).map((x) => Number(x.seq)));
    for (let s = 1; s <= r.end; s++) if (!seqs.has(s)) gaps++;
    found += seqs.size;
  }
  return { ok: gaps === 0 && found >= expectedEach, gaps, found };
}

async function resync(m: Extract<ToCrowd, { t: 'resync' }>): Promise<ResyncResult> {
  const c = await connectAll(m.url, users, m.concurrency);
  members = c.members;
  const t0 = performance.now();
  retries = 0;
  let resynced = 0;
  let gaps = 0;
  let found = 0;
  if (m.sync) {
    await Promise.all(
      members.map(async (x) => {
        const r = await resyncOne(x, m.expectedEach);
        if (r.ok) resynced++;
        gaps += r.gaps;
        found += r.found;
      }),
    );
  }
  return {
    clients: users.length,
    handshakeSeconds: c.seconds,
    handshakesPerSecond: members.length / c.seconds,
    failed: c.failed,
    firstError: c.firstError,
    resynced,
    gaps,
    expectedEach: m.expectedEach,
    found,
    retries,
    resyncSeconds: c.seconds + (performance.now() - t0) / 1000,
  };
}

async function disconnect(): Promise<void> {
  await Promise.all(
    members.map(
      (x) =>
        new Promise<void>((resolve) =>
          x.ws.readyState === WebSocket.CLOSED ? resolve() : (x.ws.once('close', () => resolve()), x.ws.close()),
        ),
    ),
  );
  members = [];
}

process.on('message', (m: ToCrowd) => {
  const fail = (err: Error) => {
    say({ t: 'fatal', message: err.stack ?? err.message });
    process.exit(1);
  };
  const run = async (): Promise<void> => {
    switch (m.t) {
      case 'connect': {
        users = m.users;
        const c = await connectAll(m.url, m.users, m.concurrency);
        members = c.members;
        return say({
          t: 'connected',
          connected: members.length,
          failed: c.failed,
          seconds: c.seconds,
          firstError: c.firstError,
        });
      }
      case 'fanout':
        return say({ t: 'fanout', result: await fanout(m.plan) });
      case 'disconnect':
        await disconnect();
        return say({ t: 'disconnected' });
      case 'resync':
        return say({ t: 'resync', result: await resync(m) });
    }
  };
  run().catch(fail);
});
process.on('disconnect', () => process.exit(0));
// the load process ends by itself whatever the orchestrator does
setTimeout(() => process.exit(3), 15 * 60_000).unref();
