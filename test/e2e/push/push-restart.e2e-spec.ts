import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { freePort, httpPost, processStorage, ProcessStorage, spawnServer } from '../../helpers/server-process';
import { eventually, PushReceiver } from '../../helpers/push-receiver';

/** The metrics text of a spawned server. */
function metricsText(base: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/metrics`, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
}

const counter = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);

/**
 * The push queue is durable: a push the provider could not take yet survives a kill -9 of the server, and the next
 * server delivers it exactly once.
 */
describe('offline push across a crash', () => {
  let storage: ProcessStorage;
  let hook: PushReceiver;
  beforeAll(async () => {
    storage = await processStorage();
    hook = await PushReceiver.start();
  });
  afterAll(async () => {
    await hook.close();
    await storage.cleanup();
  });

  it('provider down, server killed, restarted with the provider up: exactly one delivery', async () => {
    const push = { PUSH_PROVIDER: 'webhook', PUSH_POLL_MS: '100', PUSH_RETRY_BASE_MS: '2000' };
    const down = `http://127.0.0.1:${await freePort()}/push`;
    let server = await spawnServer({ ...storage.env, ...push, PUSH_WEBHOOK_URL: down });
    let clientMsgID: string;
    const [a, b, c] = ['a', 'b', 'c'].map((p) => `${p}${randomBytes(3).toString('hex')}`);
    try {
      const admin = (await httpPost(server.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' }))
        .data.token as string;
      const users = [a, b, c].map((userID) => ({ userID, nickname: userID }));
      expect((await httpPost(server.base, '/user/user_register', { users }, admin)).errCode).toBe(0);
      for (const userID of [b, c]) {
        const token = (await httpPost(server.base, '/auth/get_user_token', { userID, platformID: 2 }, admin)).data
          .token as string;
        const reg = { platformID: 2, fcmToken: `tok-${userID}`, account: userID, expireTime: 0 };
        expect((await httpPost(server.base, '/third/fcm_update_token', reg, token)).errCode).toBe(0);
      }
      const sent = await httpPost(
        server.base,
        '/msg/send_msg',
        { recvID: b, sendMsg: { sendID: a, content: { content: 'hi' }, contentType: 101, sessionType: 1 } },
        admin,
      );
      expect(sent.errCode).toBe(0);
      clientMsgID = sent.data.clientMsgID as string;
      // the provider refused it once: it waits 2 s in the queue for its retry (were the kill to land while an attempt
      // holds the row, the restarted server would take it after the 30 s lease)
      await eventually('a failed attempt', async () => {
        return counter(await metricsText(server.base), 'offline_push_retried_total') >= 1;
      });
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    expect(hook.bodies).toEqual([]);

    server = await spawnServer({ ...storage.env, ...push, PUSH_WEBHOOK_URL: `${hook.url}/push` });
    try {
      const at = (id: string) => hook.at('/push').filter((p) => p.clientMsgID === id);
      await eventually('the delivery after the restart', () => at(clientMsgID).length === 1, 40_000);
      expect(at(clientMsgID)[0]).toMatchObject({ userID: b, title: '[TEXT]', badge: 1 });
      // a later push delivered means the queue was drained: the first one came once
      const admin = (await httpPost(server.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' }))
        .data.token as string;
      const later = await httpPost(
        server.base,
        '/msg/send_msg',
        { recvID: c, sendMsg: { sendID: a, content: { content: 'later' }, contentType: 101, sessionType: 1 } },
        admin,
      );
      await eventually('the later push', () => at(later.data.clientMsgID as string).length === 1);
      expect(at(clientMsgID)).toHaveLength(1);
      expect(counter(await metricsText(server.base), 'offline_push_sent_total')).toBe(2);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    // two server start-ups (migrations on a fresh database) take long on a loaded machine
  }, 180_000);
});
