import type { IncomingMessage } from 'node:http';
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

/** `operationID` from the request's child logger, or else from the request context (lines before routing). */
function withOperationID(_merge: object, _level: number, logger: pino.Logger): object {
  const op = currentOperationID();
  return op && !('operationID' in logger.bindings()) ? { operationID: op } : {};
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
 * line written inside a request, no access log (the metrics count requests).
 */
export function loggerParams(level: LogLevel, stream?: DestinationStream): Params {
  const options = {
    ...pinoOptions(level),
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { operationID?: string }).operationID ?? '',
    customAttributeKeys: { reqId: 'operationID' },
    quietReqLogger: true,
    quietResLogger: true,
    autoLogging: false,
    wrapSerializers: false,
  };
  return { pinoHttp: stream ? [options, stream] : options };
}
