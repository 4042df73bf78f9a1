import { TokenService } from '../../../src/auth/token.service';
import { MsgPullService } from '../../../src/msg/msg-pull.service';
import { registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { handshakeAnswer, handshakeQuery, WsTestClient } from '../../helpers/ws-client';

interface LogLine {
  level: string;
  msg: string;
  errorID?: string;
  reqIdentifier?: number;
  operationID?: string;
  err?: { message: string };
}

/** One error vocabulary: the gateway maps thrown errors as REST does (issue 23, point 6). */
describe('gateway errors', () => {
  let t: TestApp;
  let output = '';
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ logStream: { write: (chunk: string) => void (output += chunk) } });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(() => t.close());

  const errorLines = (from: number) =>
    output
      .slice(from)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine)
      .filter((l) => l.level === 'error');

  it('an internal error in a request logs one line with an errorID and answers 500 carrying it', async () => {
    const [u] = await registerUsers(t, 1);
    const c = await WsTestClient.connect(t, {
      userID: u.userID,
      token: await userToken(t, u.userID, 2),
      platformID: 2,
    });
    clients.push(c);
    jest.spyOn(t.app.get(MsgPullService), 'newestSeqs').mockRejectedValueOnce(new Error('disk on fire'));
    const from = output.length;
    const userArg = Buffer.concat([Buffer.from([0x0a, u.userID.length]), Buffer.from(u.userID)]);
    const r = await c.request(1001, userArg, { operationID: 'op-ws-boom' });
    expect(r.errCode).toBe(500);
    const lines = errorLines(from);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'internal error', reqIdentifier: 1001, operationID: 'op-ws-boom' });
    expect(lines[0].err?.message).toBe('disk on fire');
    expect(r.errMsg).toContain(`id ${lines[0].errorID}`);
    expect(r.errMsg).not.toContain('disk on fire');
    // the connection stays
    expect((await c.request(1001, userArg)).errCode).toBe(0);
  });

  it('an internal error in a handshake answers 500 with the errorID in errDlt, as REST does', async () => {
    const [u] = await registerUsers(t, 1);
    const token = await userToken(t, u.userID, 5);
    jest.spyOn(t.app.get(TokenService), 'verify').mockRejectedValueOnce(new Error('token store on fire'));
    const from = output.length;
    const a = await handshakeAnswer(t, handshakeQuery({ userID: u.userID, token, platformID: 5, isMsgResp: true }));
    expect(a.body.errCode).toBe(500);
    const lines = errorLines(from);
    expect(lines).toHaveLength(1);
    expect(a.body.errDlt).toBe(`internal error, id ${lines[0].errorID}`);
  });
});
