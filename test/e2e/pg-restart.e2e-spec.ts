import { randomBytes } from 'node:crypto';
import { OwnPostgres, postgresBinDir, startOwnPostgres } from '../helpers/own-postgres';
import { httpGetJson, httpPost, ServerProcess, spawnServer } from '../helpers/server-process';
import { dropRedisPrefix } from '../helpers/test-app';

const SENDERS = 8;
/** DB_UNAVAILABLE_TIMEOUT_MS of the server under test; answers while the database is away must come within it */
const BOUND_MS = 2000;
/** what a loaded 2-core machine adds to a bounded answer */
const SLACK_MS = 1500;
const DATABASE_UNAVAILABLE = 90002;

interface Attempt {
  sendID: string;
  clientMsgID: string;
  /** -1: the connection broke (the server process died) */
  errCode: number;
  serverMsgID?: string;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pgBin = postgresBinDir();
if (!pgBin) console.warn('pg-restart: PostgreSQL server binaries not found (set PG_BIN); the test cannot run here');

/**
 * An operator restarts PostgreSQL (`pg_ctl stop -m fast`, later start) under a send storm. The server process
 * must live through it, answer a clear errCode quickly while the database is away, report it on /healthz, and
 * serve again by itself afterwards with every acknowledged message stored exactly once.
 */
describe('PostgreSQL restart under a send storm', () => {
  (pgBin ? it : it.skip)(
    'keeps the process alive, answers DatabaseUnavailable while down, and recovers without loss',
    async () => {
      const pg: OwnPostgres = await startOwnPostgres(pgBin ?? '');
      const redisUrl = process.env.REDIS_URL;
      const prefix = `impgr:${randomBytes(4).toString('hex')}:`;
      const stderr: string[] = [];
      let server: ServerProcess | undefined;
      try {
        server = await spawnServer(
          { DATABASE_URL: pg.url, DB_UNAVAILABLE_TIMEOUT_MS: String(BOUND_MS), REDIS_PREFIX: prefix },
          { onStderr: (t) => stderr.push(t) },
        );
        const base = server.base;
        const send = (sendID: string, recvID: string, clientMsgID: string, admin: string) =>
          httpPost(
            base,
            '/msg/send_msg',
            {
              recvID,
              sendMsg: { sendID, clientMsgID, content: { content: clientMsgID }, contentType: 101, sessionType: 1 },
            },
            admin,
          );
        const admin = (await httpPost(base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' })).data
          .token as string;
        const tag = randomBytes(3).toString('hex');
        const users = Array.from({ length: SENDERS + 1 }, (_, i) => ({ userID: `g${tag}_${i}`, nickname: `g${i}` }));
        expect((await httpPost(base, '/user/user_register', { users }, admin)).errCode).toBe(0);
        const receiver = users[SENDERS].userID;

        // Each sender sends until its first refusal (the database went away) or a broken connection.
        const attempts: Attempt[] = [];
        const storm = users.slice(0, SENDERS).map(async ({ userID }, s) => {
          for (let n = 0; ; n++) {
            const a: Attempt = { sendID: userID, clientMsgID: `g-${s}-${n}-${tag}`, errCode: -1 };
            attempts.push(a);
            try {
              const r = await send(userID, receiver, a.clientMsgID, admin);
              a.errCode = r.errCode;
              a.serverMsgID = r.data?.serverMsgID as string | undefined;
            } catch {
              return;
            }
            if (a.errCode !== 0) return;
          }
        });
        await until('200 acknowledged sends', () => attempts.filter((a) => a.errCode === 0).length >= 200, 30_000);
        const stopped = pg.stop('fast');
        await Promise.all(storm);
        await stopped;

        // Down: the process lives, every refusal is the clear code, and answers come within the bound.
        expect(attempts.filter((a) => a.errCode === -1)).toEqual([]);
        expect(server.child.exitCode).toBeNull();
        expect([...new Set(attempts.filter((a) => a.errCode !== 0).map((a) => a.errCode))]).toEqual([
          DATABASE_UNAVAILABLE,
        ]);
        let t0 = Date.now();
        const health = await httpGetJson(base, '/healthz');
        expect(Date.now() - t0).toBeLessThan(BOUND_MS + SLACK_MS);
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({ error: { database: { status: 'down' } } });
        t0 = Date.now();
        const probe = await send(users[0].userID, receiver, `g-probe-${tag}`, admin);
        expect(Date.now() - t0).toBeLessThan(BOUND_MS + SLACK_MS);
        expect(probe).toMatchObject({ errCode: DATABASE_UNAVAILABLE, errMsg: 'DatabaseError' });
        attempts.push({ sendID: users[0].userID, clientMsgID: `g-probe-${tag}`, errCode: probe.errCode });

        // Back: serving again by itself.
        await pg.start();
        await until('/healthz up', async () => (await httpGetJson(base, '/healthz')).status === 200, 30_000);
        expect(server.child.exitCode).toBeNull();

        // Every send resent with its clientMsgID: refused ones now succeed, acknowledged ones answer the first result.
        for (let i = 0; i < attempts.length; i += 50) {
          await Promise.all(
            attempts.slice(i, i + 50).map(async (a) => {
              const r = await send(a.sendID, receiver, a.clientMsgID, admin);
              expect({ id: a.clientMsgID, errCode: r.errCode }).toEqual({ id: a.clientMsgID, errCode: 0 });
              if (a.errCode === 0) expect(r.data.serverMsgID).toBe(a.serverMsgID);
              else a.serverMsgID = r.data.serverMsgID as string;
            }),
          );
        }

        // Stored exactly once, seqs 1..max without a gap, the serverMsgID first answered.
        const token = (await httpPost(base, '/auth/get_user_token', { userID: receiver, platformID: 3 }, admin)).data
          .token as string;
        const maxSeqs = (await httpPost(base, '/msg/newest_seq', { userID: receiver }, token)).data.maxSeqs as Record<
          string,
          number
        >;
        const stored = new Map<string, string>();
        for (const { userID } of users.slice(0, SENDERS)) {
          const cid = userID < receiver ? `si_${userID}_${receiver}` : `si_${receiver}_${userID}`;
          const seqs: number[] = [];
          for (let begin = 1; begin <= maxSeqs[cid]; begin += 100) {
            const end = Math.min(begin + 99, maxSeqs[cid]);
            const pulled = await httpPost(
              base,
              '/msg/pull_msg_by_seq',
              { userID: receiver, seqRanges: [{ conversationID: cid, begin, end, num: 100 }] },
              token,
            );
            const msgs = (
              pulled.data.msgs as Record<string, { Msgs: { seq: number; clientMsgID: string; serverMsgID: string }[] }>
            )[cid].Msgs;
            for (const m of msgs) {
              seqs.push(m.seq);
              expect(stored.has(m.clientMsgID)).toBe(false);
              stored.set(m.clientMsgID, m.serverMsgID);
            }
          }
          expect(seqs).toEqual(Array.from({ length: maxSeqs[cid] }, (_, i) => i + 1));
        }
        expect(stored).toEqual(new Map(attempts.map((a) => [a.clientMsgID, a.serverMsgID])));
        expect(stderr.join('')).not.toMatch(/unhandled/i);
      } finally {
        if (server) {
          server.child.kill('SIGKILL');
          await server.exited;
        }
        await pg.destroy();
        if (redisUrl) await dropRedisPrefix(redisUrl, prefix);
      }
    },
    180_000,
  );
});
