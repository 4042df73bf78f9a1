import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, RawResponse } from '../common/decorators/access';
import { ERRCODE_LOCAL } from '../common/http/envelope';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

@ApiTags('third')
@Controller('third')
export class GrafanaController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('prometheus')
  @Public()
  @RawResponse()
  @ApiOperation({ summary: 'Redirect (302) to the Grafana of this deployment (GRAFANA_URL)' })
  @ApiFoundResponse({ description: 'Location: GRAFANA_URL' })
  @ApiNotFoundResponse({ description: 'GRAFANA_URL is not set: `{errCode: 404, errMsg, errDlt}` says so' })
  grafana(@Res() res: Response): void {
    const url = this.config.grafanaUrl;
    // the reference redirects to an empty location when none is configured; say what is missing instead
    if (url) return res.redirect(302, url);
    res.locals[ERRCODE_LOCAL] = 404;
    res.status(404).json({ errCode: 404, errMsg: 'NotFound', errDlt: 'no Grafana configured: set GRAFANA_URL' });
  }
}
