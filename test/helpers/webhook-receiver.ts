import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the receiver got it. */
export interface HookCall {
  /** the last path segment: the callbackCommand */
  command: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  body: Record<string, unknown>;
}

/** What to do with a request: answer this JSON, or hold it open and never answer. */
export type Reply = Record<string, unknown> | 'hang';
export type Behaviour = (call: HookCall) => Reply;

export const CONTINUE: Record<string, unknown> = { actionCode: 0, errCode: 0, errMsg: '', errDlt: '', nextCode: 0 };

/**
 * A real HTTP webhook receiver on 127.0.0.1 for e2e tests: records every request and answers as `behave` says
 * (default: go on).
 */
export class WebhookReceiver {
  readonly calls: HookCall[] = [];
  behave: Behaviour = () => CONTINUE;
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<ServerResponse>();
  private readonly waiters: (() => void)[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/callbackExample`;
  }

  /** Requests being held open (hang). */
  get hanging(): number {
    return this.held.size;
  }

  of(command: string): HookCall[] {
    return this.calls.filter((c) => c.command === command);
  }

  /** Waits (bounded) until a recorded call satisfies `pred`. */
  async waitFor(pred: (c: HookCall) => boolean, timeoutMs = 10_000): Promise<HookCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.calls.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no webhook call matched within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const call: HookCall = {
        command: (req.url ?? '').split('/').pop() ?? '',
        headers: req.headers,
        raw,
        body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>,
      };
      this.calls.push(call);
      this.waiters.splice(0).forEach((w) => w());
      const reply = this.behave(call);
      if (reply === 'hang') {
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply));
    });
  }
}

/** What a receiver does to trust a request: recompute the HMAC over the timestamp and the exact body bytes. */
export function validSignature(call: HookCall, secret: string): boolean {
  const timestamp = call.headers['x-openim-timestamp'];
  const signature = call.headers['x-openim-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(call.raw).digest('hex');
  const expected = Buffer.from(`sha256=${mac}`);
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
