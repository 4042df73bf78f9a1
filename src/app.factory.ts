import { INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import * as express from 'express';
import { gzipJson } from './common/http/gzip-json';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppTestOptions } from './app.module';
import type { AppConfig } from './config/app-config';
import { isProtobuf } from './common/http/body';
import { bodyDepthMiddleware } from './common/http/body-depth';
import { ImExceptionFilter } from './common/http/exception.filter';
import { bodyErrorMiddleware, operationIdMiddleware } from './common/http/middleware';
import { ResponseInterceptor } from './common/http/response.interceptor';
import { applyHttpLimits } from './common/http/server-limits';
import { ImValidationPipe } from './common/http/validation';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { ImMetrics } from './infra/metrics/im-metrics';
import { MetricsService } from './infra/metrics/metrics.service';
import { localObjectRoutes } from './object/local-object-http';
import { LocalObjectStore } from './object/local-object-store';
import { OBJECT_STORE } from './object/object-store';

export const BODY_LIMIT = '8mb';

/** Builds the whole application (without listening): used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig, test?: AppTestOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, test), {
    bodyParser: false,
    abortOnError: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.disable('x-powered-by');
  applyHttpLimits(app.getHttpServer(), config.http);
  app.enableCors();
  app.use(operationIdMiddleware);
  app.use(httpMetricsMiddleware(app.get(MetricsService), app.get(ImMetrics)));
  // The local store's signed upload and download URLs: bodies streamed to disk, no token (the URL is signed).
  const store: unknown = app.get(OBJECT_STORE);
  if (store instanceof LocalObjectStore) app.use(localObjectRoutes(store));
  if (config.http.gzipMinBytes > 0) app.use(gzipJson(config.http.gzipMinBytes));
  // The reference server reads every body as JSON whatever its Content-Type (the SDKs send some without one),
  // except protobuf bodies (the JS SDK's /jssdk calls).
  app.use(express.raw({ limit: BODY_LIMIT, type: isProtobuf }));
  app.use(express.json({ limit: BODY_LIMIT, type: (req) => !isProtobuf(req) }));
  app.use(bodyDepthMiddleware);
  app.use(bodyErrorMiddleware);
  app.useGlobalPipes(new ImValidationPipe());
  app.useGlobalFilters(new ImExceptionFilter());
  app.useGlobalInterceptors(new ResponseInterceptor(app.get(Reflector)));
  setupSwagger(app);
  app.enableShutdownHooks();
  return app;
}

function setupSwagger(app: INestApplication): void {
  const doc = new DocumentBuilder()
    .setTitle('OpenIM-compatible server')
    .setDescription(
      'REST API of an OpenIM-compatible IM server. Every answer is HTTP 200 with `{errCode, errMsg, errDlt, data}`; ' +
        'errCode 0 is success. Send the token in the `token` header and an `operationID` header to trace a request.',
    )
    .setVersion('1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'token' }, 'token')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs-json' });
}
