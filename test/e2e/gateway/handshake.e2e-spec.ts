import { JwtService } from '@nestjs/jwt';
import { registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { handshakeAnswer, handshakeQuery, WsTestClient } from '../../helpers/ws-client';

describe('gateway handshake (protocol.md §1)', () => {
  let t: TestApp;
  let userID: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { WS_MAX_CONNECTIONS: '3' } });
    [{ userID }] = await registerUsers(t, 1);
    token = await userToken(t, userID, 1);
  });
  afterAll(async () => {
    await t.close();
  });

  const query = (over: Record<string, string | undefined>) => {
    const q = new URLSearchParams(handshakeQuery({ userID, token }));
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) q.delete(k);
      else q.set(k, v);
    }
    return q.toString();
  };

  it.each([
    ['platformID is not int', { platformID: 'ios' }],
    ['isMsgResp is not bool', { isMsgResp: 'yes' }],
    ['operationID is empty', { operationID: undefined }],
    ['token is empty', { token: '' }],
    ['sendID is empty', { sendID: undefined }],
    ['platformID is invalid', { platformID: '12' }],
    ['sdkType is invalid', { sdkType: 'python' }],
  ])('refuses with 1602 "%s" as a plain HTTP answer', async (detail, over) => {
    const a = await handshakeAnswer(t, query(over));
    expect(a).toEqual({
      kind: 'http',
      status: 200,
      body: { errCode: 1602, errMsg: expect.any(String) as string, errDlt: detail },
    });
  });

  it('checks the parameters in the reference order (platformID before the token)', async () => {
    const a = await handshakeAnswer(t, query({ platformID: 'x', token: '', operationID: undefined }));
    expect(a.body.errDlt).toBe('platformID is not int');
  });

  it('answers 500 for an unparsable isBackground, as the reference does', async () => {
    expect((await handshakeAnswer(t, query({ isBackground: 'maybe' }))).body.errCode).toBe(500);
  });

  it('refuses bad tokens with their 15xx code', async () => {
    const jwt = t.app.get(JwtService, { strict: false });
    const now = Math.floor(Date.now() / 1000);
    const [other] = await registerUsers(t, 1);
    const otherToken = await userToken(t, other.userID, 1);
    const cases: [string, Record<string, string>][] = [
      ['1503', { token: 'not-a-jwt' }],
      ['1501', { token: jwt.sign({ UserID: userID, PlatformID: 1, iat: now - 100, exp: now - 10 }) }],
      ['1507', { token: jwt.sign({ UserID: userID, PlatformID: 1, iat: now, exp: now + 100 }) }],
      ['1502', { token: otherToken }],
      ['1502', { platformID: '2' }],
    ];
    for (const [code, over] of cases) {
      const a = await handshakeAnswer(t, query(over));
      expect({ code: String(a.body.errCode), kind: a.kind }).toEqual({ code, kind: 'http' });
    }
  });

  it('with isMsgResp=true answers in a text frame: success, or the error and then the connection drops', async () => {
    const ok = await handshakeAnswer(t, query({ isMsgResp: 'true' }));
    expect(ok).toEqual({ kind: 'text', body: { errCode: 0, errMsg: '', errDlt: '' }, closedAfter: false });
    const bad = await handshakeAnswer(t, query({ isMsgResp: 'true', sendID: 'someone_else' }));
    expect(bad).toMatchObject({ kind: 'text', body: { errCode: 1502 }, closedAfter: true });
  });

  it('accepts the compact `v` form and ignores the other keys then', async () => {
    const v = Buffer.from(
      JSON.stringify({ token, userID, platformID: 1, operationID: 'op-v', sendResponse: true, sdkType: 'js' }),
    ).toString('base64url');
    const a = await handshakeAnswer(t, `v=${v}&sendID=ignored&platformID=x`);
    expect(a).toMatchObject({ kind: 'text', body: { errCode: 0 } });
    expect((await handshakeAnswer(t, 'v=%%%')).body).toMatchObject({ errCode: 1602 });
  });

  it('refuses a kicked token with 1506', async () => {
    const [u] = await registerUsers(t, 1);
    const first = await userToken(t, u.userID, 3);
    await userToken(t, u.userID, 3); // policy 1: the newer login kicks the older token of the platform
    const a = await handshakeAnswer(
      t,
      new URLSearchParams(handshakeQuery({ userID: u.userID, token: first, platformID: 3 })).toString(),
    );
    expect(a.body.errCode).toBe(1506);
  });

  it('refuses connections over WS_MAX_CONNECTIONS with 1601, always as plain HTTP', async () => {
    const open = await Promise.all(
      [1, 2, 3].map(async (p) =>
        WsTestClient.connect(t, { userID, token: await userToken(t, userID, p + 2), platformID: p + 2 }),
      ),
    );
    try {
      const a = await handshakeAnswer(t, query({ isMsgResp: 'true' }));
      expect(a).toMatchObject({ kind: 'http', body: { errCode: 1601 } });
    } finally {
      for (const c of open) c.close();
    }
  });
});
