import type { NextFunction, Request, Response } from 'express';
import { ERRCODE_LOCAL } from '../common/http/envelope';
import type { ImMetrics } from '../infra/metrics/im-metrics';
import type { MetricsService } from '../infra/metrics/metrics.service';

/** The REST sends whose accept-to-answer time is the REST send latency. */
const SEND_ROUTES: ReadonlySet<string> = new Set(['/msg/send_msg']);

/**
 * Observes every answered request: latency by method, matched route and errCode; a non-zero errCode counts as an
 * error, and a successful send as a send latency.
 */
export function httpMetricsMiddleware(metrics: MetricsService, im: ImMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const startedAt = performance.now();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const errCode = res.locals[ERRCODE_LOCAL] as number | undefined;
      const seconds = (performance.now() - startedAt) / 1000;
      metrics.httpDuration.observe({ method: req.method, route, errCode: String(errCode ?? res.statusCode) }, seconds);
      if (errCode === undefined) return;
      if (errCode !== 0) im.error('http', errCode);
      else if (SEND_ROUTES.has(route)) im.sendAnswered('http', startedAt);
    });
    next();
  };
}
