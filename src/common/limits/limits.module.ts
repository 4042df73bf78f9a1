import { Global, Module } from '@nestjs/common';
import { HeavyLimiter } from './heavy-limiter';

/** Request admission limits, applied by route decorators (`@Heavy()` binds its interceptor to the route). */
@Global()
@Module({
  providers: [HeavyLimiter],
  exports: [HeavyLimiter],
})
export class LimitsModule {}
