import request from 'supertest';
import type { App } from 'supertest/types';
import type { TestApp } from '../helpers/test-app';

/** The part of JSON Schema the app's OpenAPI document uses, with every `$ref` and `allOf` resolved. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  example?: unknown;
}

interface RawSchema extends Schema {
  $ref?: string;
  allOf?: RawSchema[];
  properties?: Record<string, RawSchema>;
  items?: RawSchema;
}

interface Operation {
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: RawSchema }> };
}

interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, RawSchema> };
}

export interface Route {
  path: string;
  /** the first segment: auth, user, msg, ... */
  group: string;
  isPublic: boolean;
  /** the request body schema, resolved; an empty object schema when the route takes none */
  body: Schema;
}

/** Nesting of DTO classes is shallow; deeper means a reference cycle, which the fuzzer would not terminate on. */
const MAX_DEPTH = 12;

function resolve(raw: RawSchema, components: Record<string, RawSchema>, depth: number): Schema {
  if (depth > MAX_DEPTH) throw new Error('schema nests too deep (a $ref cycle?)');
  if (raw.$ref) {
    const name = raw.$ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (!name || !target) throw new Error(`dangling $ref "${raw.$ref}"`);
    return resolve({ ...target, ...withoutRef(raw) }, components, depth + 1);
  }
  const { allOf, properties, items, ...rest } = raw;
  let out: Schema = { ...rest };
  for (const part of allOf ?? []) out = { ...resolve(part, components, depth + 1), ...out };
  if (properties) {
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([k, v]) => [k, resolve(v, components, depth + 1)]),
    );
  }
  if (items) out.items = resolve(items, components, depth + 1);
  return out;
}

function withoutRef(raw: RawSchema): RawSchema {
  const { $ref: _ref, ...rest } = raw;
  return rest;
}

/** Every POST route of the OpenAPI document the app serves at /docs-json, with its resolved request schema. */
export async function openApiRoutes(t: TestApp): Promise<Route[]> {
  const res = await request(t.app.getHttpServer() as App).get('/docs-json');
  const doc = res.body as OpenApiDoc;
  const components = doc.components?.schemas ?? {};
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    const op = ops.post;
    if (!op) continue;
    const raw = op.requestBody?.content?.['application/json']?.schema;
    const body = raw ? resolve(raw, components, 0) : { type: 'object', properties: {} };
    routes.push({ path, group: path.split('/')[1], isPublic: !op.security?.length, body });
  }
  return routes;
}

/** Every property name anywhere in a schema: a 1001 detail must name one of them (or the body itself). */
export function fieldNames(schema: Schema, out = new Set<string>()): Set<string> {
  for (const [k, v] of Object.entries(schema.properties ?? {})) {
    out.add(k);
    fieldNames(v, out);
  }
  if (schema.items) fieldNames(schema.items, out);
  return out;
}

/** Every GET route of the OpenAPI document (they take no body: only a query string and headers). */
export async function openApiGetPaths(t: TestApp): Promise<string[]> {
  const res = await request(t.app.getHttpServer() as App).get('/docs-json');
  const doc = res.body as OpenApiDoc;
  return Object.entries(doc.paths)
    .filter(([, ops]) => ops.get)
    .map(([path]) => path)
    .sort();
}
