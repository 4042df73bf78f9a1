import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DatabaseService, dbHandle, txOr } from '../../src/infra/database/database.service';
import { queryRows } from '../../src/infra/database/sql-util';
import { TokenService } from '../../src/auth/token.service';
import { Platform } from '../../src/protocol/platform';
import { createGroup, expectOk, registerUsers, sendGroupText, sendText, si } from '../helpers/fixtures';
import type { TestApp } from '../helpers/test-app';
import { bodyText, type KnownIDs } from './hostile';
import { fieldNames, type Route } from './openapi';

/** Runs per route and caller in CI; `FUZZ_RUNS=500` to search longer, `FUZZ_SEED=<n>` to replay a failed run. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? randomBytes(4).readInt32LE());
/** jest's limit for one route group, grown with the budget (the default budget takes a few seconds). */
export const GROUP_TIMEOUT_MS = 60_000 * Math.max(1, FUZZ_RUNS / 10);

export type CallerKind = 'admin' | 'user';

/** The data the fuzzer aims at: two users who chatted, a group, and the caller of each kind. */
export interface World {
  ids: KnownIDs;
  userID: string;
  adminID: string;
}

export async function makeWorld(t: TestApp): Promise<World> {
  const [a, b] = await registerUsers(t, 2);
  await sendText(t, a.userID, b.userID, 'hello');
  const groupID = await createGroup(t, a.userID, [b.userID]);
  await sendGroupText(t, b.userID, groupID, 'hi all');
  const adminID = t.config.adminUserIDs[0];
  return {
    userID: a.userID,
    adminID,
    ids: {
      userIDs: [a.userID, b.userID, adminID],
      conversationIDs: [si(a.userID, b.userID), `sg_${groupID}`, `n_${a.userID}_${b.userID}`],
      groupIDs: [groupID],
    },
  };
}

/**
 * A fresh token of the caller: an earlier fuzzed request may have kicked the previous one (force_logout) or made
 * the user an app account (update_user_info), which gets no token. The admin token is minted directly: the
 * fuzzed wrong secrets of get_admin_token may have put this client over the failed-secret limit.
 */
export async function tokenOf(t: TestApp, world: World, kind: CallerKind): Promise<string> {
  const admin = (await t.app.get(TokenService).issue(world.adminID, Platform.Admin)).token;
  if (kind === 'admin') return admin;
  const level = await t.post(
    '/user/update_user_info',
    { userInfo: { userID: world.userID, appMangerLevel: 1 } },
    admin,
  );
  expectOk(level.body);
  const res = await t.post('/auth/get_user_token', { userID: world.userID, platformID: 1 }, admin);
  expectOk(res.body);
  return (res.body as { data: { token: string } }).data.token;
}

/**
 * The number of rows of every table, read in one statement. Through `transaction`, the one entry of the
 * DatabaseService that every repository uses, so it works on both drivers.
 */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const database = t.app.get(DatabaseService);
  return database.transaction(async (t) => {
    const tx = txOr(dbHandle(database), t);
    const tables = await queryRows<{ name: string }>(
      tx,
      sql`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const counts = tables.map((x) => `(SELECT count(*) FROM "${x.name}")::int AS "${x.name}"`).join(', ');
    const [row] = await queryRows<Record<string, number>>(tx, sql.raw(`SELECT ${counts}`));
    return row;
  });
}

export function postRaw(t: TestApp, path: string, text: string, token?: string): Promise<request.Response> {
  const r = request(t.app.getHttpServer() as App)
    .post(path)
    .set('content-type', 'application/json')
    .set('operationID', `fuzz-${randomBytes(4).toString('hex')}`);
  if (token) r.set('token', token);
  return r.send(text);
}

const clip = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}… (${s.length} chars)` : s);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A 1001 detail must say which field is wrong, or that the body itself is malformed. */
export function namesAField(detail: string, names: Set<string>): boolean {
  if (/\bbody\b|JSON/i.test(detail)) return true;
  return [...names].some((n) => new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(n)}([^A-Za-z0-9_]|$)`).test(detail));
}

interface Envelope {
  errCode?: unknown;
  errDlt?: unknown;
}

type Counts = Record<string, number>;

/** With FUZZ_STATS=1: how often each route answered each errCode, to see how deep the bodies get. */
const stats = new Map<string, Map<number, number>>();
function tally(path: string, errCode: number): void {
  if (!process.env.FUZZ_STATS) return;
  const m = stats.get(path) ?? new Map<number, number>();
  m.set(errCode, (m.get(errCode) ?? 0) + 1);
  stats.set(path, m);
}

export function printStats(): void {
  if (!process.env.FUZZ_STATS) return;
  const lines = [...stats].map(([path, m]) => `${path} ${[...m].map(([c, n]) => `${c}×${n}`).join(' ')}`);
  console.log(`errCodes per route:\n${lines.join('\n')}`);
}

/**
 * What must hold for any body a client may send: no server error, a 1001 names its field, and a refused
 * request leaves every table as it was. Takes the row counts before the request; returns those after it.
 */
export async function checkOne(
  t: TestApp,
  route: Route,
  text: string,
  token: string | undefined,
  before: Counts,
): Promise<Counts> {
  const res = await postRaw(t, route.path, text, token);
  const body = res.body as Envelope;
  const where = `${route.path} with ${clip(text)}\n→ HTTP ${res.status} ${clip(JSON.stringify(res.body))}`;
  if (res.status >= 500 || typeof body.errCode !== 'number' || body.errCode === 500) {
    throw new Error(`server error: ${where}`);
  }
  if (body.errCode === 1001 && !namesAField(String(body.errDlt), fieldNames(route.body))) {
    throw new Error(`1001 without naming a field: ${where}`);
  }
  tally(route.path, body.errCode);
  const after = await rowCounts(t);
  if (body.errCode !== 0) {
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    if (changed.length) throw new Error(`refused (${body.errCode}) but wrote to ${changed.join(', ')}: ${where}`);
  }
  return after;
}

/** Fuzzes one route as one caller; on failure the error says how to replay the run. */
export async function fuzzRoute(t: TestApp, world: World, route: Route, caller: CallerKind | 'none'): Promise<void> {
  const token = caller === 'none' ? undefined : await tokenOf(t, world, caller);
  let counts = await rowCounts(t);
  const property = fc.asyncProperty(bodyText(route.body, world.ids), async (text) => {
    counts = await checkOne(t, route, text, token, counts);
  });
  const details = await fc.check(property, { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true });
  if (details.failed) {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `fuzz ${route.path} as ${caller} failed after ${details.numRuns} runs: ${cause}\n` +
        `replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} (fast-check path ${details.counterexamplePath})`,
    );
  }
}

export async function expectHealthy(t: TestApp): Promise<void> {
  const res = await request(t.app.getHttpServer() as App).get('/healthz');
  if (res.status !== 200) throw new Error(`/healthz answered ${res.status}: ${JSON.stringify(res.body)}`);
}
