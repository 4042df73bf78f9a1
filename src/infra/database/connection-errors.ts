/** Socket errors of the driver's connection to the database. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean "no usable database right now": class 08 (connection exception), 57P01-57P03 (shut down by
 * an administrator, crashed, not accepting connections yet), 57014 (statement_timeout), 53300 (too many
 * connections).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || /^57P0[1-3]$/.test(code) || code === '57014' || code === '53300';
}

/** node-postgres and pg-pool raise these without a code. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
];

/**
 * Whether an error (as thrown by node-postgres or pg-pool, possibly wrapped by drizzle in a `cause`, or an
 * AggregateError of several connection attempts) means the database is unreachable or did not answer in time,
 * rather than a bug or a bad statement.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 4) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
  if (DRIVER_MESSAGES.some((re) => re.test(err.message))) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1);
}

/** The SQLSTATE or socket code and message of the innermost driver error, for a log line without SQL parameters. */
export function describeDriverError(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e instanceof Error && e.cause instanceof Error; i++) e = e.cause;
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} ${e.message}` : e.message;
}
