import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { FrameCodec, WsResp } from './codec';
import { wsResp } from './codec';
import { Platform } from '../protocol/platform';

/** Codes the gateway writes (protocol.md §2.3, §3). */
export enum WsCode {
  GetNewestSeq = 1001,
  PullMsgByRange = 1002,
  SendMsg = 1003,
  SendSignalMsg = 1004,
  PullMsgBySeqList = 1005,
  GetConvMaxReadSeq = 1006,
  PullConvLastMessage = 1007,
  PushMsg = 2001,
  KickOnline = 2002,
  Logout = 2003,
  SetBackgroundStatus = 2004,
  SubUserOnlineStatus = 2005,
}

/** WebSocket close codes: 1000 normal, 1001 going away (shutdown), 1008 policy (bad frame, kick), 1009 too big, 1013 slow. */
export enum CloseCode {
  Normal = 1000,
  GoingAway = 1001,
  Policy = 1008,
  TooBig = 1009,
  TryAgainLater = 1013,
}

export interface ConnectionLimits {
  sendQueueBytes: number;
  kickGraceMs: number;
}

let nextID = 1;

/** TCP sockets corked in this tick (see `WsConnection.write`). */
const corked = new Set<Socket>();

function uncorkAll(): void {
  for (const s of corked) s.uncork();
  corked.clear();
}

/**
 * Frames written to one connection in the same tick (a send's reply and its echo, the messages of one committed
 * batch) leave in one system call instead of one each: the socket stays corked until the tick's work is done.
 */
function corkForThisTick(socket: Socket): void {
  if (corked.has(socket)) return;
  if (!corked.size) process.nextTick(uncorkAll);
  corked.add(socket);
  socket.cork();
}

/**
 * One client connection: who it is, how it encodes, and its outbound queue. Every frame the server writes to it goes
 * through `write`. Writes never wait: a client that leaves more than `sendQueueBytes` untaken is cut off (it resyncs
 * by seq when it reconnects) so that it cannot make the server hold an ever-growing backlog. The bound counts bytes
 * the socket has not handed to the kernel (`bufferedAmount`), so a burst of small frames that a reading client takes
 * at once never trips it, while a client that stops reading does once the kernel's buffers are full.
 */
export class WsConnection {
  readonly id = nextID++;
  /** iOS in background gets no online push (§5.4) */
  background = false;
  /** users whose online status this connection follows (2005) */
  readonly subscriptions = new Set<string>();
  lastSeen = Date.now();
  lastPing = Date.now();
  /** no longer served: closed, gone, or kicked (a kicked socket may still be open for its grace time) */
  closed = false;
  /** pushes of messages this connection is sending, held until its 1003 reply is written (§5.2) */
  private readonly held = new Map<string, Buffer[]>();

  constructor(
    readonly socket: WebSocket,
    readonly userID: string,
    readonly platformID: number,
    readonly tokenHash: string,
    readonly codec: FrameCodec,
    private readonly limits: ConnectionLimits,
    private readonly onClose: (conn: WsConnection) => void,
    /** the TCP socket under `socket`, to batch writes (absent: every frame is written at once) */
    private readonly tcp?: Socket,
  ) {}

  get isWeb(): boolean {
    return this.platformID === Platform.Web;
  }

  /** Online pushes skip iOS connections in background (their devices get the offline push). */
  get takesPush(): boolean {
    return !(this.background && this.platformID === Platform.IOS);
  }

  reply(resp: Partial<WsResp>): void {
    this.write(this.codec.encodeResponse(wsResp(resp)));
  }

  /**
   * Queues one frame (binary: an encoded envelope; a string: a text frame such as a pong); false when the
   * connection is no longer served or was just cut off for falling behind.
   */
  write(frame: Buffer | string): boolean {
    if (this.closed) return false;
    if (!this.takes(typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length)) {
      this.close(CloseCode.TryAgainLater, 'outbound queue full');
      return false;
    }
    if (this.tcp) corkForThisTick(this.tcp);
    this.socket.send(frame, { binary: typeof frame !== 'string' });
    return true;
  }

  /** A server ping (Web clients' heartbeat, a control frame): bounded like every other write. */
  ping(): void {
    if (this.closed) return;
    if (!this.takes(2)) return this.close(CloseCode.TryAgainLater, 'outbound queue full');
    this.socket.ping();
  }

  /** Whether `bytes` more fit under the bound; a frame larger than the bound alone still goes to an idle socket. */
  private takes(bytes: number): boolean {
    const untaken = this.socket.bufferedAmount;
    return untaken === 0 || untaken + bytes <= this.limits.sendQueueBytes;
  }

  /** A push of a message: held back if it is the echo of a send this connection is still waiting to answer. */
  push(frame: Buffer, clientMsgID: string): boolean {
    const held = this.held.get(clientMsgID);
    if (held) {
      held.push(frame);
      return true;
    }
    return this.write(frame);
  }

  holdPushesOf(clientMsgID: string): void {
    if (clientMsgID && !this.held.has(clientMsgID)) this.held.set(clientMsgID, []);
  }

  releasePushesOf(clientMsgID: string): void {
    const frames = this.held.get(clientMsgID);
    if (!frames) return;
    this.held.delete(clientMsgID);
    for (const f of frames) this.write(f);
  }

  /**
   * 2002 (§5.5). The connection stops being served at once (no request dispatched, no push written, unregistered);
   * the kick frame is written if the socket takes it, and the socket is dropped after the grace time whether the
   * client read it or not: a client that stops reading cannot keep a kicked session alive.
   */
  kick(): void {
    if (this.closed) return;
    this.stopServing();
    const frame = this.codec.encodeResponse(wsResp({ reqIdentifier: WsCode.KickOnline }));
    if (this.takes(frame.length)) {
      this.socket.send(frame, { binary: true }, (err) => !err && this.socket.close(CloseCode.Policy, 'kicked'));
    }
    setTimeout(() => this.socket.terminate(), this.limits.kickGraceMs).unref();
  }

  close(code: CloseCode, reason: string): void {
    if (this.closed) return;
    this.stopServing();
    this.socket.close(code, reason);
    // a peer that never answers the close handshake is dropped
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }

  /** The peer went away (socket closed from the other side or the network). */
  gone(): void {
    if (!this.closed) this.stopServing();
  }

  private stopServing(): void {
    this.closed = true;
    this.held.clear();
    this.onClose(this);
  }
}
