/** What an error contributes to a log line: never a driver's parameter list, never multi-line free text. */
export interface ErrorFields {
  type: string;
  message: string;
  code?: string;
  stack?: string[];
  cause?: ErrorFields;
}

const MAX_MESSAGE = 1_000;
const MAX_FRAMES = 20;
const MAX_CAUSES = 3;

/**
 * drizzle's query errors read `Failed query: <sql>\nparams: <values joined by ",">`, and the values are the
 * request's data (message text, nicknames, NUL bytes). Everything from `params:` up to the stack frames goes.
 */
export function scrubParams(text: string): string {
  return text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/g, '\nparams: [not logged]');
}

interface QueryError extends Error {
  query: string;
  params: unknown[];
}

function isQueryError(err: Error): err is QueryError {
  const e = err as Partial<QueryError>;
  return typeof e.query === 'string' && Array.isArray(e.params);
}

function messageOf(err: Error): string {
  const text = isQueryError(err)
    ? `Failed query: ${err.query} (${err.params.length} parameters, not logged)`
    : scrubParams(err.message);
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** The log fields of a thrown value: type, message, driver code (SQLSTATE), stack frames and causes. */
export function errorFields(err: unknown, depth = 0): ErrorFields {
  if (!(err instanceof Error)) return { type: typeof err, message: scrubParams(String(err)).slice(0, MAX_MESSAGE) };
  const out: ErrorFields = { type: err.name, message: messageOf(err) };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  if (frames.length) out.stack = frames.slice(0, MAX_FRAMES).map((line) => line.trim());
  if (err.cause !== undefined && depth < MAX_CAUSES) out.cause = errorFields(err.cause, depth + 1);
  return out;
}
