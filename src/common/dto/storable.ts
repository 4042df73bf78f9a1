import { registerDecorator, ValidationOptions } from 'class-validator';

/*
 * Values PostgreSQL stores exactly as sent. A text column refuses NUL, and a lone UTF-16 surrogate is stored as
 * U+FFFD, so two different IDs would become one row; JavaScript numbers beyond 2^53 lose precision and int4/int8
 * columns refuse numbers beyond their range. Everything a client sends is checked against these rules at the DTO
 * layer, so nothing reaches SQL that SQL would refuse or alter.
 */

export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;

/** NUL, or a surrogate that is not half of a pair (in `u` mode a well-formed pair is one code point, not `\p{Cs}`). */
const UNSTORABLE = /[\0\p{Cs}]/u;

/** Why a string cannot be stored unaltered, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  const m = UNSTORABLE.exec(s);
  if (!m) return undefined;
  return m[0] === '\0' ? 'must not contain NUL (\\u0000)' : 'must be well-formed Unicode (no lone surrogate)';
}

/**
 * The first string (value or key) in a JSON value that cannot be stored unaltered: its path and the reason.
 * Iterative, so a deeply nested value cannot overflow the stack.
 */
export function findUnstorable(value: unknown, path: string): { path: string; reason: string } | undefined {
  const stack: { v: unknown; at: string }[] = [{ v: value, at: path }];
  while (stack.length) {
    const { v, at } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = unstorableText(v);
      if (reason) return { path: at, reason };
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item as unknown, at: `${at}.${i}` }));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        const reason = unstorableText(k);
        if (reason) return { path: at, reason: `key ${reason}` };
        stack.push({ v: item, at: `${at}.${k}` });
      }
    }
  }
  return undefined;
}

/** Every string in the value (a string, a list, a free JSON object: values and keys) can be stored unaltered. */
export function Storable(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'storable',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => findUnstorable(value, '') === undefined,
        defaultMessage: (args) => {
          const bad = findUnstorable(args?.value, String(args?.property));
          return bad ? `${bad.path} ${bad.reason}` : `${args?.property} is not storable`;
        },
      },
    });
  };
}
