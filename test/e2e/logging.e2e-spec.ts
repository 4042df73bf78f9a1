import { DrizzleQueryError } from 'drizzle-orm/errors';
import request from 'supertest';
import type { App } from 'supertest/types';
import { UserRepository } from '../../src/user/user.repository';
import { errOf, registerUsers, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/** A value that would forge a second log line if written raw, with a NUL byte for good measure. */
const FORGED = '{"level":"error","msg":"FORGED","operationID":"forged"}';
const INJECTED = `evil\u0000\n${FORGED}`;

interface LogLine {
  level: string;
  msg: string;
  operationID?: string;
  errorID?: string;
  route?: string;
  err?: { type: string; message: string; stack?: string[]; cause?: { message: string } };
}

describe('log lines of internal errors', () => {
  let t: TestApp;
  let output = '';
  let repo: UserRepository;
  beforeAll(async () => {
    t = await startTestApp({ logStream: { write: (chunk: string) => void (output += chunk) } });
    repo = t.app.get(UserRepository);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  /** Runs `fn`, then the lines it logged: each must be one JSON object. */
  async function linesOf(fn: () => Promise<void>): Promise<LogLine[]> {
    const start = output.length;
    await fn();
    const text = output.slice(start);
    expect(text.endsWith('\n')).toBe(true);
    return text
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as LogLine);
  }

  const post = (path: string, body: object, operationID: string, token?: string) => {
    const r = request(t.app.getHttpServer() as App)
      .post(path)
      .set('operationID', operationID);
    if (token) r.set('token', token);
    return r.send(body);
  };

  it('logs a driver error as JSON with its id, route and message, never its parameters, body or token', async () => {
    const [u] = await registerUsers(t);
    const token = await userToken(t, u.userID);
    jest
      .spyOn(repo, 'update')
      .mockRejectedValueOnce(
        new DrizzleQueryError(
          'update "users" set "nickname" = $1 where "user_id" = $2',
          [INJECTED, u.userID],
          Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }),
        ),
      );
    let errDlt = '';
    const lines = await linesOf(async () => {
      const res = await post(
        '/user/update_user_info_ex',
        // a storable body (DTOs refuse NUL); the driver error below carries the hostile text in its parameters
        { userInfo: { userID: u.userID, nickname: 'evil body text' } },
        'op-driver',
        token,
      );
      expect(errOf(res.body).errCode).toBe(500);
      errDlt = errOf(res.body).errDlt;
    });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 'error',
      msg: 'internal error',
      operationID: 'op-driver',
      route: '/user/update_user_info_ex',
    });
    expect(errDlt).toContain(line.errorID);
    expect(line.err?.message).toContain('Failed query: update "users"');
    expect(line.err?.cause?.message).toContain('invalid byte sequence');
    expect(line.err?.stack?.length).toBeGreaterThan(0);
    const raw = JSON.stringify(lines);
    expect(raw).not.toContain('evil');
    expect(raw).not.toContain('FORGED');
    expect(raw).not.toContain(token);
  });

  it('escapes an error message with NUL and newline inside its one line', async () => {
    const [u] = await registerUsers(t);
    const token = await userToken(t, u.userID);
    jest.spyOn(repo, 'findByIds').mockRejectedValueOnce(new Error(`lookup failed: ${INJECTED}`));
    const start = output.length;
    const lines = await linesOf(async () => {
      // an ID no lookup has cached yet: the users cache asks the (failing) repository
      const res = await post('/user/get_users_info', { userIDs: [`${u.userID}_unseen`] }, 'op-plain', token);
      expect(errOf(res.body).errCode).toBe(500);
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ operationID: 'op-plain', err: { message: `lookup failed: ${INJECTED}` } });
    const text = output.slice(start);
    expect(text).not.toContain('\u0000');
    expect(text).not.toContain(INJECTED);
    expect(text.split('\n').some((l) => l.startsWith(FORGED))).toBe(false);
  });

  it('keeps driver parameters out of messages that older call sites build from a stack', async () => {
    const [u] = await registerUsers(t);
    const token = await userToken(t, u.userID);
    const driver = new DrizzleQueryError('select 1', [INJECTED], new Error('boom'));
    jest.spyOn(repo, 'findByIds').mockRejectedValueOnce(new Error(`wrapped: ${driver.stack ?? ''}`));
    const lines = await linesOf(async () => {
      await post('/user/get_users_info', { userIDs: [`${u.userID}_unseen`] }, 'op-wrapped', token);
    });
    expect(lines[0].err?.message).toContain('params: [not logged]');
    expect(JSON.stringify(lines)).not.toContain('FORGED');
  });
});
