import fc from 'fast-check';
import type { Schema } from './openapi';

/*
 * Request bodies built from a route's own request schema, every field either plausible (so the request gets past
 * the first check and deeper into the route) or hostile: wrong types, NUL, lone surrogates, huge, negative and
 * fractional numbers, long strings and arrays, nesting, unknown and prototype-polluting keys.
 */

/** Real IDs of the test's data, so plausible values reach the storage instead of stopping at "not found". */
export interface KnownIDs {
  userIDs: string[];
  conversationIDs: string[];
  groupIDs: string[];
}

const NUMBERS = [
  0,
  -1,
  0.5,
  -1.5,
  5e-324,
  1e308,
  -1e308,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  2 ** 63,
  -(2 ** 63),
  2 ** 64,
];

const BAD_STRINGS = ['\u0000', 'a\u0000b', '\ud800', 'a\udfff', '\ude00b', '\udc00\ud800', 'x\ud83d', ' ', ':', '%_\\'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** One code point of any kind, including NUL, control characters and lone surrogates. */
const anyUnit = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\n', '\u202e') },
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const anyString = fc.string({ unit: anyUnit, maxLength: 24 });

/** An object with these own keys, `__proto__` included (a literal or `obj[k] =` would set the prototype instead). */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true });
  return o;
}

/** `{"a":{"a":…}}` `depth` levels deep, built without recursion. */
export function nested(depth: number, leaf: unknown = 1, key = 'a'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { [key]: v };
  return v;
}

const longString = fc.constantFrom(256, 4_097, 70_000).map((n) => 'x'.repeat(n));
const longArray = fc
  .tuple(fc.constantFrom(1_001, 10_001), fc.constantFrom<'s' | 'n' | 'o'>('s', 'n', 'o'))
  .map(([n, kind]) =>
    Array.from({ length: n }, (_, i) => (kind === 's' ? `u${i}` : kind === 'n' ? i + 1 : { conversationID: `c${i}` })),
  );

/** A value that is wrong for most fields. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, '', '0', 'null', '1e308', []),
  fc.constantFrom(...NUMBERS),
  fc.double(),
  fc.constantFrom(...BAD_STRINGS),
  anyString,
  longString,
  longArray,
  fc.array(fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...BAD_STRINGS), fc.constant(null)), {
    maxLength: 4,
  }),
  fc.constantFrom(...PROTO_KEYS).map((k) => objectOf([[k, { polluted: true }]])),
  fc.integer({ min: 2, max: 150 }).map((d) => nested(d)),
  fc.jsonValue({ maxDepth: 3 }),
);

const ID_FIELD = /(^|[a-z])(user|send|recv|owner|check)(User)?IDs?$|^userIDs$|^checkUserIDs$/i;

function plausibleString(name: string, schema: Schema, ids: KnownIDs): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [fc.string({ maxLength: Math.min(schema.maxLength ?? 16, 16) })];
  if (typeof schema.example === 'string') options.push(fc.constant(schema.example));
  if (/conversationIDs?$/i.test(name)) options.push(fc.constantFrom(...ids.conversationIDs));
  else if (/groupIDs?$/i.test(name)) options.push(fc.constantFrom(...ids.groupIDs));
  else if (ID_FIELD.test(name)) options.push(fc.constantFrom(...ids.userIDs), fc.constantFrom(...ids.userIDs));
  return fc.oneof(...options);
}

function plausibleNumber(schema: Schema): fc.Arbitrary<number> {
  const min = Math.max(schema.minimum ?? -1000, -1e6);
  const max = Math.min(schema.maximum ?? 1e6, 1e6);
  const options: fc.Arbitrary<number>[] = [];
  if (min <= max) options.push(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
  if (typeof schema.example === 'number') options.push(fc.constant(schema.example));
  // the edges a DTO accepts are where a column overflows
  const edges = [schema.minimum, schema.maximum].filter((x): x is number => x !== undefined);
  if (edges.length) options.push(fc.constantFrom(...edges));
  return options.length ? fc.oneof(...options) : fc.integer();
}

/** A value of the schema's type, plausible for the field (not necessarily accepted). */
function plausible(name: string, schema: Schema, ids: KnownIDs, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = schema.type ?? (schema.properties ? 'object' : 'json');
  if (type === 'string') return plausibleString(name, schema, ids);
  if (type === 'number' || type === 'integer') return plausibleNumber(schema);
  if (type === 'boolean') return fc.boolean();
  if (type === 'array')
    return fc.array(field(name, schema.items ?? {}, ids, depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
  if (schema.properties) return objectFor(schema, ids, depth + 1);
  // free JSON (message content): a text element or anything
  return fc.oneof(
    fc.record({ content: anyString }),
    fc.dictionary(anyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  );
}

function field(name: string, schema: Schema, ids: KnownIDs, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return hostileValue;
  return fc.oneof(
    { weight: 4, arbitrary: plausible(name, schema, ids, depth) },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** An object of the schema: each property present (mostly) or absent, sometimes with unknown or proto keys. */
export function objectFor(schema: Schema, ids: KnownIDs, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const entries = props.map(([name, s]) =>
    fc.option(
      field(name, s, ids, depth).map((v): [string, unknown] => [name, v]),
      { nil: undefined, freq: required.has(name) ? 12 : 3 },
    ),
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), anyString), hostileValue), { maxLength: 2 });
  const noExtra = fc.constant<[string, unknown][]>([]);
  return fc
    .tuple(fc.tuple(...entries), fc.oneof({ weight: 4, arbitrary: noExtra }, { weight: 1, arbitrary: extra }))
    .map(([present, more]) => objectOf([...present.filter((e): e is [string, unknown] => e !== undefined), ...more]));
}

/** The raw text of a request body: mostly an object from the schema, sometimes not an object or not JSON. */
export function bodyText(schema: Schema, ids: KnownIDs): fc.Arbitrary<string> {
  const notJson = fc.constantFrom('', '{', '{"a":', '[1,', 'nul', '{"a":1}}', '\u0000', '{"\ud800":1}', "{'a':1}");
  return fc.oneof(
    { weight: 16, arbitrary: objectFor(schema, ids).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: notJson },
  );
}
