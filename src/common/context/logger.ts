import { ConsoleLogger } from '@nestjs/common';
import type { LogLevel } from '../../config/app-config';
import { currentOperationID } from './request-context';

const ORDER: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's console logger with the request's operationID on every line written inside a request. */
export class ImLogger extends ConsoleLogger {
  constructor(level: LogLevel) {
    super('', { logLevels: ORDER.slice(0, ORDER.indexOf(level) + 1) });
  }

  protected override formatContext(context: string): string {
    const op = currentOperationID();
    const base = super.formatContext(context);
    return op ? `${base}[op ${op}] ` : base;
  }
}
