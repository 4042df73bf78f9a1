import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PushOutboxRepository } from '../chat-store/push-outbox.repository';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseService } from '../infra/database/database.service';
import { MESSAGE_STORED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { Opt, optionOn } from '../protocol/message';
import { PUSH_PROVIDER, type PushOutcome, type PushProvider } from './providers/push-provider';
import { PushMetrics } from './push-metrics';
import { PlannedNotification, PushPlanner } from './push-planner';
import { ClaimedDelivery, PushRepository } from './push.repository';

/** How long a node holds claimed work; a node that dies meanwhile leaves it to whoever claims it after. */
const LEASE_MS = 30_000;
const BATCH = 50;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Drains the push queue off the send path, on every node: outbox rows (one per stored message) become per-device
 * deliveries, deliveries go to the provider. A stored message wakes the local worker at once; a timer picks up
 * retries that fell due and work left by a node that died. Both steps claim rows with SKIP LOCKED leases, so nodes
 * share the queue. At least once: a node that dies between the provider's answer and the row's deletion sends that
 * notification again after the lease.
 */
@Injectable()
export class PushWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('OfflinePush');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: DatabaseService,
    private readonly outbox: PushOutboxRepository,
    private readonly repo: PushRepository,
    private readonly planner: PushPlanner,
    @Inject(PUSH_PROVIDER) private readonly provider: PushProvider | null,
    private readonly metrics: PushMetrics,
    private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.provider) return;
    this.events.on(MESSAGE_STORED, (e) => {
      if (optionOn(e.msg.options, Opt.offlinePush)) this.kick();
    });
    this.timer = setInterval(() => this.kick(), this.config.push.pollMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a drain now, or once more after the current one. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: Error) => this.log.warn(`push queue: ${err.message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const rows = await this.outbox.claim(Date.now(), LEASE_MS, BATCH);
      for (const row of rows) await this.expand(row.id, row.conversationID, row.seq, row.attempts);
      if (rows.length < BATCH) break;
    }
    while (!this.stopped) {
      const due = await this.repo.claim(Date.now(), LEASE_MS, BATCH);
      await Promise.all(due.map((d) => this.deliver(d)));
      if (due.length < BATCH) break;
    }
  }

  /** One message's deliveries (and the badges they carry) replace its outbox row in one transaction. */
  private async expand(id: number, conversationID: string, seq: number, attempts: number): Promise<void> {
    let planned: PlannedNotification[] = [];
    try {
      planned = await this.planner.plan(conversationID, seq);
    } catch (err) {
      // the row stays leased and is planned again after the lease, up to the attempt bound
      if (attempts < this.config.push.maxAttempts) {
        this.log.warn(`offline push of ${conversationID}#${seq} not planned: ${(err as Error).message}`);
        return;
      }
      this.log.error(`offline push of ${conversationID}#${seq} dropped: ${(err as Error).message}`);
    }
    await this.database.transaction(async (tx) => {
      if (!(await this.outbox.finish(tx, id))) return;
      const badges = await this.repo.bumpBadges(tx, [...new Set(planned.map((p) => p.userID))]);
      const now = Date.now();
      await this.repo.enqueue(
        tx,
        planned.map((p) => ({ ...p, badge: badges.get(p.userID) ?? 1 })),
        now,
      );
    });
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const n = d.notification;
    let outcome: PushOutcome;
    try {
      outcome = await this.provider!.send(n);
    } catch (err) {
      if (d.attempts >= this.config.push.maxAttempts) {
        this.metrics.failed.inc({ reason: 'gave_up' });
        this.log.warn(`push to ${n.userID}/${n.platformID} given up after ${d.attempts}: ${(err as Error).message}`);
        await this.repo.done(d.id);
        return;
      }
      this.metrics.retried.inc();
      const wait = Math.min(this.config.push.retryBaseMs * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
      await this.repo.retryAt(d.id, Date.now() + wait);
      return;
    }
    if (outcome === 'invalid-token') {
      this.metrics.failed.inc({ reason: 'invalid_token' });
      await this.repo.deleteToken(n.userID, n.platformID, n.token);
    } else {
      this.metrics.sent.inc();
    }
    await this.repo.done(d.id);
  }
}
