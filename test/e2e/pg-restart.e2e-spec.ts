import { randomBytes } from 'node:crypto';
import { freshDatabase } from '../helpers/database';
import { startFreezableProxy } from '../helpers/freezable-proxy';
import { OwnPostgres, postgresBinDir, startOwnPostgres } from '../helpers/own-postgres';
import { Attempt, StormSetup, until } from '../helpers/send-storm';
import { httpGetJson, ServerProcess, spawnServer } from '../helpers/server-process';
import { dropRedisPrefix } from '../helpers/test-app';

/** DB_UNAVAILABLE_TIMEOUT_MS of the servers under test */
const BOUND_MS = 2000;
/** what the server's watchdog adds to the bound before it calls a silent connection dead (src/infra/database/pg-pool.ts) */
const GRACE_MS = 1000;
/** what a loaded 2-core machine adds to a bounded answer */
const SLACK_MS = 1500;
const DATABASE_UNAVAILABLE = 90002;

const pgBin = postgresBinDir();
if (!pgBin) console.warn('pg-restart: PostgreSQL server binaries not found (set PG_BIN); these tests cannot run here');
const itWithPostgres = pgBin ? it : it.skip;

/**
 * PostgreSQL goes away under a send storm: an operator restart (`pg_ctl stop -m fast`, start) and a network that
 * silently drops everything. The server process must live through it, answer a clear errCode within a bounded
 * time while the database is away, report it on /healthz, and serve again by itself afterwards with every
 * acknowledged message stored exactly once. On a PostgreSQL of the test's own, never the shared one.
 */
describe('PostgreSQL going away under a send storm', () => {
  let pg: OwnPostgres | undefined;
  const redisUrl = process.env.REDIS_URL;
  const prefix = `impgr:${randomBytes(4).toString('hex')}:`;
  beforeAll(async () => {
    if (pgBin) pg = await startOwnPostgres(pgBin);
  });
  afterAll(async () => {
    await pg?.destroy();
    if (redisUrl) await dropRedisPrefix(redisUrl, prefix);
  });

  /** A server on a fresh database of the own PostgreSQL, reached on `port`; its stderr is collected. */
  async function withServer(port: number, fn: (server: ServerProcess, stderr: string[]) => Promise<void>) {
    await pg?.start(); // in case a test before failed while it was stopped
    const db = await freshDatabase(pg?.url ?? '');
    const url = new URL(db.url);
    url.port = String(port);
    const stderr: string[] = [];
    const env = { DATABASE_URL: url.toString(), DB_UNAVAILABLE_TIMEOUT_MS: String(BOUND_MS), REDIS_PREFIX: prefix };
    const server = await spawnServer(env, { onStderr: (t) => stderr.push(t) });
    try {
      await fn(server, stderr);
      expect(stderr.join('')).not.toMatch(/unhandled/i);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
      await pg?.start();
      await db.drop();
    }
  }

  async function expectDownAnswers(server: ServerProcess, setup: StormSetup, attempts: Attempt[], sendBound: number) {
    expect(attempts.filter((a) => a.errCode === -1)).toEqual([]);
    expect(server.child.exitCode).toBeNull();
    const refused = attempts.filter((a) => a.errCode !== 0);
    expect([...new Set(refused.map((a) => a.errCode))]).toEqual([DATABASE_UNAVAILABLE]);
    expect(refused.filter((a) => a.ms > sendBound + SLACK_MS)).toEqual([]);
    const t0 = Date.now();
    const health = await httpGetJson(server.base, '/healthz');
    expect(Date.now() - t0).toBeLessThan(BOUND_MS + SLACK_MS);
    expect(health).toMatchObject({ status: 503, body: { error: { database: { status: 'down' } } } });
    const probe = await setup.attempt(attempts, setup.senders[0], `g-probe-${setup.tag}`);
    expect(probe).toMatchObject({ errCode: DATABASE_UNAVAILABLE });
    expect(probe.ms).toBeLessThan(BOUND_MS + GRACE_MS + SLACK_MS);
  }

  const healthy = async (server: ServerProcess) => (await httpGetJson(server.base, '/healthz')).status === 200;

  itWithPostgres(
    'pg_ctl stop -m fast, then start: the process lives, answers 90002 while down, recovers without loss',
    () =>
      withServer(pg?.port ?? 0, async (server) => {
        const setup = await StormSetup.create(server.base, 8);
        const attempts: Attempt[] = [];
        const storm = setup.storm(attempts);
        await until('200 acknowledged sends', () => attempts.filter((a) => a.errCode === 0).length >= 200, 30_000);
        const stopped = pg?.stop('fast');
        await storm;
        await stopped;
        // A refused connection answers at once; a send may wait for the batch in flight before it.
        await expectDownAnswers(server, setup, attempts, BOUND_MS);

        await pg?.start();
        await until('/healthz up', () => healthy(server), 30_000);
        await setup.expectResendsAndStoredOnce(attempts);
      }),
    120_000,
  );

  itWithPostgres(
    'a network that drops everything, then heals: answers 90002 within the bound, recovers without loss',
    async () => {
      const proxy = await startFreezableProxy(pg?.port ?? 0);
      try {
        await withServer(proxy.port, async (server) => {
          // More senders than the writer runs transactions at once (4), so that batches hold several sends.
          const setup = await StormSetup.create(server.base, 16);
          const attempts: Attempt[] = [];
          let stormDone = false;
          const storm = setup.storm(attempts).then(() => (stormDone = true));
          await until('100 acknowledged sends', () => attempts.filter((a) => a.errCode === 0).length >= 100, 30_000);
          proxy.freeze();
          await until('every sender refused', () => stormDone, 30_000);
          await storm;
          // The writer answers a send that found no commit within the bound, in flight or queued behind one.
          await expectDownAnswers(server, setup, attempts, BOUND_MS);

          proxy.thaw();
          await until('/healthz up', () => healthy(server), 30_000);
          await setup.expectResendsAndStoredOnce(attempts);
        });
      } finally {
        await proxy.close();
      }
    },
    120_000,
  );
});
