import request from 'supertest';
import type { App } from 'supertest/types';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('platform: envelope, operationID, docs, health, metrics', () => {
  let t: TestApp;
  let server: App;
  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  });
  afterAll(() => t.close());

  it('echoes the operationID header, and makes one up when absent', async () => {
    const given = await request(server).post('/auth/parse_token').set('operationID', 'op-42').send({ token: 'x' });
    expect(given.headers['operationid']).toBe('op-42');
    const made = await request(server).post('/auth/parse_token').send({ token: 'x' });
    expect(made.headers['operationid']).toMatch(/^[0-9a-f]{16}$/);
    // each request without one gets its own, so their log lines stay apart
    const next = await request(server).post('/auth/parse_token').send({ token: 'x' });
    expect(next.headers['operationid']).toMatch(/^[0-9a-f]{16}$/);
    expect(next.headers['operationid']).not.toBe(made.headers['operationid']);
  });

  it('answers bad JSON with HTTP 200 and 1001', async () => {
    const res = await request(server)
      .post('/auth/get_admin_token')
      .set('Content-Type', 'application/json')
      .send('{"userID":');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ errCode: 1001, errMsg: 'ArgsError' });
    expect(res.body.errDlt).toContain('JSON');
  });

  it('reads JSON bodies sent without a Content-Type, as the SDKs do', async () => {
    const res = await request(server)
      .post('/auth/get_admin_token')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ userID: 'imAdmin', secret: t.config.secret }));
    expect(res.body.errCode).toBe(0);
  });

  it('refuses a body that is not a JSON object', async () => {
    const res = await request(server)
      .post('/auth/get_admin_token')
      .set('Content-Type', 'application/json')
      .send('[1,2]');
    expect(res.body).toMatchObject({ errCode: 1001, errDlt: 'request body must be a JSON object' });
  });

  it('answers an unknown route with 404 in the envelope', async () => {
    const res = await request(server).post('/user/no_such_route').send({});
    expect(res.status).toBe(404);
    expect(res.body.errCode).toBe(404);
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json with every API route', async () => {
    const ui = await request(server).get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const doc = await request(server).get('/docs-json');
    const paths = Object.keys(doc.body.paths as object);
    for (const p of [
      '/auth/get_admin_token',
      '/user/user_register',
      '/user/get_users_info',
      '/statistics/user/register',
    ]) {
      expect(paths).toContain(p);
    }
    expect(doc.body.components.securitySchemes.token).toMatchObject({ type: 'apiKey', in: 'header', name: 'token' });
    const register = doc.body.paths['/user/user_register'].post;
    expect(register.requestBody.content['application/json'].schema.$ref).toContain('UserRegisterReq');
    expect(doc.body.components.schemas.UserRegisterItem.properties.userID.example).toBe('user_001');
  });

  it('reports health of the storage it uses', async () => {
    const res = await request(server).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
    if (process.env.REDIS_URL) expect(res.body.info.redis.status).toBe('up');
  });

  it('exposes request latency by route and errCode at /metrics', async () => {
    await t.post('/auth/get_admin_token', { userID: 'imAdmin', secret: 'wrong' });
    const res = await request(server).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/auth\/get_admin_token",errCode="1002"\} \d+/,
    );
  });
});
