import { randomBytes } from 'node:crypto';
import { PbCoder } from '@openim/protocol';
import type { SdkWsProto } from '@openim/protocol';
import WebSocket from 'ws';
import {
  clientFrameCodecFor,
  FrameDecodeError,
  wsReq,
  type ClientFrameCodec,
  type WsResp,
} from '../../src/gateway/codec';
import { GatewayServer } from '../../src/gateway/gateway.server';
import type { TestApp } from './test-app';

/** How a test client connects: the SDK it plays (JSON for the JS SDK, gob+gzip as the Go SDK does by default). */
export interface WsClientOptions {
  userID: string;
  token: string;
  platformID?: number;
  sdkType?: 'js' | 'go' | '';
  gzip?: boolean;
  isMsgResp?: boolean;
  /** extra or replaced query parameters */
  query?: Record<string, string>;
  /** requests waiting for a reply fail when the connection closes (else they never settle) */
  failOnClose?: boolean;
}

export function gatewayUrl(t: TestApp): string {
  return `ws://127.0.0.1:${t.app.get(GatewayServer).port}/`;
}

export function handshakeQuery(o: WsClientOptions): string {
  const q: Record<string, string> = {
    sendID: o.userID,
    token: o.token,
    platformID: String(o.platformID ?? 1),
    operationID: `op-${randomBytes(4).toString('hex')}`,
    isBackground: 'false',
    ...(o.isMsgResp ? { isMsgResp: 'true' } : {}),
    ...(o.sdkType ? { sdkType: o.sdkType } : {}),
    ...(o.gzip ? { compression: 'gzip' } : {}),
    ...o.query,
  };
  return new URLSearchParams(q).toString();
}

/**
 * A client speaking the SDK protocol over a real WebSocket: requests matched by msgIncr, pushes collected in
 * order, text frames (handshake answer, pong) kept apart.
 */
export class WsTestClient {
  readonly pushes: WsResp[] = [];
  readonly texts: string[] = [];
  /** arrival order of binary frames: `reply <code>` or `push <code>` */
  readonly arrivals: string[] = [];
  closeCode?: number;
  private readonly pending = new Map<string, { resolve: (r: WsResp) => void; reject: (err: Error) => void }>();
  private readonly waiters: (() => void)[] = [];
  private readonly codec: ClientFrameCodec;

  private constructor(
    readonly ws: WebSocket,
    readonly opts: WsClientOptions,
  ) {
    this.codec = clientFrameCodecFor(opts.sdkType === 'js' ? 'js' : 'go', opts.gzip ? 'gzip' : undefined);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) this.texts.push(data.toString('utf8'));
      else this.onFrame(data);
      this.wake();
    });
    ws.on('close', (code: number) => {
      this.closeCode = code;
      // requests whose reply can never come now (the server closed or died), as the SDK fails them
      if (opts.failOnClose) {
        for (const p of this.pending.values()) p.reject(new Error(`connection closed (${code}) before the reply`));
        this.pending.clear();
      }
      this.wake();
    });
  }

  /** Connects to a test app's gateway, or to a gateway URL (`ws://host:port/`). */
  static async connect(target: TestApp | string, opts: WsClientOptions): Promise<WsTestClient> {
    const base = typeof target === 'string' ? target : gatewayUrl(target);
    const ws = new WebSocket(`${base}?${handshakeQuery(opts)}`);
    const client = new WsTestClient(ws, opts);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(new Error(`handshake refused: HTTP ${res.statusCode} ${body}`)));
      });
    });
    if (opts.isMsgResp) await client.until(() => client.texts.length > 0);
    return client;
  }

  /** Sends one request envelope and waits for its reply. */
  request(reqIdentifier: number, data: Uint8Array, fields: { sendID?: string; operationID?: string } = {}) {
    const msgIncr = `${this.opts.userID}_${randomBytes(6).toString('hex')}`;
    const frame = this.codec.encodeRequest(
      wsReq({
        reqIdentifier,
        sendID: fields.sendID ?? this.opts.userID,
        operationID: fields.operationID ?? `op-${randomBytes(4).toString('hex')}`,
        msgIncr,
        data,
      }),
    );
    return new Promise<WsResp>((resolve, reject) => {
      this.pending.set(msgIncr, { resolve, reject });
      this.ws.send(frame, { binary: true }, (err) => err && reject(err));
    });
  }

  sendRaw(data: Buffer | string, binary = true): void {
    this.ws.send(data, { binary });
  }

  /** Sends a message as the SDKs do (1003 with MsgData). */
  sendMsg(msg: Partial<SdkWsProto.MsgData>, operationID?: string): Promise<WsResp> {
    const full: SdkWsProto.MsgData = { ...PbCoder.MsgData.decode(new Uint8Array(0)), ...msg };
    return this.request(1003, PbCoder.MsgData.encode(full).finish(), { operationID });
  }

  /** Waits (event-driven, bounded) until the condition holds. */
  async until(cond: () => boolean, what = 'condition', ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The messages pushed so far (2001), flattened: conversationID and MsgData. */
  pushedMessages(): { conversationID: string; msg: SdkWsProto.MsgData; operationID: string }[] {
    return this.pushes
      .filter((p) => p.reqIdentifier === 2001)
      .flatMap((p) => {
        const m = PbCoder.PushMessages.decode(p.data);
        return [...Object.entries(m.msgs), ...Object.entries(m.notificationMsgs)].flatMap(([conversationID, pm]) =>
          pm.Msgs.map((msg) => ({ conversationID, msg, operationID: p.operationID })),
        );
      });
  }

  closed(): Promise<number> {
    return this.until(() => this.closeCode !== undefined, 'close').then(() => this.closeCode!);
  }

  close(): void {
    this.ws.terminate();
  }

  private onFrame(data: Buffer): void {
    const resp = this.codec.decodeResponse(data);
    if (resp instanceof FrameDecodeError) throw resp;
    const waiting = resp.msgIncr ? this.pending.get(resp.msgIncr) : undefined;
    this.arrivals.push(`${waiting ? 'reply' : 'push'} ${resp.reqIdentifier}`);
    if (waiting) {
      this.pending.delete(resp.msgIncr);
      waiting.resolve(resp);
    } else {
      this.pushes.push(resp);
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** A text message as the SDKs build it (content is the element's JSON). */
export function textMsg(sendID: string, recvID: string, text: string, extra: Partial<SdkWsProto.MsgData> = {}) {
  return {
    sendID,
    recvID,
    clientMsgID: randomBytes(16).toString('hex'),
    sessionType: 1,
    msgFrom: 100,
    contentType: 101,
    content: Buffer.from(JSON.stringify({ content: text })),
    createTime: Date.now(),
    ...extra,
  };
}

/** How the gateway answered a handshake: a plain HTTP body (no upgrade), or a text frame after the upgrade. */
export type HandshakeAnswer =
  | { kind: 'http'; status: number; body: { errCode: number; errMsg: string; errDlt: string } }
  | { kind: 'text'; body: { errCode: number; errMsg: string; errDlt: string }; closedAfter: boolean };

export function handshakeAnswer(t: TestApp | string, query: string): Promise<HandshakeAnswer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${typeof t === 'string' ? t : gatewayUrl(t)}?${query}`);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ kind: 'http', status: res.statusCode ?? 0, body: JSON.parse(body) as never }));
    });
    ws.once('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return reject(new Error('binary frame before the handshake answer'));
      const body = JSON.parse(data.toString('utf8')) as never;
      if ((body as { errCode: number }).errCode === 0) {
        ws.terminate();
        return resolve({ kind: 'text', body, closedAfter: false });
      }
      ws.once('close', () => resolve({ kind: 'text', body, closedAfter: true }));
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}
