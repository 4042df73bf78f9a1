import { Controller, Get, Inject, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
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
    // Redis is probed beside the database, never as a reason for 503: without it each node goes on serving alone
    const redis = this.redis;
    const redisProbe = redis ? this.probe('redis', () => redis.ping()) : undefined;
    let report: HealthCheckResult;
    try {
      report = await this.health.check([() => this.probe('database', () => this.database.alive())]);
    } catch (err) {
      // Down: answer 503 with terminus' report rather than the API's error envelope.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      report = err.getResponse() as HealthCheckResult;
    }
    return redisProbe ? withRedis(report, await redisProbe) : report;
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

/** Adds the Redis probe to terminus' report: under `info` when up, under `error` and `degraded` when down. */
function withRedis(report: HealthCheckResult, probe: HealthIndicatorResult): HealthCheckResult & object {
  const up = probe.redis.status === 'up';
  return {
    ...report,
    info: up ? { ...report.info, ...probe } : report.info,
    error: up ? report.error : { ...report.error, ...probe },
    details: { ...report.details, ...probe },
    ...(up ? {} : { degraded: ['redis'] }),
  };
}
