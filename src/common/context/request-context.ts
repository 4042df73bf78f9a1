import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** What every log line and every emitted event of one request carries. */
export interface RequestContext {
  operationID: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentOperationID(): string | undefined {
  return storage.getStore()?.operationID;
}

export function newOperationID(): string {
  return randomBytes(8).toString('hex');
}
