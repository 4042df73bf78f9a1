import { Controller, Get, Inject, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public, RawResponse } from '../common/decorators/access';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { describeDriverError } from '../infra/database/connection-errors';
import { DatabaseService } from '../infra/database/database.service';
import { RedisService } from '../infra/redis/redis.service';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(RedisService) private readonly redis: RedisService | null,
  ) {}

  @Get('healthz')
  @Public()
  @RawResponse()
  @HealthCheck()
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult | object> {
    const checks = [() => this.probe('database', () => this.database.alive())];
    const redis = this.redis;
    if (redis) checks.push(() => this.probe('redis', () => redis.ping()));
    try {
      return await this.health.check(checks);
    } catch (err) {
      // Down: answer 503 with terminus' report rather than the API's error envelope.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      return err.getResponse() as object;
    }
  }

  private async probe(key: string, fn: () => Promise<unknown>) {
    const status = this.indicator.check(key);
    let timer: NodeJS.Timeout | undefined;
    // A dependency that does not answer is down: /healthz itself must answer within the bound.
    const bound = new Promise<never>((_, reject) => {
      const ms = this.config.dbUnavailableTimeoutMs;
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([fn(), bound]);
      return status.up({ kind: key === 'database' ? this.database.kind : 'redis' });
    } catch (err) {
      return status.down({ message: describeDriverError(err) });
    } finally {
      clearTimeout(timer);
    }
  }
}
