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
  for (const [k, v] of entries) {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
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

const freshID = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'),
  minLength: 6,
  maxLength: 14,
});

type Weighted<T> = { weight: number; arbitrary: fc.Arbitrary<T> };

/** Known IDs and the documented example first (they get past lookups), any short text sometimes. */
function plausibleString(name: string, schema: Schema, ids: KnownIDs): fc.Arbitrary<string> {
  const options: Weighted<string>[] = [
    { weight: 1, arbitrary: fc.string({ maxLength: Math.min(schema.maxLength ?? 16, 16) }) },
  ];
  if (typeof schema.example === 'string') options.push({ weight: 2, arbitrary: fc.constant(schema.example) });
  const known = /conversationIDs?$/i.test(name)
    ? ids.conversationIDs
    : /groupIDs?$/i.test(name)
      ? ids.groupIDs
      : ID_FIELD.test(name)
        ? ids.userIDs
        : [];
  if (known.length) {
    // mostly the test's own IDs (found), sometimes a fresh one (created, where the route creates)
    options.push({ weight: 6, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: freshID });
  }
  return fc.oneof(...options);
}

function plausibleNumber(schema: Schema): fc.Arbitrary<number> {
  const min = Math.max(schema.minimum ?? -1000, -1e6);
  const max = Math.min(schema.maximum ?? 1e6, 1e6);
  const options: Weighted<number>[] = [];
  if (min <= max) options.push({ weight: 2, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) });
  if (typeof schema.example === 'number') options.push({ weight: 3, arbitrary: fc.constant(schema.example) });
  // the edges a DTO accepts are where a column overflows
  const edges = [schema.minimum, schema.maximum].filter((x): x is number => x !== undefined);
  if (edges.length) options.push({ weight: 1, arbitrary: fc.constantFrom(...edges) });
  return options.length ? fc.oneof(...options) : fc.integer();
}

/** A value of the schema's type, plausible for the field (not necessarily accepted). */
function plausible(name: string, schema: Schema, ids: KnownIDs, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = schema.type ?? (schema.properties ? 'object' : 'json');
  if (type === 'string') return plausibleString(name, schema, ids);
  if (type === 'number' || type === 'integer') return plausibleNumber(schema);
  if (type === 'boolean') return fc.boolean();
  if (type === 'array') {
    return fc.array(field(name, schema.items ?? {}, ids, depth + 1), {
      minLength: 1,
      maxLength: Math.min(schema.maxItems ?? 3, 3),
    });
  }
  if (schema.properties) return objectFor(schema, ids, depth + 1);
  // free JSON (message content): a text element or anything
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ content: fc.string({ minLength: 1 }) }) },
    { weight: 1, arbitrary: fc.dictionary(anyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  );
}

function field(name: string, schema: Schema, ids: KnownIDs, depth: number): fc.Arbitrary<unknown> {
  return depth > 6 ? fc.constant(null) : plausible(name, schema, ids, depth);
}

/** A plausible object of the schema: required properties present, optional ones sometimes. */
export function objectFor(schema: Schema, ids: KnownIDs, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).map(([name, s]) =>
    fc.option(
      field(name, s, ids, depth).map((v): [string, unknown] => [name, v]),
      { nil: undefined, freq: required.has(name) ? 20 : 2 },
    ),
  );
  return fc
    .tuple(...entries)
    .map((present) => objectOf(present.filter((e): e is [string, unknown] => e !== undefined)));
}

/** What to do to one place of a plausible body. */
export interface Mutation {
  /** which place (modulo the number of places) */
  at: number;
  kind: 'replace' | 'taint' | 'delete' | 'add';
  value: unknown;
  key: string;
  /** where a taint goes into a string, or which edge number replaces a number */
  pos: number;
  taint: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<Mutation['kind']>('replace', 'taint', 'taint', 'delete', 'add'),
  value: hostileValue,
  key: fc.oneof(fc.constantFrom(...PROTO_KEYS), anyString),
  pos: fc.nat(),
  taint: fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\n', ':', ' ', '%'),
});

/** Every place of a JSON value: [container, key] of each property and element (the first 200). */
function places(root: unknown): [Record<string, unknown>, string][] {
  const out: [Record<string, unknown>, string][] = [];
  const stack = [root];
  while (stack.length && out.length < 200) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    for (const k of Object.keys(v)) {
      out.push([v as Record<string, unknown>, k]);
      stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return out;
}

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Applies mutations to a copy of the body (JSON text in, JSON text out). */
export function mutate(text: string, mutations: Mutation[]): string {
  const root = JSON.parse(text) as Record<string, unknown>;
  for (const m of mutations) {
    const all = places(root);
    if (m.kind === 'add' || !all.length) {
      const [o, k] = all.length ? all[m.at % all.length] : [root, ''];
      const target = k && typeof o[k] === 'object' && o[k] !== null && !Array.isArray(o[k]) ? o[k] : root;
      put(target as Record<string, unknown>, m.key, m.value);
      continue;
    }
    const [o, k] = all[m.at % all.length];
    const old = o[k];
    if (m.kind === 'delete') {
      if (Array.isArray(o)) o.splice(Number(k), 1);
      else delete o[k];
    } else if (m.kind === 'taint' && typeof old === 'string') {
      const i = m.pos % (old.length + 1);
      put(o, k, old.slice(0, i) + m.taint + old.slice(i));
    } else if (m.kind === 'taint' && typeof old === 'number') {
      put(o, k, NUMBERS[m.pos % NUMBERS.length]);
    } else {
      put(o, k, m.value);
    }
  }
  return JSON.stringify(root);
}

/**
 * The raw text of a request body: mostly a plausible object from the schema with one or two places made
 * hostile (so that the rest passes and the hostile value gets as far as it can), sometimes not an object at
 * all or not JSON.
 */
export function bodyText(schema: Schema, ids: KnownIDs): fc.Arbitrary<string> {
  const notJson = fc.constantFrom('', '{', '{"a":', '[1,', 'nul', '{"a":1}}', '\u0000', '{"\ud800":1}', "{'a':1}");
  const mutations = fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 4, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 3 }) },
  );
  return fc.oneof(
    {
      weight: 16,
      arbitrary: fc.tuple(objectFor(schema, ids), mutations).map(([o, m]) => mutate(JSON.stringify(o), [...m])),
    },
    { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: notJson },
  );
}
