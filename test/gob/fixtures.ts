import * as fs from 'node:fs';
import * as path from 'node:path';
import { WsReq, WsResp, wsReq, wsResp } from '../../src/gateway/codec';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** An envelope as the Go program writes it in JSON: ints as decimal strings, data base64 or null. */
export interface GoEnv {
  reqIdentifier: string;
  token: string;
  sendID: string;
  operationID: string;
  msgIncr: string;
  errCode: string;
  errMsg: string;
  data: string | null;
}

export interface GoResult {
  ok: boolean;
  error?: string;
  value?: GoEnv;
  validUtf8: boolean;
}

export interface Fixture {
  name: string;
  file: string;
  goType: string;
  gzip: boolean;
  value: GoEnv;
  server: GoResult;
}

export function fixtures(): Fixture[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'index.json'), 'utf8')) as Fixture[];
}

export function frameOf(f: Fixture, dir = FIXTURES): Buffer {
  return fs.readFileSync(path.join(dir, f.file));
}

const bytes = (b64: string | null): Buffer => Buffer.from(b64 ?? '', 'base64');

export function reqOf(e: GoEnv): WsReq {
  return wsReq({
    reqIdentifier: Number(e.reqIdentifier),
    token: e.token,
    sendID: e.sendID,
    operationID: e.operationID,
    msgIncr: e.msgIncr,
    data: bytes(e.data),
  });
}

export function respOf(e: GoEnv): WsResp {
  return wsResp({
    reqIdentifier: Number(e.reqIdentifier),
    msgIncr: e.msgIncr,
    operationID: e.operationID,
    errCode: Number(e.errCode),
    errMsg: e.errMsg,
    data: bytes(e.data),
  });
}

export function goEnv(v: Partial<WsReq & WsResp>): GoEnv {
  return {
    reqIdentifier: String(v.reqIdentifier ?? 0),
    token: v.token ?? '',
    sendID: v.sendID ?? '',
    operationID: v.operationID ?? '',
    msgIncr: v.msgIncr ?? '',
    errCode: String(v.errCode ?? 0),
    errMsg: v.errMsg ?? '',
    data: v.data && v.data.length > 0 ? Buffer.from(v.data).toString('base64') : null,
  };
}

/** Envelopes compare with data as plain bytes. */
export function plain<T extends { data: Uint8Array }>(v: T): Omit<T, 'data'> & { data: number[] } {
  return { ...v, data: [...v.data] };
}
