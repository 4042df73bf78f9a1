/* The group fan-out run of the crowd load process (bench/suite/crowd.ts). */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PbCoder } from '@openim/protocol';
import type { SdkWsProto } from '@openim/protocol';
import type WebSocket from 'ws';
import { frameCodecFor, wsResp } from '../../src/gateway/codec';
import { percentiles, type LoadUser } from '../ws-shared';
import type { FanoutPlan, FanoutResult } from './crowd-protocol';

const PUSH = 2001;
const serverCodec = frameCodecFor('js', '');
const EMPTY_MSG: SdkWsProto.MsgData = PbCoder.MsgData.decode(new Uint8Array(0));

export interface Member {
  user: LoadUser;
  ws: WebSocket;
  /** answers awaited by msgIncr */
  waiting: Map<string, (r: { errCode: number; errMsg: string; data: Uint8Array }) => void>;
}

export type OnPush = (m: Member, frame: Buffer, msgs: SdkWsProto.MsgData[], now: number) => void;

export interface FanoutContext {
  members: Member[];
  setOnPush: (fn: OnPush) => void;
  request: (m: Member, reqIdentifier: number, data: Uint8Array) => Promise<Uint8Array>;
  fail: (err: Error) => void;
}

/** the push the gateway sent in the last gateway run, re-sent with new IDs in the bare run */
let bareTemplate: SdkWsProto.MsgData | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function fanout(plan: FanoutPlan, ctx: FanoutContext): Promise<FanoutResult> {
  const { members, request } = ctx;
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
  const failedSends = new Set<string>();
  let firstSendError: string | undefined;
  const seen = new Set<string>();
  let lastReceipt = 0;
  ctx.setOnPush((m, frame, msgs, now) => {
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
  });
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
    void request(sender, 1003, PbCoder.MsgData.encode(msg).finish()).catch((err: Error) => {
      // a refused send is a finding of the run, not the end of it: counted, and no receipts awaited for it
      failedSends.add(clientMsgID);
      firstSendError ??= err.message;
    });
  };
  const allIn = async (ids: string[]) => {
    const until = performance.now() + plan.waitMs;
    while (performance.now() < until && ids.some((id) => !failedSends.has(id) && (receipts.get(id) ?? 0) < receivers)) {
      await sleep(20);
    }
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
  ctx.setOnPush(() => undefined);
  const s = percentiles(steadyLat);
  return {
    receivers,
    frameBytes,
    steadyP50: s.p50,
    steadyP99: s.p99,
    burstP99: percentiles(burstLat).p99,
    burstReceiptsPerSecond: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : NaN,
    expected: (sentAt.size - failedSends.size) * receivers,
    failedSends: failedSends.size,
    firstSendError,
    received: [...receipts.values()].reduce((a, b) => a + b, 0),
    duplicated,
  };
}
