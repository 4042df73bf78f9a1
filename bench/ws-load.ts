/*
 * The load process of bench/ws.ts (forked, never the server's process): C WebSocket clients speaking the SDK
 * protocol, S of them sending single-chat text messages closed-loop (a new send when an ack frees a slot of the
 * window) to an online peer. Every push is decoded and matched to its send by clientMsgID, so loss, duplication
 * and send→receive latency are measured per message.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PbCoder } from '@openim/protocol';
import type { SdkWsProto } from '@openim/protocol';
import WebSocket from 'ws';
import { clientFrameCodecFor, FrameDecodeError, wsReq, type ClientFrameCodec } from '../src/gateway/codec';
import { percentiles, type FromLoad, type LoadResult, type LoadUser, type ToLoad } from './ws-shared';

const SEND_MSG = 1003;
const PUSH_MSG = 2001;
/** handshakes in flight at once: enough to connect quickly, few enough not to overflow the listen backlog */
const CONNECT_CONCURRENCY = 100;
/** the load process exits by itself after this long, whatever the orchestrator does */
const WATCHDOG_MS = 15 * 60_000;

interface Sent {
  t0: number;
  acked: boolean;
  /** peer receipts and echo receipts */
  recv: number;
  echo: number;
}

interface Client {
  user: LoadUser;
  ws: WebSocket;
  codec: ClientFrameCodec;
  /** sends in flight (sent, not yet acked) */
  inFlight: number;
  next: number;
  peer?: string;
}

const tag = randomBytes(3).toString('hex');
const sent = new Map<string, Sent>();
const clients: Client[] = [];
const peerLatency: number[] = [];
const ackLatency: number[] = [];
let running = false;
let windowOpen = false;
let connectedAll = false;
const counts = {
  acked: 0,
  ackErrors: 0,
  deliveredInWindow: 0,
  duplicated: 0,
  echoDuplicated: 0,
  unexpected: 0,
  closedDuringRun: 0,
};
let firstAckError: string | undefined;
let perSender = 1;
const EMPTY_MSG: SdkWsProto.MsgData = PbCoder.MsgData.decode(new Uint8Array(0));

function say(m: FromLoad): void {
  process.send?.(m);
}

function query(u: LoadUser, codec: string, platformID: number): string {
  const json = codec.startsWith('json');
  const q: Record<string, string> = {
    sendID: u.userID,
    token: u.token,
    platformID: String(platformID),
    operationID: `bench-${randomBytes(4).toString('hex')}`,
    isBackground: 'false',
    // as the SDKs connect: the JS SDK asks for the handshake answer, the Go SDK does not
    ...(json ? { isMsgResp: 'true', sdkType: 'js' } : {}),
    ...(codec.endsWith('+gzip') ? { compression: 'gzip' } : {}),
  };
  return new URLSearchParams(q).toString();
}

function connectOne(url: string, u: LoadUser, codec: string, platformID: number): Promise<Client> {
  const json = codec.startsWith('json');
  const ws = new WebSocket(`${url}?${query(u, codec, platformID)}`, { perMessageDeflate: false });
  const client: Client = {
    user: u,
    ws,
    codec: clientFrameCodecFor(json ? 'js' : 'go', codec.endsWith('+gzip') ? 'gzip' : undefined),
    inFlight: 0,
    next: 0,
  };
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: HTTP ${res.statusCode}`)));
    ws.once('open', () => {
      if (!json) return resolve(client);
      ws.once('message', (data: Buffer) => {
        const answer = JSON.parse(data.toString('utf8')) as { errCode: number; errDlt: string };
        if (answer.errCode === 0) resolve(client);
        else reject(new Error(`handshake refused: ${answer.errCode} ${answer.errDlt}`));
      });
    });
  }).then(() => {
    ws.removeAllListeners('error');
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer, isBinary: boolean) => isBinary && onFrame(client, data));
    ws.on('close', () => {
      if (connectedAll) counts.closedDuringRun++;
    });
    keepAlive(client, json);
    return client;
  });
}

/** The SDKs' heartbeats (JS: text ping every 10 s; Go: control ping every 24 s), spread over the period. */
function keepAlive(c: Client, json: boolean): void {
  const every = json ? 10_000 : 24_000;
  const beat = () => {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    if (json) c.ws.send('{"type":"ping"}');
    else c.ws.ping();
  };
  setTimeout(() => {
    beat();
    setInterval(beat, every).unref();
  }, Math.random() * every).unref();
}

async function connectAll(m: Extract<ToLoad, { t: 'connect' }>): Promise<void> {
  const t0 = performance.now();
  let failed = 0;
  let firstError: string | undefined;
  let i = 0;
  const worker = async () => {
    while (i < m.users.length) {
      const u = m.users[i++];
      try {
        clients.push(await connectOne(m.url, u, m.codec, m.platformID));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EMFILE') {
          say({
            t: 'fatal',
            message:
              `the load process ran out of file descriptors after ${clients.length} connections (EMFILE): ` +
              'raise `ulimit -n` (npm run bench:ws raises the soft limit to the hard one) or lower BENCH_WS_CLIENTS',
          });
          process.exit(2);
        }
        failed++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  // keep the order of the user list: sender i and its peer are fixed by index
  const order = new Map(m.users.map((u, idx) => [u.userID, idx]));
  clients.sort((a, b) => order.get(a.user.userID)! - order.get(b.user.userID)!);
  connectedAll = true;
  say({ t: 'connected', connected: clients.length, failed, seconds: (performance.now() - t0) / 1000, firstError });
}

function sendNext(c: Client): void {
  const clientMsgID = `${tag}-${c.user.userID}-${c.next++}`;
  const msg: SdkWsProto.MsgData = {
    ...EMPTY_MSG,
    sendID: c.user.userID,
    recvID: c.peer!,
    clientMsgID,
    sessionType: 1,
    msgFrom: 100,
    contentType: 101,
    content: Buffer.from(`{"content":"bench message ${c.next}"}`),
    createTime: Date.now(),
  };
  const frame = c.codec.encodeRequest(
    wsReq({
      reqIdentifier: SEND_MSG,
      sendID: c.user.userID,
      operationID: clientMsgID,
      msgIncr: clientMsgID,
      data: PbCoder.MsgData.encode(msg).finish(),
    }),
  );
  sent.set(clientMsgID, { t0: performance.now(), acked: false, recv: 0, echo: 0 });
  c.inFlight++;
  c.ws.send(frame);
}

function onFrame(c: Client, data: Buffer): void {
  const now = performance.now();
  const r = c.codec.decodeResponse(data);
  if (r instanceof FrameDecodeError) throw r;
  if (r.reqIdentifier === SEND_MSG) {
    const s = sent.get(r.msgIncr);
    if (!s) return;
    c.inFlight--;
    ackLatency.push(now - s.t0);
    if (r.errCode !== 0) {
      counts.ackErrors++;
      firstAckError ??= `${r.errCode} ${r.errMsg}`;
    } else {
      s.acked = true;
      counts.acked++;
    }
    if (running && c.ws.readyState === WebSocket.OPEN) sendNext(c);
    return;
  }
  if (r.reqIdentifier !== PUSH_MSG) return;
  const push = PbCoder.PushMessages.decode(r.data);
  for (const pulled of Object.values(push.msgs)) {
    for (const m of pulled.Msgs) received(c, m, now);
  }
}

function received(c: Client, m: SdkWsProto.MsgData, now: number): void {
  const s = sent.get(m.clientMsgID);
  if (!s) {
    counts.unexpected++;
    return;
  }
  if (m.sendID === c.user.userID) {
    if (s.echo++ > 0) counts.echoDuplicated++;
    return;
  }
  if (s.recv++ > 0) {
    counts.duplicated++;
    return;
  }
  peerLatency.push(now - s.t0);
  if (windowOpen) counts.deliveredInWindow++;
}

/** Everything acked was received by its peer and echoed back to its sender (or nothing is in flight at all). */
function settled(): boolean {
  if (clients.some((c) => c.inFlight > 0)) return false;
  for (const s of sent.values()) if (s.acked && (s.recv === 0 || s.echo === 0)) return false;
  return true;
}

async function run(m: Extract<ToLoad, { t: 'run' }>): Promise<void> {
  perSender = m.window;
  const n = clients.length;
  const senders = clients.slice(0, Math.min(m.senders, n));
  // the peer sits half the population away: with S ≤ C/2 peers never send themselves
  senders.forEach((c, i) => (c.peer = clients[(i + Math.floor(n / 2)) % n].user.userID));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  running = true;
  windowOpen = true;
  for (const c of senders) for (let k = 0; k < perSender; k++) sendNext(c);
  await new Promise((resolve) => setTimeout(resolve, m.seconds * 1000));
  running = false;
  windowOpen = false;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const drainUntil = performance.now() + m.drainSeconds * 1000;
  while (!settled() && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  const all = [...sent.values()];
  const result: LoadResult = {
    seconds,
    sent: all.length,
    acked: counts.acked,
    ackErrors: counts.ackErrors,
    firstAckError,
    deliveredInWindow: counts.deliveredInWindow,
    delivered: all.filter((s) => s.recv > 0).length,
    lost: all.filter((s) => s.acked && s.recv === 0).length,
    duplicated: counts.duplicated,
    echoMissing: all.filter((s) => s.acked && s.echo === 0).length,
    echoDuplicated: counts.echoDuplicated,
    unexpected: counts.unexpected,
    closedDuringRun: counts.closedDuringRun,
    latency: percentiles(peerLatency),
    ack: percentiles(ackLatency),
    loadCpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
  };
  say({ t: 'result', result });
}

process.on('message', (m: ToLoad) => {
  const fail = (err: Error) => {
    say({ t: 'fatal', message: err.stack ?? err.message });
    process.exit(1);
  };
  switch (m.t) {
    case 'connect':
      return void connectAll(m).catch(fail);
    case 'run':
      return void run(m).catch(fail);
    case 'close':
      connectedAll = false;
      for (const c of clients) c.ws.terminate();
      return process.exit(0);
  }
});
// the orchestrator gone (crash, Ctrl-C) means nobody will ever say close
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(3), WATCHDOG_MS).unref();
