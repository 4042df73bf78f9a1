import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { registerUsers } from '../helpers/fixtures';
import { startTestApp, type TestApp } from '../helpers/test-app';

interface RawAnswer {
  encoding?: string;
  wire: number;
  body: { errCode: number; data: { usersInfo: { userID: string }[] } };
}

/** One POST over a real socket, the body read as it crossed the wire (no client-side inflating). */
function post(t: TestApp, path: string, body: unknown, token: string, acceptGzip: boolean): Promise<RawAnswer> {
  const port = (t.app.getHttpServer().address() as AddressInfo).port;
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          token,
          operationID: 'gzip-test',
          ...(acceptGzip ? { 'accept-encoding': 'gzip' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          resolve({ encoding, wire: raw.length, body: JSON.parse(text) as RawAnswer['body'] });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('REST: gzip for large answers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gzips a large JSON answer for a client that accepts gzip and leaves small ones and other clients alone', async () => {
    const users = await registerUsers(t, 60);
    const userIDs = users.map((u) => u.userID);
    const admin = await t.adminToken();

    const plain = await post(t, '/user/get_users_info', { userIDs }, admin, false);
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.errCode).toBe(0);
    expect(plain.wire).toBeGreaterThan(4096);

    const zipped = await post(t, '/user/get_users_info', { userIDs }, admin, true);
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.body).toEqual(plain.body);
    expect(zipped.wire).toBeLessThan(plain.wire / 3);

    const small = await post(t, '/user/get_users_info', { userIDs: userIDs.slice(0, 1) }, admin, true);
    expect(small.encoding).toBeUndefined();
    expect(small.body.data.usersInfo.map((u) => u.userID)).toEqual(userIDs.slice(0, 1));
  });
});
