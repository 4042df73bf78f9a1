import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { hashToken, TokenService } from '../auth/token.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { errorAnswer } from '../common/errors/error-answer';
import { ErrCode, errName } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { TOKENS_KICKED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { ImMetrics } from '../infra/metrics/im-metrics';
import { MetricsService } from '../infra/metrics/metrics.service';
import { frameCodecFor, MAX_INBOUND_FRAME_BYTES } from './codec';
import type { Cluster } from './cluster';
import { ConnectionRegistry } from './connection-registry';
import { releaseZlib, UpgradeServers } from './deflate';
import { CLUSTER } from './gateway.tokens';
import { LoginPolicy } from './login-policy';
import { NodeIdentity } from './node-identity';
import { parseGoBool, parseHandshake, type HandshakeParams } from './handshake';
import { PresenceService } from './presence.service';
import { PushService } from './push.service';
import { CloseCode, WsConnection } from './ws-connection';
import { WsDispatcher } from './ws-dispatcher';

/**
 * The WebSocket gateway the OpenIM SDKs connect to (protocol.md §1–§2): its own port, any path, raw `ws`. Checks
 * the handshake in the reference server's order, then hands frames to the dispatcher; one timer sweeps every
 * connection for the read deadline and the Web pings.
 */
@Injectable()
export class GatewayServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Gateway');
  private http?: Server;
  private wss?: UpgradeServers;
  private sweeper?: NodeJS.Timeout;
  private handshakes = 0;
  private accepting = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly registry: ConnectionRegistry,
    private readonly dispatcher: WsDispatcher,
    private readonly push: PushService,
    private readonly presence: PresenceService,
    @Inject(CLUSTER) private readonly cluster: Cluster,
    private readonly events: EventBus,
    private readonly metrics: MetricsService,
    private readonly im: ImMetrics,
    private readonly identity: NodeIdentity,
    private readonly loginPolicy: LoginPolicy,
  ) {}

  /** The port the gateway listens on (WS_PORT, or the one the kernel chose for 0). */
  get port(): number | undefined {
    return (this.http?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.cluster.start((m) => (m.t === 'push' ? this.push.fromNode(m) : this.presence.fromNode(m)));
    this.events.on(TOKENS_KICKED, (e) => {
      const kicked = new Set(e.tokenHashes);
      for (const conn of this.registry.of(e.userID)) if (kicked.has(conn.tokenHash)) conn.kick();
    });
    // kicks made while Redis was away may never arrive as events (their node may be gone): ask PostgreSQL
    this.cluster.onRejoin(() => void this.dropRevoked());
    if (this.config.role === 'api') return;
    const base = { noServer: true, maxPayload: MAX_INBOUND_FRAME_BYTES };
    this.wss = new UpgradeServers(base, this.config.gateway.deflateMinBytes);
    this.http = createServer((req, res) => {
      if (req.url === '/healthz') {
        const up = this.accepting;
        return res
          .writeHead(up ? 200 : 503, { 'Content-Type': 'application/json' })
          .end(`{"status":"${up ? 'ok' : 'shutting down'}"}`);
      }
      // a gateway-only process has no REST port: Prometheus scrapes it here (/prometheus_discovery/msg_gateway)
      if (req.url?.split('?')[0] === '/metrics') return void this.metricsText(res);
      // a plain request gets the handshake's verdict, or a hint that this port speaks WebSocket
      void this.check(req).then((r) => {
        const body = r instanceof ImError ? errorJson(r) : errorJson(ImError.args('WebSocket upgrade required'));
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(body);
      });
    });
    this.http.headersTimeout = 10_000;
    this.http.on(
      'upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head),
    );
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject).listen(this.config.wsPort, () => resolve());
    });
    this.accepting = true;
    this.identity.wsPort = this.port;
    const every = Math.max(50, Math.min(1_000, this.config.gateway.readTimeoutMs / 4));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
    this.log.log(`WebSocket gateway on :${this.port}`);
  }

  /** SIGTERM: no new connections, in-flight requests answered (up to the grace time), then 1001 "going away". */
  async beforeApplicationShutdown(): Promise<void> {
    this.accepting = false;
    clearInterval(this.sweeper);
    this.http?.close();
    const deadline = Date.now() + this.config.gateway.shutdownGraceMs;
    while (this.dispatcher.inFlight > 0 && Date.now() < deadline) await this.dispatcher.drained(deadline - Date.now());
    for (const conn of [...this.registry.all()]) conn.close(CloseCode.GoingAway, 'server shutting down');
    this.http?.closeAllConnections();
    await this.cluster.stop();
  }

  private async dropRevoked(): Promise<void> {
    try {
      const conns = [...this.registry.all()];
      const revoked = new Set(await this.tokens.revokedAmong(conns.map((c) => c.tokenHash)));
      for (const conn of conns) if (revoked.has(conn.tokenHash)) conn.kick();
      if (revoked.size) this.log.log(`${revoked.size} tokens revoked while Redis was away: their connections kicked`);
    } catch (err) {
      this.log.warn(`revoked tokens not checked after Redis came back: ${(err as Error).message}`);
    }
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (!this.accepting || this.registry.size + this.handshakes >= this.config.gateway.maxConnections) {
      // before the parameters are read, so always a plain answer (§1.2 step 1)
      this.im.error('ws', ErrCode.ConnOverMaxNumLimit);
      return plainAnswer(socket, new ImError(ErrCode.ConnOverMaxNumLimit, 'too many connections'));
    }
    this.handshakes++;
    let verdict: HandshakeParams | ImError;
    try {
      verdict = await this.check(req);
    } finally {
      this.handshakes--;
    }
    if (verdict instanceof ImError) {
      this.im.error('ws', verdict.code);
      if (!wantsMsgResp(req)) return plainAnswer(socket, verdict);
      // browsers cannot read a refused upgrade's body: upgrade, say it in a text frame, drop the connection
      return this.wss!.for(req, false).handleUpgrade(req, socket, head, (ws) => {
        ws.send(errorJson(verdict), () => ws.terminate());
        // a client that does not read never flushes it: dropped all the same
        setTimeout(() => ws.terminate(), this.config.gateway.kickGraceMs).unref();
      });
    }
    const params = verdict;
    const wss = this.wss!.for(req, params.compression === 'gzip');
    wss.handleUpgrade(req, socket, head, (ws) => {
      releaseZlib(ws);
      this.open(ws, params, req.socket);
    });
  }

  /** §1.2 steps 2–4: parameters, token, token owner. */
  private async check(req: IncomingMessage): Promise<HandshakeParams | ImError> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const header = req.headers['compression'];
    const params = parseHandshake(url.searchParams, typeof header === 'string' ? header : undefined);
    if (params instanceof ImError) return params;
    try {
      const t = await this.tokens.verify(params.token);
      if (t.userID !== params.userID) {
        return new ImError(ErrCode.TokenInvalid, `token uid ${t.userID} != userID ${params.userID}`);
      }
      if (t.platformID !== params.platformID) {
        return new ImError(ErrCode.TokenInvalid, `token platform ${t.platformID} != platformID ${params.platformID}`);
      }
    } catch (err) {
      // a token refused keeps its code; the database away is 90002 (the SDK retries on its own); a bug has an errorID
      const a = errorAnswer(err, this.log, { during: 'handshake', userID: params.userID });
      return new ImError(a.errCode, a.errDlt);
    }
    return params;
  }

  private open(ws: WebSocket, p: HandshakeParams, socket: Socket): void {
    const conn = new WsConnection(
      ws,
      p.userID,
      p.platformID,
      hashToken(p.token),
      frameCodecFor(p.sdkType, p.compression),
      this.config.gateway,
      (c) => this.closed(c, p.operationID),
      socket,
    );
    socket.setNoDelay(true);
    if (p.isMsgResp) conn.write(JSON.stringify({ errCode: 0, errMsg: '', errDlt: '' }));
    this.registry.add(conn);
    this.presence.connected(conn, p.operationID);
    this.im.connectionOpened(conn.platformID);
    void this.loginPolicy.onConnect(conn);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      // a kicked connection's socket lives on for its grace time: what it sends meanwhile is not served
      if (conn.closed) return;
      conn.lastSeen = Date.now();
      if (isBinary) this.dispatcher.frame(conn, data);
      else this.text(conn, data);
    });
    const alive = () => (conn.lastSeen = Date.now());
    ws.on('ping', alive);
    ws.on('pong', alive);
    ws.on('close', () => conn.gone());
    ws.on('error', () => conn.gone());
  }

  /**
   * App heartbeat: `{"type":"ping"}` → `{"type":"pong"}` echoing its body; any other text closes the connection
   * (§2.1). The size cap keeps a pong small: each is queued like every other frame.
   */
  private text(conn: WsConnection, data: Buffer): void {
    if (data.length > this.config.gateway.maxTextFrameBytes) {
      return conn.close(CloseCode.TooBig, `text frame over ${this.config.gateway.maxTextFrameBytes} bytes`);
    }
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString('utf8'));
    } catch {
      msg = undefined;
    }
    const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : undefined;
    if (type === 'ping') {
      const body = (msg as { body?: unknown }).body ?? null;
      conn.write(JSON.stringify({ type: 'pong', body }));
    } else if (type !== 'pong') {
      conn.close(CloseCode.Policy, 'text frames carry only ping and pong');
    }
  }

  private closed(conn: WsConnection, operationID: string): void {
    this.presence.dropSubscriptions(conn);
    this.registry.remove(conn);
    this.presence.disconnected(conn, operationID);
    this.im.connectionClosed(conn.platformID);
  }

  private async metricsText(res: ServerResponse): Promise<void> {
    try {
      const text = await this.metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text);
    } catch (err) {
      this.log.error(`metrics failed: ${(err as Error).message}`);
      res.writeHead(500).end();
    }
  }

  private sweep(): void {
    const now = Date.now();
    const { readTimeoutMs } = this.config.gateway;
    const pingEvery = Math.floor((readTimeoutMs * 9) / 10);
    for (const conn of [...this.registry.all()]) {
      if (now - conn.lastSeen > readTimeoutMs) {
        conn.close(CloseCode.Policy, 'read timeout');
      } else if (conn.isWeb && now - conn.lastPing >= pingEvery) {
        conn.lastPing = now;
        conn.ping();
      }
    }
  }
}

function errorJson(err: ImError): string {
  return JSON.stringify({ errCode: err.code, errMsg: errName(err.code), errDlt: err.detail });
}

function wantsMsgResp(req: IncomingMessage): boolean {
  const q = new URL(req.url ?? '/', 'http://gateway').searchParams;
  if (q.has('v')) {
    try {
      return (
        (JSON.parse(Buffer.from(q.get('v') ?? '', 'base64url').toString('utf8')) as { sendResponse?: unknown })
          .sendResponse === true
      );
    } catch {
      return false;
    }
  }
  return parseGoBool(q.get('isMsgResp') ?? '') === true;
}

/** The refused handshake as the reference answers it: HTTP 200 with the error JSON, no upgrade (§1.3). */
function plainAnswer(socket: Duplex, err: ImError): void {
  const body = Buffer.from(errorJson(err));
  socket.end(
    `HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${body.length}\r\n` +
      `Connection: close\r\n\r\n${body.toString()}`,
  );
}
