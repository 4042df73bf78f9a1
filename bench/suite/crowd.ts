/*
 * The crowd load process of the suite (forked, never the server's process): many WebSocket clients speaking the
 * JS SDK's protocol (JSON frames), for the group fan-out and the reconnect storm. Times are taken here only, so
 * send → receive latency needs no clock shared between processes.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PbCoder } from '@openim/protocol';
import WebSocket from 'ws';
import { clientFrameCodecFor, FrameDecodeError, wsReq } from '../../src/gateway/codec';
import type { LoadUser } from '../ws-shared';
import { fanout, type Member, type OnPush } from './crowd-fanout';
import type { FromCrowd, ResyncResult, ToCrowd } from './crowd-protocol';

const PUSH = 2001;
const codec = clientFrameCodecFor('js', undefined);

let members: Member[] = [];
let users: LoadUser[] = [];
let onPush: OnPush = () => undefined;

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
      keepAlive(ws);
      resolve(m);
    });
  });
}

/** The JS SDK's heartbeat: a text ping every 10 s, the clients spread over the period. */
function keepAlive(ws: WebSocket): void {
  const beat = () => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}');
  const first = setTimeout(() => {
    beat();
    const every = setInterval(beat, 10_000).unref();
    ws.once('close', () => clearInterval(every));
  }, Math.random() * 10_000).unref();
  ws.once('close', () => clearTimeout(first));
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
        return say({
          t: 'fanout',
          result: await fanout(m.plan, {
            members,
            setOnPush: (fn) => (onPush = fn),
            request,
            fail: (err) => say({ t: 'fatal', message: err.message }),
          }),
        });
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
