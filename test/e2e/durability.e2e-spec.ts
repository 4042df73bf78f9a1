import { randomBytes } from 'node:crypto';
import { httpPost, processStorage, ProcessStorage, ServerProcess, spawnServer } from '../helpers/server-process';

const SENDERS = 16;
/** acknowledged sends to wait for before the kill, and how long at most */
const MIN_ACKED = 60;
const STORM_LIMIT_MS = 30_000;

interface Acked {
  conversationID: string;
  clientMsgID: string;
  serverMsgID: string;
}

/**
 * kill -9 during a send storm: every message the server acknowledged must be there after a restart, with the
 * seqs of each conversation still 1..max without a gap.
 */
describe('durability: kill -9 during a send storm', () => {
  let env: Record<string, string>;
  let storage: ProcessStorage;
  beforeAll(async () => {
    storage = await processStorage();
    env = storage.env;
  });
  afterAll(() => storage.cleanup());

  it('loses no acknowledged message', async () => {
    let server: ServerProcess = await spawnServer(env);
    const admin = (await httpPost(server.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' }))
      .data.token as string;
    const tag = randomBytes(3).toString('hex');
    const users = Array.from({ length: SENDERS + 1 }, (_, i) => ({ userID: `k${tag}_${i}`, nickname: `k${i}` }));
    expect((await httpPost(server.base, '/user/user_register', { users }, admin)).errCode).toBe(0);
    const receiver = users[SENDERS].userID;
    const conversationOf = (a: string) => (a < receiver ? `si_${a}_${receiver}` : `si_${receiver}_${a}`);

    const acked: Acked[] = [];
    let stop = false;
    const storm = users.slice(0, SENDERS).map(async ({ userID }, s) => {
      for (let n = 0; !stop; n++) {
        const clientMsgID = `k-${s}-${n}-${tag}`;
        try {
          const r = await httpPost(
            server.base,
            '/msg/send_msg',
            {
              recvID: receiver,
              sendMsg: { sendID: userID, clientMsgID, content: { content: `m${n}` }, contentType: 101, sessionType: 1 },
            },
            admin,
          );
          if (r.errCode === 0) {
            acked.push({
              conversationID: conversationOf(userID),
              clientMsgID,
              serverMsgID: r.data.serverMsgID as string,
            });
          }
        } catch {
          return; // the connection broke: the server is gone
        }
      }
    });
    // kill mid-stream once enough sends were acknowledged (and others are in flight), however slow the machine
    const deadline = Date.now() + STORM_LIMIT_MS;
    while (acked.length < MIN_ACKED && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    await server.exited;
    stop = true;
    await Promise.all(storm);
    expect(acked.length).toBeGreaterThanOrEqual(MIN_ACKED);

    server = await spawnServer(env);
    try {
      const admin2 = (await httpPost(server.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' }))
        .data.token as string;
      const token = (await httpPost(server.base, '/auth/get_user_token', { userID: receiver, platformID: 3 }, admin2))
        .data.token as string;
      const byConversation = new Map<string, Acked[]>();
      for (const a of acked) byConversation.set(a.conversationID, [...(byConversation.get(a.conversationID) ?? []), a]);
      const maxSeqs = (await httpPost(server.base, '/msg/newest_seq', { userID: receiver }, token)).data
        .maxSeqs as Record<string, number>;
      for (const [cid, list] of byConversation) {
        const max = maxSeqs[cid];
        const pulled = await httpPost(
          server.base,
          '/msg/pull_msg_by_seq',
          { userID: receiver, seqRanges: [{ conversationID: cid, begin: 1, end: max, num: 1000 }] },
          token,
        );
        const msgs = (
          pulled.data.msgs as Record<string, { Msgs: { seq: number; clientMsgID: string; serverMsgID: string }[] }>
        )[cid].Msgs;
        expect(msgs.map((m) => m.seq)).toEqual(Array.from({ length: max }, (_, i) => i + 1));
        expect(msgs.every((m) => m.clientMsgID !== '')).toBe(true);
        const stored = new Map(msgs.map((m) => [m.clientMsgID, m.serverMsgID]));
        for (const a of list) {
          expect({ id: a.clientMsgID, serverMsgID: stored.get(a.clientMsgID) }).toEqual({
            id: a.clientMsgID,
            serverMsgID: a.serverMsgID,
          });
        }
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
