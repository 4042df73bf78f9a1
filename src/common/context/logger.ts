import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Level, type LoggerOptions } from 'pino';
import type { LogLevel } from '../../config/app-config';
import { errorFields, scrubParams } from './log-fields';
import { currentOperationID } from './request-context';

const PINO_LEVEL: Record<LogLevel, Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Tokens and secrets are credentials; bodies carry message content. */
const REDACT = [
  'token',
  'secret',
  '*.token',
  '*.secret',
  'body',
  'req.body',
  'req.headers.token',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** `operationID` from the request context (set by the first middleware), on every line written inside a request. */
function withOperationID(): object {
  const op = currentOperationID();
  return op ? { operationID: op } : {};
}

function pinoOptions(level: LogLevel): LoggerOptions {
  return {
    level: PINO_LEVEL[level],
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: errorFields },
    mixin: withOperationID,
    hooks: {
      // older call sites interpolate `err.stack` into the message: keep driver parameters out of it
      logMethod(args, method) {
        const scrubbed = args.map((a: unknown) => (typeof a === 'string' ? scrubParams(a) : a));
        method.apply(this, scrubbed as Parameters<pino.LogFn>);
      },
    },
  };
}

/**
 * JSON lines through pino (nestjs-pino routes Nest's `Logger` to it): one field per value, `operationID` on every
 * line written inside a request (the mixin reads it from the request context), no access log (the metrics count
 * requests).
 *
 * The pino-http middleware is mounted on no route: with access logging off it only built two child loggers per
 * request, serialising the whole request through the redaction on the way, and ran a second AsyncLocalStorage;
 * that was about a seventh of the CPU of a send_msg.
 */
export function loggerParams(level: LogLevel, stream?: DestinationStream): Params {
  // wrapSerializers off: pino-http would run pino's own error serializer before errorFields
  const options = { ...pinoOptions(level), autoLogging: false, wrapSerializers: false };
  return { pinoHttp: stream ? [options, stream] : options, forRoutes: [] };
}
