import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PushRepository } from '../../../src/push/push.repository';
import { expectOk, registerUsers, sendText, userToken } from '../../helpers/fixtures';
import { eventually, PushReceiver } from '../../helpers/push-receiver';
import { startTestApp, TestApp } from '../../helpers/test-app';

/*
 * The FCM provider against a local stand-in for Google's OAuth token endpoint and the FCM HTTP v1 send endpoint:
 * a signed JWT-bearer assertion buys an access token, which every send carries until it nears expiry.
 */
describe('offline push (FCM HTTP v1)', () => {
  let t: TestApp;
  let google: PushReceiver;
  let dir: string;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const SEND = '/v1/projects/demo-project/messages:send';
  let tokensIssued = 0;
  const unregistered = new Set<string>();

  beforeAll(async () => {
    google = await PushReceiver.start();
    google.answer = (p, body) => {
      if (p === '/token') return { status: 200, body: { access_token: `at-${++tokensIssued}`, expires_in: 3600 } };
      const token = (body.message as { token: string }).token;
      if (unregistered.has(token)) {
        return {
          status: 404,
          body: {
            error: {
              status: 'NOT_FOUND',
              details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }],
            },
          },
        };
      }
      return { status: 200, body: { name: 'projects/demo-project/messages/1' } };
    };
    dir = mkdtempSync(path.join(tmpdir(), 'fcm-'));
    const file = path.join(dir, 'service-account.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'service_account',
        project_id: 'demo-project',
        client_email: 'push@demo-project.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
        token_uri: 'https://oauth2.googleapis.com/token',
      }),
    );
    t = await startTestApp({
      env: {
        PUSH_PROVIDER: 'fcm',
        FCM_SERVICE_ACCOUNT_FILE: file,
        FCM_BASE_URL: google.url,
        FCM_TOKEN_URL: `${google.url}/token`,
        PUSH_POLL_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await google.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function device(userID: string, fcmToken: string): Promise<void> {
    const res = await t.post(
      '/third/fcm_update_token',
      { platformID: 2, fcmToken, account: userID, expireTime: 0 },
      await userToken(t, userID, 2),
    );
    expectOk(res.body);
  }
  const sends = () => google.bodies.filter((b) => b.path === SEND);
  const sendsFor = (clientMsgID: string) =>
    sends().filter((s) => (s.body.message as { data: { clientMsgID: string } }).data.clientMsgID === clientMsgID);

  it('sends the HTTP v1 body with a Bearer token from a signed assertion, and reuses the token', async () => {
    const [a, b] = await registerUsers(t, 2);
    await device(b.userID, 'fcm-b');
    const first = await sendText(t, a.userID, b.userID, 'one');
    const second = await sendText(t, a.userID, b.userID, 'two');
    await eventually('two sends', () => sendsFor(first.clientMsgID).length + sendsFor(second.clientMsgID).length === 2);

    const tokenCalls = google.bodies.filter((x) => x.path === '/token');
    expect(tokenCalls).toHaveLength(1);
    const { grant_type, assertion } = tokenCalls[0].body as { grant_type: string; assertion: string };
    expect(grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const [header, claims, signature] = assertion.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({
      iss: 'push@demo-project.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/firebase.messaging',
      aud: 'https://oauth2.googleapis.com/token',
    });
    const ok = createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(publicKey, signature, 'base64url');
    expect(ok).toBe(true);

    for (const s of [...sendsFor(first.clientMsgID), ...sendsFor(second.clientMsgID)]) {
      expect(s.headers.authorization).toBe('Bearer at-1');
    }
    const [one] = sendsFor(first.clientMsgID);
    expect(one.body).toEqual({
      message: {
        token: 'fcm-b',
        notification: { title: '[TEXT]', body: '[TEXT]' },
        data: expect.objectContaining({ clientMsgID: first.clientMsgID, sendID: a.userID, sessionType: '1' }),
        android: { notification: { notification_count: 1 } },
        apns: { payload: { aps: { sound: 'default', badge: 1 } } },
      },
    });
    const [two] = sendsFor(second.clientMsgID);
    expect(two.body).toMatchObject({ message: { apns: { payload: { aps: { badge: 2 } } } } });
  });

  it('an UNREGISTERED answer deletes the token: the device is not tried again', async () => {
    const [a, b, c] = await registerUsers(t, 3);
    await device(b.userID, 'fcm-gone');
    await device(c.userID, 'fcm-c');
    unregistered.add('fcm-gone');
    const first = await sendText(t, a.userID, b.userID, 'one');
    await eventually('the refused send', () => sendsFor(first.clientMsgID).length === 1);
    const repo = t.app.get(PushRepository);
    await eventually('the token deleted', async () => (await repo.tokensOf([b.userID], Date.now())).length === 0);
    const second = await sendText(t, a.userID, b.userID, 'two');
    const sentinel = await sendText(t, a.userID, c.userID, 'sentinel');
    await eventually('the sentinel', () => sendsFor(sentinel.clientMsgID).length === 1);
    expect(sendsFor(second.clientMsgID)).toEqual([]);
  });
});
