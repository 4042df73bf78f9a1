import { Injectable, Logger } from '@nestjs/common';
import { runInContext } from '../common/context/request-context';
import { errorAnswer } from '../common/errors/error-answer';
import { ErrCode } from '../common/errors/errcode';
import { ImMetrics } from '../infra/metrics/im-metrics';
import { FrameDecodeError, type WsReq } from './codec';
import { CloseCode, WsCode, type WsConnection } from './ws-connection';
import { HEAVY_CODES, KNOWN_CODES, WsRequests } from './ws-requests';

/** Requests of one connection being handled at once; past it the socket is paused (TCP pushes back on the client). */
const MAX_IN_FLIGHT_PER_CONNECTION = 32;
/**
 * Frames a connection may have waiting for a free slot. `ws` hands over every frame of a TCP chunk it already read
 * even after the socket is paused: a 64 KiB chunk of small sends is far under this, a deflated chunk that inflates
 * to megabytes is not.
 */
export const MAX_WAITING_BYTES = 1 << 20;

interface ConnState {
  inFlight: number;
  /** heavy requests of a connection run one after another (the Go SDK pulls up to 10 at once) */
  heavyChain: Promise<void>;
  /** frames that arrived while `inFlight` was at the cap, in order */
  waiting: Buffer[];
  waitingBytes: number;
}

/**
 * Frames to requests (protocol.md §2.8 for what closes a connection), requests to answers. Handler errors answer
 * their errCode and keep the connection; malformed frames close only that connection.
 */
@Injectable()
export class WsDispatcher {
  private readonly log = new Logger('WsRequests');
  private readonly states = new WeakMap<WsConnection, ConnState>();
  private total = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly requests: WsRequests,
    private readonly metrics: ImMetrics,
  ) {}

  get inFlight(): number {
    return this.total;
  }

  /** Resolves when no request is in flight, or after `ms`. */
  drained(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  frame(conn: WsConnection, data: Buffer): void {
    if (conn.closed) return;
    const state = this.stateOf(conn);
    if (state.inFlight < MAX_IN_FLIGHT_PER_CONNECTION) return this.accept(conn, state, data);
    state.waitingBytes += data.length;
    if (state.waitingBytes > MAX_WAITING_BYTES) {
      state.waiting = [];
      return conn.close(CloseCode.Policy, 'too many requests waiting: inbound buffer full');
    }
    state.waiting.push(data);
  }

  private accept(conn: WsConnection, state: ConnState, data: Buffer): void {
    const req = conn.codec.decodeRequest(data);
    if (req instanceof FrameDecodeError) return conn.close(CloseCode.Policy, `bad frame: ${req.kind}`);
    if (req.sendID !== conn.userID) return conn.close(CloseCode.Policy, 'sendID is not the connected user');
    if (!KNOWN_CODES.has(req.reqIdentifier)) return conn.close(CloseCode.Policy, 'unknown reqIdentifier');
    this.begin(conn, state);
    // a send's latency runs from here (accepted) to its answer written
    const acceptedAt = req.reqIdentifier === WsCode.SendMsg ? performance.now() : -1;
    if (HEAVY_CODES.has(req.reqIdentifier)) {
      state.heavyChain = state.heavyChain.then(() => this.run(conn, state, req, acceptedAt));
    } else {
      void this.run(conn, state, req, acceptedAt);
    }
  }

  private async run(conn: WsConnection, state: ConnState, req: WsReq, acceptedAt: number): Promise<void> {
    const base = { reqIdentifier: req.reqIdentifier, msgIncr: req.msgIncr, operationID: req.operationID };
    try {
      if (conn.closed) return;
      const answer = await runInContext({ operationID: req.operationID }, () => this.requests.handle(conn, req));
      conn.reply({ ...base, data: answer.data });
      if (acceptedAt >= 0) this.metrics.sendAnswered('ws', acceptedAt);
      answer.afterReply?.();
      if (answer.close) conn.close(CloseCode.Normal, 'logged out');
    } catch (err) {
      const where = { reqIdentifier: req.reqIdentifier, operationID: req.operationID, userID: conn.userID };
      const a = errorAnswer(err, this.log, where);
      this.metrics.error('ws', a.errCode);
      // the envelope has no errDlt (as the reference's): an internal error's id rides in errMsg
      const errMsg = a.errCode === ErrCode.ServerInternal ? `${a.errMsg}: ${a.errDlt}` : a.errMsg;
      conn.reply({ ...base, errCode: a.errCode, errMsg });
    } finally {
      this.end(conn, state);
    }
  }

  private stateOf(conn: WsConnection): ConnState {
    let s = this.states.get(conn);
    if (!s) {
      s = { inFlight: 0, heavyChain: Promise.resolve(), waiting: [], waitingBytes: 0 };
      this.states.set(conn, s);
    }
    return s;
  }

  private begin(conn: WsConnection, state: ConnState): void {
    state.inFlight++;
    this.total++;
    if (state.inFlight === MAX_IN_FLIGHT_PER_CONNECTION) conn.socket.pause();
  }

  private end(conn: WsConnection, state: ConnState): void {
    state.inFlight--;
    this.total--;
    if (conn.closed) {
      state.waiting = [];
    } else if (state.inFlight === MAX_IN_FLIGHT_PER_CONNECTION - 1) {
      // the slot goes to the oldest waiting frame; the socket is read again once none waits
      const next = state.waiting.shift();
      if (next) {
        state.waitingBytes -= next.length;
        this.accept(conn, state, next);
      } else {
        conn.socket.resume();
      }
    }
    if (this.total === 0 && this.waiters.length) {
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }
}
