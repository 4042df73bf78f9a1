import { Global, Inject, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RedisService } from './redis.service';

/**
 * Provides {@link RedisService} when `REDIS_URL` or `REDIS_CLUSTER_NODES` is set, `null` otherwise (stores then run
 * in-process).
 */
@Global()
@Module({
  providers: [
    {
      provide: RedisService,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.redis.connection
          ? RedisService.connect(config.redis.connection, config.redisPrefix, config.redis.commandTimeoutMs)
          : null,
    },
  ],
  exports: [RedisService],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(RedisService) private readonly redis: RedisService | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }
}
