import { Global, Module } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';
import { EventBus } from './event-bus';

@Global()
@Module({
  providers: [
    {
      provide: EventBus,
      inject: [{ token: RedisService, optional: true }],
      useFactory: (redis: RedisService | null) => new EventBus(redis ?? null),
    },
  ],
  exports: [EventBus],
})
export class EventsModule {}
