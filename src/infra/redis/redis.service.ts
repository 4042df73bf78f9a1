import { Logger } from '@nestjs/common';
import Redis, { Cluster } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { RedisConnection } from '../../config/redis-config';

/** A single Redis or a Redis Cluster: both speak the same commands through ioredis. */
export type RedisClient = Redis | Cluster;

/** Thrown instead of waiting when Redis is known to be away or does not answer within the command timeout. */
export class RedisUnavailableError extends Error {}

type MessageHandler = (channel: string, message: string) => void;

/** How long start-up waits for Redis before the process carries on without it (and connects in the background). */
const CONNECT_WAIT_MS = 3_000;
/** timeouts in a row that make a connected Redis count as away (see `stall`) */
const STALL_AFTER_TIMEOUTS = 3;

/**
 * The Redis connections of this process, when Redis is configured. Every key is prefixed with the configured prefix
 * by ioredis; channel names are not, so {@link channel} adds it.
 *
 * Redis is a cache and a message bus here, never the record of anything: every caller goes through {@link run},
 * which fails at once while the connection is down and within `commandTimeoutMs` otherwise, so no request waits
 * on Redis; callers fall back to PostgreSQL or to this process alone. Subscriptions are remembered and made again
 * whenever the subscriber connection is ready, and {@link onReconnect} hooks let the owners of shared state
 * (presence, caches) write it again after an outage.
 */
export class RedisService {
  private readonly log = new Logger('Redis');
  private subscriber?: RedisClient;
  private readonly channels = new Map<string, MessageHandler>();
  private readonly patterns = new Map<string, MessageHandler>();
  private readonly reconnectHooks: (() => void)[] = [];
  private everReady = false;
  private down = false;
  private closing = false;
  /** connected, but a command went unanswered: see {@link stall} */
  private stalled = false;
  /** commands timed out since the last one that answered */
  private timeouts = 0;

  constructor(
    readonly client: RedisClient,
    readonly prefix: string,
    private readonly commandTimeoutMs: number,
    private readonly makeSubscriber: () => RedisClient,
  ) {
    client.on('error', (err: Error) => {
      if (!this.down) this.log.warn(`redis error: ${err.message}`);
    });
    client.on('ready', () => {
      // also after a start-up without Redis: what this node did meanwhile was never written
      const reconnect = this.down;
      this.everReady = true;
      this.down = false;
      this.stalled = false;
      if (reconnect) {
        this.log.log('redis is back: re-publishing this node’s shared state');
        for (const hook of this.reconnectHooks) hook();
      }
    });
    // 'close' fires on every lost connection (a single Redis) or when the whole cluster is unreachable
    client.on('close', () => {
      if (this.closing) return;
      if (!this.down && this.everReady) this.log.warn('redis connection lost: running on this node alone');
      this.down = true;
    });
  }

  static async connect(conn: RedisConnection, prefix: string, commandTimeoutMs: number): Promise<RedisService> {
    // maxRetriesPerRequest / commandTimeout bound what ioredis queues while reconnecting; `run` bounds the rest
    // reconnect attempts at most a second apart: a Redis that is back is used again within about a second
    const retryStrategy = (times: number) => Math.min(100 * times, 1_000);
    const common: RedisOptions = { maxRetriesPerRequest: 1, commandTimeout: commandTimeoutMs, retryStrategy };
    let service: RedisService;
    if (conn.clusterNodes) {
      const nodes = conn.clusterNodes;
      const make = (keyPrefix?: string) =>
        new Cluster(nodes, {
          keyPrefix,
          enableAutoPipelining: true,
          // the cluster's own queue has no timeout: nothing waits in it, `run` refuses while the cluster is down
          enableOfflineQueue: false,
          redisOptions: common,
          clusterRetryStrategy: retryStrategy,
        });
      service = new RedisService(make(prefix), prefix, commandTimeoutMs, () => make());
    } else {
      const url = conn.url!;
      const client = new Redis(url, { ...common, keyPrefix: prefix, enableAutoPipelining: true });
      service = new RedisService(client, prefix, commandTimeoutMs, () =>
        // subscriptions are remade on 'ready' by this service; commands sent while down fail instead of queueing
        client.duplicate({ keyPrefix: undefined, maxRetriesPerRequest: null, commandTimeout: undefined }),
      );
    }
    await service.ready(CONNECT_WAIT_MS);
    return service;
  }

  /** Whether commands can be sent right now. */
  get available(): boolean {
    return this.client.status === 'ready' && !this.stalled;
  }

  /** Runs commands on the client: fails at once while Redis is away, and after the command timeout at the latest. */
  async run<T>(fn: (client: RedisClient) => Promise<T>): Promise<T> {
    if (!this.available) throw new RedisUnavailableError('redis is not connected');
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisUnavailableError(`redis did not answer within ${this.commandTimeoutMs} ms`)),
        this.commandTimeoutMs,
      );
    });
    try {
      const result = await Promise.race([fn(this.client), bound]);
      this.timeouts = 0;
      return result;
    } catch (err) {
      const timedOut = err instanceof RedisUnavailableError || /timed out/i.test((err as Error).message);
      if (timedOut && ++this.timeouts >= STALL_AFTER_TIMEOUTS) this.stall();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A connection that is open but silent (a frozen Redis, a network that drops everything) would cost every request
   * the command timeout: after a few timeouts in a row (one slow command on a loaded machine is not an outage) Redis
   * counts as away until a PING answers again.
   */
  private stall(): void {
    if (this.stalled || this.closing) return;
    this.stalled = true;
    this.down = true;
    this.log.warn(`redis did not answer within ${this.commandTimeoutMs} ms: running on this node alone until it does`);
    const probe = () => {
      if (!this.stalled || this.closing) return;
      const answered = Promise.race([
        this.client.ping(),
        new Promise((r) => setTimeout(r, this.commandTimeoutMs).unref()),
      ]);
      void answered.then(
        (pong) => (pong === 'PONG' ? this.recovered() : setTimeout(probe, 200).unref()),
        () => setTimeout(probe, 200).unref(),
      );
    };
    setTimeout(probe, 200).unref();
  }

  private recovered(): void {
    this.stalled = false;
    this.timeouts = 0;
    if (!this.down || this.client.status !== 'ready') return;
    this.down = false;
    this.log.log('redis answers again: re-publishing this node’s shared state');
    for (const hook of this.reconnectHooks) hook();
  }

  /** Called each time Redis comes back after being away (not at the first connection). */
  onReconnect(hook: () => void): void {
    this.reconnectHooks.push(hook);
  }

  /** Channel names are not prefixed by ioredis, so the prefix is added here. */
  channel(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** Subscribes to a (prefixed) channel now if possible, and again each time the subscriber reconnects. */
  subscribe(channel: string, handler: MessageHandler): void {
    this.channels.set(channel, handler);
    this.resubscribe();
  }

  psubscribe(pattern: string, handler: MessageHandler): void {
    this.patterns.set(pattern, handler);
    this.resubscribe();
  }

  async unsubscribe(channel: string): Promise<void> {
    this.channels.delete(channel);
    if (this.subscriber?.status === 'ready') await this.subscriber.unsubscribe(channel);
  }

  async ping(): Promise<void> {
    await this.run((c) => c.ping());
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([this.client.quit(), this.subscriber?.quit()]);
    this.client.disconnect();
    this.subscriber?.disconnect();
  }

  private ready(waitMs: number): Promise<void> {
    if (this.available) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.log.warn(`redis not reachable within ${waitMs} ms: starting without it, connecting in the background`);
        this.down = true;
        resolve();
      }, waitMs);
      this.client.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private subscriberConnection(): RedisClient {
    if (this.subscriber) return this.subscriber;
    const sub = this.makeSubscriber();
    sub.on('error', () => undefined); // the command client reports the outage
    sub.on('ready', () => this.resubscribe());
    sub.on('message', (channel: string, message: string) => this.channels.get(channel)?.(channel, message));
    sub.on('pmessage', (pattern: string, channel: string, message: string) =>
      this.patterns.get(pattern)?.(channel, message),
    );
    this.subscriber = sub;
    return sub;
  }

  private resubscribe(): void {
    const sub = this.subscriberConnection();
    if (sub.status !== 'ready') return; // the 'ready' handler subscribes
    const fail = (err: Error) => this.log.warn(`subscribe failed (retried on reconnect): ${err.message}`);
    if (this.channels.size) sub.subscribe(...this.channels.keys()).catch(fail);
    if (this.patterns.size) sub.psubscribe(...this.patterns.keys()).catch(fail);
  }
}
