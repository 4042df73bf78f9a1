import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { startTestApp, TestApp } from '../helpers/test-app';

interface Answer {
  errCode: number;
  errMsg: string;
  errDlt: string;
}

/** POST /auth/get_admin_token over a real socket from the given local address (loopback has all of 127/8). */
function adminToken(port: number, from: string, secret: string): Promise<Answer> {
  const payload = JSON.stringify({ userID: 'imAdmin', secret });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        path: '/auth/get_admin_token',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(JSON.parse(body) as Answer));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('failed IM_SECRET checks are rate-limited per client address', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { SECRET_FAIL_LIMIT: '3' } });
    port = ((t.app.getHttpServer() as http.Server).address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('refuses every attempt of an address over the limit, a correct secret too, and no other address', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await adminToken(port, '127.0.0.2', `guess-${i}`)).errCode).toBe(1002);
    }
    const parallel = await Promise.all(Array.from({ length: 20 }, () => adminToken(port, '127.0.0.2', 'guess')));
    expect(parallel.every((a) => a.errCode === 1051)).toBe(true);
    const correct = await adminToken(port, '127.0.0.2', t.config.secret);
    expect(correct).toMatchObject({ errCode: 1051, errMsg: 'SecretAttemptsExceeded' });
    expect(correct.errDlt).toMatch(/try again in \d+ s/);
    expect((await adminToken(port, '127.0.0.3', t.config.secret)).errCode).toBe(0);
    expect((await adminToken(port, '127.0.0.3', 'wrong')).errCode).toBe(1002);
  });

  it('does not count correct secrets', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await adminToken(port, '127.0.0.4', t.config.secret)).errCode).toBe(0);
    }
    expect((await adminToken(port, '127.0.0.4', 'wrong')).errCode).toBe(1002);
  });
});

describe('production start-up', () => {
  it('refuses to start with the default IM_SECRET, naming the variable', async () => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../dist/main.js')], {
      env: { ...process.env, NODE_ENV: 'production', IM_SECRET: '', API_PORT: '0', WS_PORT: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    // a server that did start is stopped, so that the failure shows instead of a hung test
    const stop = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    clearTimeout(stop);
    expect(signal).toBeNull();
    expect(code).not.toBe(0);
    expect(stderr).toContain('IM_SECRET');
    expect(stderr).toContain('NODE_ENV=production');
  });
});
