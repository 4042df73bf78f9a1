/*
 * Cheap authenticated REST reads at 64 connections (wrk): /user/get_users_info for one ID and
 * /conversation/get_sorted_conversation_list, with a user token. Baselines in the same run: a bare node:http
 * server answering the same JSON, and a bare Nest + Express route answering it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../../test/helpers/server-process';
import { forkListening, stopChild } from '../baseline-process';
import { atMost, row, shareOfBaseline, type Row } from '../result';
import { call, newTag, registerUsers, sizeFromEnv, startTarget, userTokens, type Target } from '../target';
import { wrk, type WrkResult } from '../wrk';

const NAME = 'rest-read';
const CONNECTIONS = 64;

async function body(t: Target, route: string, req: unknown, token: string): Promise<string> {
  const r = await fetch(`${t.base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', token },
    body: JSON.stringify(req),
  });
  return r.text();
}

async function bareServer(
  mode: 'http' | 'nest' | 'busy',
  bodies: Record<string, string>,
  busyMicros = 0,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'im-bench-bare-')), 'bodies.json');
  fs.writeFileSync(file, JSON.stringify(bodies));
  const port = await freePort();
  const child = await forkListening('bare-http.ts', [mode, String(port), file, String(busyMicros)]);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

export async function restRead(): Promise<Row[]> {
  const seconds = sizeFromEnv('BENCH_REST_SECONDS', 5);
  // get_sorted_conversation_list is a @Heavy route: one user may run 4 at once and 50 may queue, so 64
  // connections of one user would be refused by design. The bench raises those two limits to measure the route.
  const t = await startTarget({ USER_MAX_CONCURRENT_HEAVY: '64', HEAVY_QUEUE_MAX: '128' });
  const tag = newTag();
  const me = `rr${tag}_me`;
  const others = Array.from({ length: 20 }, (_, i) => `rr${tag}_${i}`);
  let results: Record<string, WrkResult>;
  let bodies: Record<string, string>;
  try {
    await registerUsers(t, [me, ...others]);
    // a conversation list worth sorting: 20 conversations with a message each
    await call(
      t.base,
      '/msg/batch_send_msg',
      { sendID: me, recvIDs: others, contentType: 101, sessionType: 1, content: { content: 'hello' } },
      t.admin,
    );
    const [token] = await userTokens(t, [me], 5);
    const reqs: Record<string, unknown> = {
      '/user/get_users_info': { userIDs: [me] },
      '/conversation/get_sorted_conversation_list': { userID: me, pagination: { pageNumber: 1, showNumber: 20 } },
    };
    bodies = {};
    for (const [route, req] of Object.entries(reqs)) bodies[route] = await body(t, route, req, token);
    results = {};
    for (const [route, req] of Object.entries(reqs)) {
      results[`server ${route}`] = await wrk(t.base, CONNECTIONS, seconds, 'suite/post.lua', [
        route,
        token,
        JSON.stringify(req),
      ]);
    }
  } finally {
    await t.stop();
  }
  // `busy`: node:http spending, per request, the wall time one get_users_info took the real server at saturation
  const busyMicros = 1e6 / results['server /user/get_users_info'].perSecond;
  for (const mode of ['http', 'nest', 'busy'] as const) {
    const bare = await bareServer(mode, bodies, busyMicros);
    try {
      for (const route of Object.keys(bodies)) {
        if (mode !== 'http' && route !== '/user/get_users_info') continue;
        results[`${mode} ${route}`] = await wrk(bare.url, CONNECTIONS, seconds, 'suite/post.lua', [route, '', '{}']);
      }
    } finally {
      await bare.stop();
    }
  }
  const rows: Row[] = [];
  for (const [route, short] of [
    ['/user/get_users_info', 'get_users_info'],
    ['/conversation/get_sorted_conversation_list', 'sorted_conversation_list'],
  ]) {
    const s = results[`server ${route}`];
    const b = results[`http ${route}`];
    if (s.failures) throw new Error(`${route}: ${s.failures} failed answers`);
    rows.push(shareOfBaseline(NAME, `${short} req/s`, s.perSecond, 'req/s', b.perSecond, 'node:http', 0.4));
    rows.push(
      row(NAME, `${short} p99`, s.p99, 'ms', 'latency', { baseline: b.p99, baselineLabel: 'node:http', ...atMost(20) }),
    );
  }
  const nest = results['nest /user/get_users_info'];
  const http = results['http /user/get_users_info'];
  const busy = results['busy /user/get_users_info'];
  rows.push(
    row(NAME, 'bare Nest+Express route req/s', nest.perSecond, 'req/s', 'throughput', {
      baseline: http.perSecond,
      baselineLabel: 'node:http',
    }),
    row(NAME, 'bare Nest+Express route p99', nest.p99, 'ms', 'latency', {
      baseline: http.p99,
      baselineLabel: 'node:http',
    }),
    row(
      NAME,
      `node:http spending ${Math.round(busyMicros)} µs/request (the server's pace): p99`,
      busy.p99,
      'ms',
      'latency',
      { baseline: http.p99, baselineLabel: 'node:http' },
    ),
  );
  return rows;
}
