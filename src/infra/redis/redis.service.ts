import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * The Redis connections of this process, when `REDIS_URL` is set. Commands go through `client` (every key is
 * prefixed with the configured prefix by ioredis); pub/sub needs a connection of its own, created on demand.
 */
export class RedisService {
  private readonly log = new Logger('Redis');
  private subscriber?: Redis;

  constructor(
    readonly client: Redis,
    readonly prefix: string,
  ) {
    client.on('error', (err: Error) => this.log.warn(`redis error: ${err.message}`));
  }

  static connect(url: string, prefix: string): RedisService {
    return new RedisService(
      new Redis(url, { keyPrefix: prefix, maxRetriesPerRequest: 3, enableAutoPipelining: true }),
      prefix,
    );
  }

  /** Channel names are not prefixed by ioredis, so the prefix is added here. */
  channel(name: string): string {
    return `${this.prefix}${name}`;
  }

  subscriberConnection(): Redis {
    if (!this.subscriber) {
      this.subscriber = this.client.duplicate({ keyPrefix: undefined });
      this.subscriber.on('error', (err: Error) => this.log.warn(`redis subscriber error: ${err.message}`));
    }
    return this.subscriber;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.quit(), this.subscriber?.quit()]);
  }
}
