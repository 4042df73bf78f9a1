/*
 * A hostile pull storm and a well-behaved client measuring latency meanwhile, as a process of its own: in the test
 * process the clients would share the server's event loop and send their requests one at a time.
 *
 * Input: the JSON of a StormPlan in the STORM_PLAN variable. Output: one line of StormReport JSON on stdout.
 */
import * as http from 'node:http';

/** Kept-alive connections, as SDKs and HTTP libraries use them (Node's global agent does too). */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function call(base: string, method: 'GET' | 'POST', route: string, body?: unknown, token?: string) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: http.OutgoingHttpHeaders = token ? { token } : {};
  if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
  return new Promise<{ status: number; body: { errCode?: number } }>((resolve, reject) => {
    const req = http.request(new URL(route, base), { agent, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errCode?: number };
          resolve({ status: res.statusCode ?? 0, body: parsed });
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface StormPlan {
  base: string;
  /** users flooding pull_msg_by_seq, each with `parallel` pulls in flight at all times */
  hostile: { userID: string; token: string }[];
  parallel: number;
  /** the body of every hostile pull, without userID */
  seqRanges: { conversationID: string; begin: number; end: number; num: number }[];
  bystander: { userID: string; token: string };
  /** cheap requests made one after the other while the storm runs */
  probes: number;
}

export interface StormReport {
  /** ms of each /healthz, and its HTTP status */
  health: number[];
  healthStatus: number[];
  /** ms of each get_users_info of the bystander, and its errCode */
  cheap: number[];
  cheapCodes: number[];
  /** errCode → how many hostile pulls got it */
  stormCodes: Record<string, number>;
}

async function run(plan: StormPlan): Promise<StormReport> {
  const report: StormReport = { health: [], healthStatus: [], cheap: [], cheapCodes: [], stormCodes: {} };
  let stop = false;
  let answered = 0;
  let firstAnswer: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (firstAnswer = resolve));
  const storm = Promise.all(
    plan.hostile.flatMap((u) =>
      Array.from({ length: plan.parallel }, async () => {
        while (!stop) {
          const body = { userID: u.userID, seqRanges: plan.seqRanges };
          const code = await call(plan.base, 'POST', '/msg/pull_msg_by_seq', body, u.token).then(
            (r) => String(r.body.errCode),
            (err: unknown) => `failed: ${String(err)}`,
          );
          report.stormCodes[code] = (report.stormCodes[code] ?? 0) + 1;
          if (++answered === 1) firstAnswer();
        }
      }),
    ),
  );
  await started;
  try {
    // Untimed warm-up: the probe client's first requests open its connection in the middle of the storm's first
    // burst (30 bodies of 1,000 ranges arriving at once) and measure that transient, not the steady state.
    await call(plan.base, 'GET', '/healthz').catch(() => undefined);
    await call(
      plan.base,
      'POST',
      '/user/get_users_info',
      { userIDs: [plan.bystander.userID] },
      plan.bystander.token,
    ).catch(() => undefined);
    for (let i = 0; i < plan.probes; i++) {
      let t0 = Date.now();
      const h = await call(plan.base, 'GET', '/healthz').catch(() => ({ status: -1 }));
      report.health.push(Date.now() - t0);
      report.healthStatus.push(h.status);
      t0 = Date.now();
      const body = { userIDs: [plan.bystander.userID] };
      const c = await call(plan.base, 'POST', '/user/get_users_info', body, plan.bystander.token).catch(() => ({
        body: { errCode: -1 },
      }));
      report.cheap.push(Date.now() - t0);
      report.cheapCodes.push(c.body.errCode ?? -1);
      if (process.env.STORM_TRACE) process.stderr.write(`probe ${i}: ${report.health[i]} ${report.cheap[i]}\n`);
    }
  } finally {
    stop = true;
  }
  await storm;
  return report;
}

run(JSON.parse(process.env.STORM_PLAN ?? '') as StormPlan).then(
  (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
  (err: unknown) => {
    process.stderr.write(`storm client failed: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
