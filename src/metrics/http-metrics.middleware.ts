import type { NextFunction, Request, Response } from 'express';
import { ERRCODE_LOCAL } from '../common/http/envelope';
import type { MetricsService } from './metrics.service';

/** Observes every answered request: latency by method, matched route and errCode. */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const errCode = res.locals[ERRCODE_LOCAL] as number | undefined;
      end({ method: req.method, route, errCode: String(errCode ?? res.statusCode) });
    });
    next();
  };
}
