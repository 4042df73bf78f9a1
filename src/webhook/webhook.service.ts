import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { Counter } from 'prom-client';
import { APP_CONFIG, AppConfig, WebhookConfig, WebhookName } from '../config/app-config';
import { currentOperationID } from '../common/context/request-context';
import { ErrCode, errName } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { MetricsService } from '../infra/metrics/metrics.service';
import { AfterHook, BeforeHook, CALLBACK_COMMAND, CallbackResp, HookBody, NEXT_CODE_STOP } from './hooks';
import { postCallback, PostResult } from './webhook-post';

/** A receiver refused a before-hook's operation: the caller gets the receiver's own code and message. */
export class WebhookRefusal extends ImError {
  constructor(
    code: number,
    private readonly receiverMsg: string,
    detail: string,
  ) {
    super(code, detail);
  }

  override get errMsg(): string {
    return this.receiverMsg || errName(this.code) || 'CallbackError';
  }
}

interface Job {
  hook: AfterHook;
  body: Buffer;
  operationID: string;
  attempt: number;
}

/** After-hook requests in flight at once (the reference uses 2 workers). */
const WORKERS = 4;
const RETRY_BASE_MS = 250;
const LOG_INTERVAL_MS = 10_000;

/**
 * Calls the operator's webhook receiver (README "Webhooks"). Before-hooks are awaited by the operation, bounded by
 * the timeout; after-hooks go into a bounded in-memory queue that a few workers drain, so a slow or dead receiver
 * never slows the caller. After-hooks are best effort: a restart loses what is queued (they are notices, like
 * domain events, not durable work).
 */
@Injectable()
export class WebhookService implements OnModuleDestroy {
  private readonly log = new Logger('Webhook');
  private readonly cfg: WebhookConfig;
  /** `webhook_requests_total{hook, result}`, in the process's registry when there is one */
  readonly requests = new Counter({
    name: 'webhook_requests_total',
    help: 'webhook requests by hook and result (ok, refused, failed, dropped, retried)',
    labelNames: ['hook', 'result'] as const,
    registers: [],
  });
  private readonly stop = new AbortController();
  private readonly queue: Job[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private running = 0;
  private droppedSinceLog = 0;
  private lastDropLog = 0;
  private lastFailLog = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Optional() metrics?: MetricsService) {
    this.cfg = config.webhook;
    metrics?.registry.registerMetric(this.requests);
    if (this.cfg.url && this.cfg.notServed.length) {
      this.log.warn(`WEBHOOK_HOOKS names hooks this server does not call: ${this.cfg.notServed.join(', ')}`);
    }
  }

  /** A plain set lookup: callers test it before building a body, so a disabled hook costs nothing. */
  enabled(hook: WebhookName): boolean {
    return this.cfg.hooks.has(hook);
  }

  /**
   * Calls a before-hook and answers the receiver's reply, or undefined when the hook is off or its receiver failed
   * and WEBHOOK_FAILED_CONTINUE lets the operation go on. Throws when the receiver refuses (its errCode, else 80000)
   * or fails while WEBHOOK_FAILED_CONTINUE=false (90004 unreachable / timeout, 90007 unreadable answer).
   */
  async before(hook: BeforeHook, body: HookBody): Promise<CallbackResp | undefined> {
    if (!this.enabled(hook)) return undefined;
    const r = await this.post(hook, this.encode(hook, body), currentOperationID() ?? '');
    if (!r.ok) {
      this.requests.inc({ hook, result: 'failed' });
      if (this.cfg.failedContinue) {
        this.warnAtMost(`${hook}: receiver failed (${r.detail}); going on (WEBHOOK_FAILED_CONTINUE)`);
        return undefined;
      }
      throw new ImError(r.kind === 'data' ? ErrCode.Data : ErrCode.Network, `webhook ${hook}: ${r.detail}`);
    }
    const { resp } = r;
    if ((resp.actionCode ?? 0) !== 0 || resp.nextCode === NEXT_CODE_STOP) {
      this.requests.inc({ hook, result: 'refused' });
      const detail = typeof resp.errDlt === 'string' && resp.errDlt ? resp.errDlt : `refused by webhook ${hook}`;
      const msg = typeof resp.errMsg === 'string' ? resp.errMsg : '';
      throw new WebhookRefusal(resp.errCode || ErrCode.CallbackError, msg, detail);
    }
    this.requests.inc({ hook, result: 'ok' });
    return resp;
  }

  /** Queues an after-hook; returns at once. When the queue is full the request is dropped (logged, counted). */
  after(hook: AfterHook, body: HookBody): void {
    if (!this.enabled(hook) || this.stop.signal.aborted) return;
    this.enqueue({ hook, body: this.encode(hook, body), operationID: currentOperationID() ?? '', attempt: 0 });
  }

  onModuleDestroy(): void {
    this.stop.abort();
    this.queue.length = 0;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
  }

  private encode(hook: WebhookName, body: HookBody): Buffer {
    return Buffer.from(JSON.stringify({ callbackCommand: CALLBACK_COMMAND[hook], ...body }));
  }

  /**
   * One request, aborted at WEBHOOK_TIMEOUT_MS or at shutdown. The timeout is a timer of our own: on Node 20 a
   * signal of AbortSignal.timeout combined with AbortSignal.any can be collected by a full GC before it fires
   * (nodejs/node#57736), and a before-hook then waited for its receiver as long as undici lets it.
   */
  private async post(hook: WebhookName, body: Buffer, operationID: string): Promise<PostResult> {
    const ctrl = new AbortController();
    const timer = setTimeout(
      () => ctrl.abort(new DOMException('no answer in time', 'TimeoutError')),
      this.cfg.timeoutMs,
    );
    const onStop = () => ctrl.abort(this.stop.signal.reason);
    if (this.stop.signal.aborted) onStop();
    else this.stop.signal.addEventListener('abort', onStop, { once: true });
    try {
      return await postCallback({
        url: `${this.cfg.url}/${CALLBACK_COMMAND[hook]}`,
        body,
        secret: this.cfg.secret,
        operationID,
        signal: ctrl.signal,
      });
    } finally {
      clearTimeout(timer);
      this.stop.signal.removeEventListener('abort', onStop);
    }
  }

  private enqueue(job: Job): void {
    if (this.queue.length >= this.cfg.queueSize) {
      this.dropped(job.hook);
      return;
    }
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.running < WORKERS && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void this.deliver(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async deliver(job: Job): Promise<void> {
    const r = await this.post(job.hook, job.body, job.operationID);
    if (r.ok || r.kind === 'data') {
      // an after-hook's answer is not read: any 2xx is a delivery
      this.requests.inc({ hook: job.hook, result: 'ok' });
      return;
    }
    if (this.stop.signal.aborted) return;
    if (job.attempt >= this.cfg.retries) {
      this.requests.inc({ hook: job.hook, result: 'failed' });
      this.warnAtMost(`${job.hook}: receiver failed ${job.attempt + 1} times (${r.detail}); given up`);
      return;
    }
    this.requests.inc({ hook: job.hook, result: 'retried' });
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        this.enqueue({ ...job, attempt: job.attempt + 1 });
      },
      RETRY_BASE_MS * 2 ** job.attempt,
    );
    timer.unref();
    this.retryTimers.add(timer);
  }

  private dropped(hook: AfterHook): void {
    this.requests.inc({ hook, result: 'dropped' });
    this.droppedSinceLog++;
    const now = Date.now();
    if (now - this.lastDropLog < LOG_INTERVAL_MS) return;
    this.log.warn(
      `webhook queue full (WEBHOOK_QUEUE_SIZE=${this.cfg.queueSize}): ${this.droppedSinceLog} after-hook request(s) dropped`,
    );
    this.lastDropLog = now;
    this.droppedSinceLog = 0;
  }

  /** A dead receiver fails every request: one line per interval is enough (the counter has the numbers). */
  private warnAtMost(line: string): void {
    const now = Date.now();
    if (now - this.lastFailLog < LOG_INTERVAL_MS) return;
    this.lastFailLog = now;
    this.log.warn(line);
  }
}
