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

/** Random per process, so that IDs made up by different nodes of a cluster do not collide. */
const PROCESS_PREFIX = randomBytes(4).toString('hex');
let made = 0;

/**
 * An operationID for a request that came without one (the SDKs always send one). A counter after a per-process
 * prefix, not `randomBytes` per call: that synchronous read of the system's entropy was 5 % of a cached REST read.
 * The ID only ties log lines together; nothing relies on it being unguessable.
 */
export function newOperationID(): string {
  made = (made + 1) % Number.MAX_SAFE_INTEGER;
  return `${PROCESS_PREFIX}${made.toString(16).padStart(8, '0')}`;
}
