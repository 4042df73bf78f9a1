import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { RedisService } from '../redis/redis.service';
import { LOCAL_TOPICS, type DomainEvents, type Topic } from './domain-events';

export type EventHandler<T> = (payload: T) => void | Promise<void>;

/**
 * Domain events between modules, and between the processes of a cluster when Redis is configured. Handlers on
 * this process run right away; with Redis the event is also published so that the other nodes run theirs.
 * Events are notices after a commit, never the record of durable work: a lost event must only cost latency
 * (clients resync by seq), never data.
 */
export class EventBus {
  private readonly log = new Logger('EventBus');
  private readonly handlers = new Map<string, EventHandler<unknown>[]>();
  private readonly nodeID = randomBytes(6).toString('hex');
  private subscribed = false;

  constructor(private readonly redis: RedisService | null) {}

  on<K extends Topic>(topic: K, handler: EventHandler<DomainEvents[K]>): void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler as EventHandler<unknown>);
    this.handlers.set(topic, list);
    this.ensureSubscribed();
  }

  publish<K extends Topic>(topic: K, payload: DomainEvents[K]): void {
    this.dispatch(topic, payload);
    if (this.redis && !LOCAL_TOPICS.has(topic)) {
      const body = JSON.stringify({ node: this.nodeID, payload });
      this.redis.client.publish(this.redis.channel(`ev:${topic}`), body).catch((err: Error) => {
        this.log.warn(`publish ${topic} failed: ${err.message}`);
      });
    }
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
    const sub = this.redis.subscriberConnection();
    const prefix = this.redis.channel('ev:');
    sub.psubscribe(`${prefix}*`).catch((err: Error) => this.log.error(`subscribe failed: ${err.message}`));
    sub.on('pmessage', (_pattern: string, channel: string, message: string) => {
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
