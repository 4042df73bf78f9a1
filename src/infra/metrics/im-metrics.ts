import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MAX_PLATFORM, MIN_PLATFORM, platformName } from '../../protocol/platform';
import { MetricsService } from './metrics.service';

/** Where an answer went out: the REST envelope or a gateway reply (handshake refusals included). */
export type Transport = 'http' | 'ws';

type CounterChild = ReturnType<Counter<string>['labels']>;
type GaugeChild = ReturnType<Gauge<string>['labels']>;
type HistogramChild = ReturnType<Histogram<string>['labels']>;

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The IM series a dashboard needs (README "Metrics"). The label children of the hot paths are made once and kept,
 * so counting a message is a map lookup and an addition.
 */
@Injectable()
export class ImMetrics {
  private readonly sent: Counter<'sessionType' | 'contentType'>;
  private readonly sentChildren = new Map<number, CounterChild>();
  private readonly errors: Counter<'transport' | 'errCode'>;
  private readonly errorChildren: Record<Transport, Map<number, CounterChild>> = { http: new Map(), ws: new Map() };
  private readonly connections: GaugeChild[] = [];
  private readonly sendLatency: Record<Transport, HistogramChild>;
  /** connections that took an online push frame */
  readonly pushDelivered: Counter;
  /** online push frames not written: `write` = connection closed or cut off for falling behind; `route` = not routed */
  private readonly pushFailed: Record<'write' | 'route', CounterChild>;
  /** from the commit (or online-only publish) of a message to its push frame written to the connections of a node */
  readonly pushLatency: Histogram;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.sent = new Counter({
      name: 'im_msg_sent_total',
      help: 'Messages accepted by the send path (REST send_msg and WS 1003), by sessionType and contentType',
      labelNames: ['sessionType', 'contentType'] as const,
      registers,
    });
    this.errors = new Counter({
      name: 'im_errors_total',
      help: 'Answers with a non-zero errCode, by transport (http envelope, ws reply or handshake) and errCode',
      labelNames: ['transport', 'errCode'] as const,
      registers,
    });
    const connections = new Gauge({
      name: 'im_ws_connections',
      help: 'Open WebSocket connections on this process, by platform',
      labelNames: ['platform'] as const,
      registers,
    });
    for (let p = MIN_PLATFORM; p <= MAX_PLATFORM; p++) {
      this.connections[p] = connections.labels(platformName(p));
      this.connections[p].set(0);
    }
    const sendLatency = new Histogram({
      name: 'im_msg_send_duration_seconds',
      help: 'A send from its request accepted to its answer written (REST send_msg, WS 1003), successful sends',
      labelNames: ['transport'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.sendLatency = { http: sendLatency.labels('http'), ws: sendLatency.labels('ws') };
    // series that exist from the start read as 0 rather than "no data" until the first event
    sendLatency.zero({ transport: 'http' });
    sendLatency.zero({ transport: 'ws' });
    this.pushDelivered = new Counter({
      name: 'im_online_push_delivered_total',
      help: 'Online push frames (2001) written to a connection',
      registers,
    });
    const failed = new Counter({
      name: 'im_online_push_failed_total',
      help: 'Online pushes not delivered: reason=write (connection closed or too far behind), route (routing failed)',
      labelNames: ['reason'] as const,
      registers,
    });
    this.pushFailed = { write: failed.labels('write'), route: failed.labels('route') };
    this.pushFailed.write.inc(0);
    this.pushFailed.route.inc(0);
    this.pushLatency = new Histogram({
      name: 'im_online_push_duration_seconds',
      help: "From a message's commit to its push frames written to the recipients' connections on a node",
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  messageSent(sessionType: number, contentType: number): void {
    // content types are a closed set (content-rules), session types three: the key space stays small
    const key = sessionType * 100_000 + contentType;
    let child = this.sentChildren.get(key);
    if (!child) {
      child = this.sent.labels(String(sessionType), String(contentType));
      this.sentChildren.set(key, child);
    }
    child.inc();
  }

  error(transport: Transport, errCode: number): void {
    const children = this.errorChildren[transport];
    let child = children.get(errCode);
    if (!child) {
      child = this.errors.labels(transport, String(errCode));
      children.set(errCode, child);
    }
    child.inc();
  }

  connectionOpened(platformID: number): void {
    this.connections[platformID]?.inc();
  }

  connectionClosed(platformID: number): void {
    this.connections[platformID]?.dec();
  }

  /** `startedAt` from performance.now() when the request was accepted */
  sendAnswered(transport: Transport, startedAt: number): void {
    this.sendLatency[transport].observe((performance.now() - startedAt) / 1000);
  }

  pushNotWritten(reason: 'write' | 'route', count = 1): void {
    this.pushFailed[reason].inc(count);
  }
}
