import { PbCoder } from '@openim/protocol';
import { httpPost, processStorage, spawnServer, type ProcessStorage } from '../../helpers/server-process';
import { uniqueID } from '../../helpers/fixtures';
import { textMsg, WsTestClient } from '../../helpers/ws-client';

describe('gateway graceful shutdown (SIGTERM)', () => {
  let storage: ProcessStorage;

  beforeAll(async () => {
    storage = await processStorage();
  });
  afterAll(async () => {
    await storage.cleanup();
  });

  it('answers the sends in flight, closes sockets with 1001 "going away" and exits within 10 s', async () => {
    const server = await spawnServer(storage.env);
    const admin = (
      (await httpPost(server.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' })).data as {
        token: string;
      }
    ).token;
    const [a, b] = [uniqueID('s'), uniqueID('s')];
    await httpPost(
      server.base,
      '/user/user_register',
      {
        users: [
          { userID: a, nickname: a },
          { userID: b, nickname: b },
        ],
      },
      admin,
    );
    const token = async (userID: string) =>
      (
        (await httpPost(server.base, '/auth/get_user_token', { userID, platformID: 1 }, admin)).data as {
          token: string;
        }
      ).token;
    const alice = await WsTestClient.connect(server.ws, { userID: a, token: await token(a), gzip: true });
    const bob = await WsTestClient.connect(server.ws, { userID: b, token: await token(b), sdkType: 'js' });

    const sends = Array.from({ length: 20 }, (_, i) => alice.sendMsg(textMsg(a, b, `m${i}`)));
    // the first answer proves the server is reading them; SIGTERM lands with the rest in flight or in its buffers
    await Promise.race(sends);
    const started = Date.now();
    server.child.kill('SIGTERM');
    const answered = await Promise.all(sends.map((s) => Promise.race([s, alice.closed().then(() => undefined)])));
    expect([await alice.closed(), await bob.closed()]).toEqual([1001, 1001]);
    await server.exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    // whatever was answered was answered with success, and is stored: a new process serves it
    const acked = answered.filter((r) => r !== undefined);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.every((r) => r.errCode === 0)).toBe(true);

    const again = await spawnServer(storage.env);
    try {
      const bob2 = await WsTestClient.connect(again.ws, {
        userID: b,
        token: (
          (await httpPost(again.base, '/auth/get_user_token', { userID: b, platformID: 2 }, admin)).data as {
            token: string;
          }
        ).token,
        platformID: 2,
      });
      const conv = `si_${[a, b].sort().join('_')}`;
      const r = await bob2.request(
        1002,
        PbCoder.PullMessageBySeqsReq.encode({
          userID: b,
          seqRanges: [{ conversationID: conv, begin: 1, end: 100, num: 100 }],
          order: 0,
        }).finish(),
      );
      const stored = new Set(PbCoder.PullMessageBySeqsResp.decode(r.data).msgs[conv].Msgs.map((m) => m.clientMsgID));
      for (const reply of acked) expect(stored.has(PbCoder.UserSendMsgResp.decode(reply.data).clientMsgID)).toBe(true);
      bob2.close();
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 150_000);
});
