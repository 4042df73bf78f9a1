import request from 'supertest';
import type { App } from 'supertest/types';
import { MAX_BODY_DEPTH } from '../../src/common/http/body-depth';
import { errOf, registerUsers, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/** `{"a":{"a":…}}` nested `depth` objects deep, built as text so the test itself never recurses. */
function nestedObjects(depth: number, leaf = '1'): string {
  return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

describe('deeply nested JSON bodies', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    const [u] = await registerUsers(t);
    token = await userToken(t, u.userID);
  });
  afterAll(() => t.close());

  const postRaw = (path: string, body: string, tok?: string) => {
    const r = request(t.app.getHttpServer() as App)
      .post(path)
      .set('content-type', 'application/json');
    if (tok) r.set('token', tok);
    return r.send(body);
  };

  it.each([
    ['a public route', '/auth/get_admin_token', false],
    ['a user route', '/user/get_users_info', true],
    ['an admin route', '/user/user_register', true],
  ])('refuses 10,000 levels on %s with 1001 naming the limit', async (_name, path, withToken) => {
    const res = await postRaw(path, nestedObjects(10_000), withToken ? token : undefined);
    expect(res.status).toBe(200);
    expect(errOf(res.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining(`${MAX_BODY_DEPTH} levels`) });
  });

  it('refuses deep arrays and mixed nesting inside an otherwise valid body', async () => {
    const arrays = '['.repeat(5_000) + ']'.repeat(5_000);
    const res = await postRaw('/user/get_users_info', `{"userIDs":${arrays}}`, token);
    expect(errOf(res.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('nested') });
    const mixed = '{"a":['.repeat(40) + '1' + ']}'.repeat(40);
    expect(errOf((await postRaw('/auth/parse_token', mixed)).body).errCode).toBe(1001);
  });

  it('does not count brackets inside strings', async () => {
    const text = JSON.stringify({ token: '{"a":['.repeat(100) + '\\"{' });
    const res = await postRaw('/auth/parse_token', text);
    expect(errOf(res.body).errCode).toBe(1005);
  });

  it('lets a body exactly at the limit reach validation', async () => {
    const res = await postRaw('/user/get_users_info', nestedObjects(MAX_BODY_DEPTH), token);
    expect(errOf(res.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('userIDs') });
    expect(res.body.errDlt).not.toContain('nested');
  });

  it('keeps serving afterwards', async () => {
    await Promise.all(Array.from({ length: 5 }, () => postRaw('/auth/parse_token', nestedObjects(50_000))));
    const res = await t.post('/user/get_users_info', { userIDs: ['nobody'] }, token);
    expect(res.body.errCode).toBe(0);
  });
});
