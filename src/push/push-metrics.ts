import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../infra/metrics/metrics.service';

/** Offline-push counters in the process's registry (served on /metrics). */
@Injectable()
export class PushMetrics {
  readonly sent: Counter;
  /** `reason`: invalid_token (deleted), gave_up (attempts exhausted) */
  readonly failed: Counter<'reason'>;
  readonly retried: Counter;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.sent = new Counter({
      name: 'offline_push_sent_total',
      help: 'Offline pushes the provider accepted',
      registers,
    });
    this.failed = new Counter({
      name: 'offline_push_failed_total',
      help: 'Offline pushes given up: invalid token or attempts exhausted',
      labelNames: ['reason'] as const,
      registers,
    });
    this.retried = new Counter({
      name: 'offline_push_retried_total',
      help: 'Offline pushes the provider failed and that wait for a retry',
      registers,
    });
  }
}
