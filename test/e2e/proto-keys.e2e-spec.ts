import { expectArgsError, expectOk, registerUsers, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { postRaw } from '../fuzz/harness';

/*
 * `constructor`, `__proto__` and `prototype` keys in a JSON body (found by the fuzz suite): the routes that
 * validate their body themselves (jssdk, JSON or protobuf) answered 500 where the global pipe answers 1001.
 */
describe('prototype keys in request bodies', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    const [u] = await registerUsers(t);
    token = await userToken(t, u.userID);
  });
  afterAll(() => t.close());

  it.each([
    ['/jssdk/get_conversations', '{"ownerUserID":{"constructor":{"a":true}},"conversationIDs":[]}'],
    ['/jssdk/get_conversations', '{"ownerUserID":{"constructor":1},"conversationIDs":[]}'],
    ['/jssdk/get_active_conversations', '{"ownerUserID":{"constructor":{"a":true}}}'],
    ['/jssdk/get_active_conversations', '{"ownerUserID":{"__proto__":{"a":true}}}'],
  ])('%s with %s: 1001 naming the field, as on the other routes', async (path, body) => {
    expectArgsError((await postRaw(t, path, body, token)).body, 'ownerUserID');
    expectArgsError((await postRaw(t, '/user/get_users_info', `{"userIDs":${body}}`, token)).body, 'userIDs');
  });

  it('a prototype key next to valid fields is ignored like any unknown key', async () => {
    for (const key of ['constructor', '__proto__', 'prototype']) {
      const res = await postRaw(
        t,
        '/jssdk/get_conversations',
        `{"${key}":{"x":{"constructor":1}},"conversationIDs":[]}`,
        token,
      );
      expectOk(res.body);
    }
  });
});
