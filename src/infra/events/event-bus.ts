import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { RedisService } from '../redis/redis.service';
import { LOCAL_TOPICS, type DomainEvents, type Topic } from './domain-events';

export type EventHandler<T> = (payload: T) => void | Promise<void>;

/** Events that could not reach Redis, kept to publish when it is back (the oldest are dropped past this). */
const MAX_BACKLOG = 10_000;

/**
 * Domain events between modules, and between the processes of a cluster when Redis is configured. Handlers on
 * this process run right away; with Redis the event is also published so that the other nodes run theirs.
 * Events are notices after a commit, never the record of durable work: a lost event must only cost latency
 * (clients resync by seq), never data. Those that could not be published while Redis was away are published when it
 * is back (up to {@link MAX_BACKLOG}), so that kicks and cache invalidations reach the other nodes late rather than
 * never.
 */
export class EventBus {
  private readonly log = new Logger('EventBus');
  private readonly handlers = new Map<string, EventHandler<unknown>[]>();
  private readonly nodeID = randomBytes(6).toString('hex');
  private subscribed = false;
  private readonly backlog: { topic: string; body: string }[] = [];

  constructor(private readonly redis: RedisService | null) {
    redis?.onReconnect(() => this.flushBacklog());
  }

  on<K extends Topic>(topic: K, handler: EventHandler<DomainEvents[K]>): void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler as EventHandler<unknown>);
    this.handlers.set(topic, list);
    this.ensureSubscribed();
  }

  publish<K extends Topic>(topic: K, payload: DomainEvents[K]): void {
    this.dispatch(topic, payload);
    if (this.redis && !LOCAL_TOPICS.has(topic)) this.send(topic, JSON.stringify({ node: this.nodeID, payload }));
  }

  private send(topic: string, body: string): void {
    const redis = this.redis!;
    redis
      .run((c) => c.publish(redis.channel(`ev:${topic}`), body))
      .catch((err: Error) => {
        if (this.backlog.length >= MAX_BACKLOG) this.backlog.shift();
        this.backlog.push({ topic, body });
        if (this.backlog.length === 1) {
          this.log.warn(`publish ${topic} failed, kept until Redis is back: ${err.message}`);
        }
      });
  }

  private flushBacklog(): void {
    const pending = this.backlog.splice(0);
    if (pending.length) this.log.log(`publishing ${pending.length} events held while Redis was away`);
    for (const { topic, body } of pending) this.send(topic, body);
  }

  private dispatch(topic: string, payload: unknown): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        const r = handler(payload);
        if (r instanceof Promise) r.catch((err: Error) => this.log.error(`handler of ${topic} failed: ${err.stack}`));
      } catch (err) {
        this.log.error(`handler of ${topic} failed: ${(err as Error).stack}`);
      }
    }
  }

  private ensureSubscribed(): void {
    if (!this.redis || this.subscribed) return;
    this.subscribed = true;
    const prefix = this.redis.channel('ev:');
    this.redis.psubscribe(`${prefix}*`, (channel: string, message: string) => {
      let parsed: { node: string; payload: unknown };
      try {
        parsed = JSON.parse(message) as { node: string; payload: unknown };
      } catch {
        return;
      }
      if (parsed.node === this.nodeID) return;
      this.dispatch(channel.slice(prefix.length), parsed.payload);
    });
  }
}
