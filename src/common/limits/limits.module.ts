import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HeavyInterceptor } from './heavy.interceptor';
import { HeavyLimiter } from './heavy-limiter';

/** Request admission limits, applied by route decorators (`@Heavy()`). */
@Global()
@Module({
  providers: [HeavyLimiter, { provide: APP_INTERCEPTOR, useClass: HeavyInterceptor }],
  exports: [HeavyLimiter],
})
export class LimitsModule {}
