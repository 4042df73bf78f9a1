import { expectOk, registerUsers, sendText, userToken } from '../../helpers/fixtures';
import { eventually, PushReceiver } from '../../helpers/push-receiver';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { WsTestClient } from '../../helpers/ws-client';

// A cluster is several processes on one PostgreSQL and one Redis; the embedded database belongs to one process.
const clustered = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

/** Two nodes share the push queue and the presence: a user online on the other node is not pushed, nobody twice. */
clustered('offline push in a cluster', () => {
  let node1: TestApp;
  let node2: TestApp;
  let hook: PushReceiver;

  beforeAll(async () => {
    hook = await PushReceiver.start();
    const env = { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: `${hook.url}/push`, PUSH_POLL_MS: '100' };
    node1 = await startTestApp({ env });
    node2 = await startTestApp({
      env,
      listen: true,
      databaseUrl: node1.config.databaseUrl,
      redisPrefix: node1.config.redisPrefix,
    });
  });
  afterAll(async () => {
    await node2.close();
    await node1.close();
    await hook.close();
  });

  const pushesFor = (clientMsgID: string) => hook.at('/push').filter((b) => b.clientMsgID === clientMsgID);

  it('a recipient connected to another node gets none; an offline one exactly one from the two workers', async () => {
    const [a, b, c] = await registerUsers(node1, 3);
    const tokens = new Map<string, string>();
    for (const u of [b, c]) {
      const token = await userToken(node1, u.userID, 2);
      tokens.set(u.userID, token);
      const reg = { platformID: 2, fcmToken: `tok-${u.userID}`, account: u.userID, expireTime: 0 };
      expectOk((await node1.post('/third/fcm_update_token', reg, token)).body);
    }
    const bob = await WsTestClient.connect(node2, { userID: b.userID, token: tokens.get(b.userID)!, platformID: 2 });
    try {
      const toOnline = await sendText(node1, a.userID, b.userID, 'you are on node 2');
      await bob.until(() => bob.pushes.length > 0);
      const many: { clientMsgID: string }[] = [];
      for (let i = 0; i < 5; i++) many.push(await sendText(node1, a.userID, c.userID, `offline ${i}`));
      await eventually('every offline push', () => many.every((m) => pushesFor(m.clientMsgID).length > 0));
      const later = await sendText(node2, a.userID, c.userID, 'sentinel');
      await eventually('the sentinel', () => pushesFor(later.clientMsgID).length === 1);
      for (const m of many) expect(pushesFor(m.clientMsgID)).toHaveLength(1);
      expect(pushesFor(toOnline.clientMsgID)).toEqual([]);
    } finally {
      bob.ws.close();
    }
  });
});
