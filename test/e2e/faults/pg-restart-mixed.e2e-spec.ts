import { randomBytes } from 'node:crypto';
import { freshDatabase } from '../../helpers/database';
import { MixedStorm, percentile } from '../../helpers/mixed-storm';
import { OwnPostgres, postgresBinDir, startOwnPostgres } from '../../helpers/own-postgres';
import { until } from '../../helpers/send-storm';
import { httpGetJson, httpPost, spawnServer } from '../../helpers/server-process';
import { handshakeAnswer, handshakeQuery, WsTestClient } from '../../helpers/ws-client';
import { dropRedisPrefix } from '../../helpers/test-app';

/** DB_UNAVAILABLE_TIMEOUT_MS of the server under test */
const BOUND_MS = 2000;
/** what a loaded 2-core machine adds to a bounded answer */
const SLACK_MS = 1500;
const DATABASE_UNAVAILABLE = 90002;
/** the longest the server may take to serve sends again once PostgreSQL accepts connections */
const RECOVER_MS = 5000;

const pgBin = postgresBinDir();
// A PostgreSQL-mode server is what goes through this (the embedded database cannot go away on its own): the test
// runs in CI's PostgreSQL + Redis phase, on a PostgreSQL of its own (the shared one is never stopped).
const suite = process.env.DATABASE_URL && pgBin ? describe : describe.skip;

/**
 * PostgreSQL crashes and comes back (`pg_ctl stop -m immediate`, start) while REST and WebSocket senders write
 * into the same conversations. Every send is answered within the bound, the server serves again by itself, and
 * after the SDK-style resend of every refused message each message is stored exactly once with gap-free seqs.
 */
suite('PostgreSQL crash and restart under REST and WebSocket senders', () => {
  let pg: OwnPostgres;
  const prefix = `impgm:${randomBytes(4).toString('hex')}:`;
  beforeAll(async () => {
    pg = await startOwnPostgres(pgBin!);
  });
  afterAll(async () => {
    await pg?.destroy();
    if (process.env.REDIS_URL) await dropRedisPrefix(process.env.REDIS_URL, prefix);
  });

  it('answers every send within the bound, recovers by itself, stores every message once', async () => {
    const db = await freshDatabase(pg.url);
    const stderr: string[] = [];
    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      DB_UNAVAILABLE_TIMEOUT_MS: String(BOUND_MS),
      REDIS_PREFIX: prefix,
    };
    const server = await spawnServer(env, { onStderr: (t) => stderr.push(t) });
    const storm = await MixedStorm.create(server.base, server.ws, 6);
    try {
      storm.start();
      // a token never used before the crash: its state is in no cache, checking it needs the database
      const fresh = (
        await httpPost(server.base, '/auth/get_user_token', { userID: storm.receiver, platformID: 2 }, storm.admin)
      ).data.token as string;
      const freshLogin = handshakeQuery({ userID: storm.receiver, token: fresh, platformID: 2 });
      await until('150 acknowledged sends', () => storm.acked().length >= 150, 30_000);
      const ackedBefore = storm.acked().length;
      const downAt = Date.now();
      await pg.stop('immediate');

      // The outage lasts until every loop was refused and longer than the bound, so queued sends meet it too.
      const refusedSince = () => storm.attempts.filter((a) => a.startedAt > downAt && a.errCode > 0);
      await until(
        'every loop refused',
        () => new Set(refusedSince().map((a) => `${a.via}${a.sendID}`)).size === storm.senders.length * 2,
        BOUND_MS + SLACK_MS + 5000,
      );
      const t0 = Date.now();
      const health = await httpGetJson(server.base, '/healthz');
      expect(Date.now() - t0).toBeLessThan(BOUND_MS + SLACK_MS);
      expect(health).toMatchObject({ status: 503, body: { error: { database: { status: 'down' } } } });
      // a new connection and a REST call with the unchecked token: refused as "retry later" within the bound too
      const t1 = Date.now();
      expect(await handshakeAnswer(server.ws, freshLogin)).toMatchObject({ body: { errCode: DATABASE_UNAVAILABLE } });
      const r = await httpPost(server.base, '/msg/newest_seq', { userID: storm.receiver }, fresh);
      expect(r.errCode).toBe(DATABASE_UNAVAILABLE);
      expect(Date.now() - t1).toBeLessThan(2 * (BOUND_MS + SLACK_MS));
      await until('an outage longer than the bound', () => Date.now() - downAt > 2 * BOUND_MS, 10_000);

      await pg.start();
      const upAt = Date.now();
      await until('a send acknowledged again', () => storm.acked().some((a) => a.startedAt >= upAt), 30_000);
      const recoveredMs =
        Math.min(
          ...storm
            .acked()
            .filter((a) => a.startedAt >= upAt)
            .map((a) => a.startedAt + a.ms),
        ) - upAt;
      await until('/healthz up', async () => (await httpGetJson(server.base, '/healthz')).status === 200, 30_000);
      const healthyMs = Date.now() - upAt;
      await until(
        '100 more acknowledged',
        () => storm.acked().filter((a) => a.startedAt >= upAt).length >= 100,
        30_000,
      );
      await storm.stop();
      const login = await WsTestClient.connect(server.ws, { userID: storm.receiver, token: fresh, platformID: 2 });
      login.close();

      const all = storm.attempts;
      const refused = all.filter((a) => a.errCode !== 0);
      const slowest = Math.max(...all.map((a) => a.ms));
      console.log(
        `pg crash/restart: ${all.length} sends (${ackedBefore} acked before the crash), ${refused.length} refused ` +
          `during ${upAt - downAt} ms down; slowest answer ${slowest} ms (p99 ${percentile(
            all.map((a) => a.ms),
            99,
          )} ms, bound ${BOUND_MS} ms); first ack ${recoveredMs} ms after PostgreSQL was back, /healthz up after ` +
          `${healthyMs} ms`,
      );
      // Every send was answered (none broke), refusals say "database unavailable", none waited past the bound.
      expect(all.filter((a) => a.errCode < 0)).toEqual([]);
      expect([...new Set(refused.map((a) => a.errCode))]).toEqual([DATABASE_UNAVAILABLE]);
      expect(all.filter((a) => a.ms > BOUND_MS + SLACK_MS)).toEqual([]);
      expect(recoveredMs).toBeLessThan(RECOVER_MS);
      expect(server.child.exitCode).toBeNull();

      // Refused messages may or may not have been committed before the crash cut their answer off.
      const before = await storm.stored();
      const committedUnacked = refused.filter((a) => before.byClientID.has(a.clientMsgID)).length;
      // The SDK resends every refused message with its clientMsgID; a sample of acknowledged ones is resent too.
      const resends = [...refused, ...storm.acked().slice(0, 30)];
      for (let i = 0; i < resends.length; i += 40) {
        await Promise.all(
          resends.slice(i, i + 40).map(async (a) => {
            const r = await storm.attempt(a, false);
            expect({ id: a.clientMsgID, errCode: r.errCode }).toEqual({ id: a.clientMsgID, errCode: 0 });
            if (a.errCode !== 0) a.serverMsgID = r.serverMsgID;
            else expect({ id: a.clientMsgID, s: r.serverMsgID }).toEqual({ id: a.clientMsgID, s: a.serverMsgID });
          }),
        );
      }
      const after = await storm.stored();
      const duplicates = [...after.byClientID].filter(([, ids]) => ids.length > 1);
      const gaps = [...after.seqs].filter(([, seqs]) => seqs.some((s, i) => s !== i + 1));
      console.log(
        `pg crash/restart: ${refused.length} resent (${committedUnacked} of them had been committed unanswered); ` +
          `${after.byClientID.size} stored, ${duplicates.length} duplicates, ${gaps.length} conversations with gaps`,
      );
      expect(duplicates).toEqual([]);
      expect(gaps).toEqual([]);
      expect(new Map([...after.byClientID].map(([id, [s]]) => [id, s]))).toEqual(
        new Map(all.map((a) => [a.clientMsgID, a.serverMsgID])),
      );
      expect(stderr.join('')).not.toMatch(/unhandled/i);
    } finally {
      storm.close();
      server.child.kill('SIGKILL');
      await server.exited;
      await pg.start();
      await db.drop();
    }
  }, 55_000);
});
