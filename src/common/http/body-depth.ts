import type { NextFunction, Request, Response } from 'express';

/**
 * How deeply a JSON body may nest objects and arrays; the API's own requests nest a few levels. class-transformer
 * and class-validator recurse once per level, so a body of thousands of levels overflowed the validation pipe.
 */
export const MAX_BODY_DEPTH = 32;

/** The nesting depth of a parsed JSON value (a scalar is 0, `{}` is 1), counted without recursion. */
export function exceedsDepth(value: unknown, max: number): boolean {
  const stack: [object, number][] = [];
  if (typeof value === 'object' && value !== null) stack.push([value, 1]);
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Object.values(node) as unknown[]) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A body-parser-style error, answered 1001 by `bodyErrorMiddleware`. */
export class BodyTooDeepError extends Error {
  readonly type = 'entity.too.deep';
  constructor() {
    super(`request body is nested more than ${MAX_BODY_DEPTH} levels deep`);
  }
}

/** Runs right after the JSON parser, before anything walks the body recursively. */
export function bodyDepthMiddleware(req: Request, _res: Response, next: NextFunction): void {
  if (exceedsDepth(req.body, MAX_BODY_DEPTH)) next(new BodyTooDeepError());
  else next();
}
