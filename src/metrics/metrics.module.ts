import { Global, Module } from '@nestjs/common';
import { ImMetrics } from '../infra/metrics/im-metrics';
import { MetricsService } from '../infra/metrics/metrics.service';
import { GrafanaController } from './grafana.controller';
import { MetricsController } from './metrics.controller';

@Global()
@Module({
  controllers: [MetricsController, GrafanaController],
  providers: [MetricsService, ImMetrics],
  exports: [MetricsService, ImMetrics],
})
export class MetricsModule {}
