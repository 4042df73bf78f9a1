import { Global, Module } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';
import { KV_STORE, KvStore, MemoryKvStore, RedisKvStore } from './kv-store';

@Global()
@Module({
  providers: [
    {
      provide: KV_STORE,
      inject: [{ token: RedisService, optional: true }],
      useFactory: (redis: RedisService | null): KvStore => (redis ? new RedisKvStore(redis) : new MemoryKvStore()),
    },
  ],
  exports: [KV_STORE],
})
export class KvModule {}
