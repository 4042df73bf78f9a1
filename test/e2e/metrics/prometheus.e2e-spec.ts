import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { App } from 'supertest/types';
import { GatewayServer } from '../../../src/gateway/gateway.server';
import { registerUsers, sendText, userToken } from '../../helpers/fixtures';
import { PROMETHEUS_SD_CONTENT_TYPE, expectTargetGroups, promqlMetricNames } from '../../helpers/prom-checks';
import { parsePromText, exposedNames, sampleValue, type Family } from '../../helpers/prom-text';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { textMsg, WsTestClient } from '../../helpers/ws-client';

const API_NAMES = ['api', 'user', 'group', 'msg', 'friend', 'conversation', 'third', 'auth'];
const DASHBOARD = path.resolve(__dirname, '../../../deploy/grafana/openim-dashboard.json');

describe('Prometheus: discovery, /metrics, dashboard, Grafana redirect', () => {
  let t: TestApp;
  let server: App;
  let apiPort: number;
  let wsPort: number;
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { ADVERTISE_HOST: '127.0.0.1' } });
    server = t.app.getHttpServer() as App;
    apiPort = (server as unknown as { address(): AddressInfo }).address().port;
    wsPort = t.app.get(GatewayServer).port!;
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(() => t.close());

  async function scrape(port = apiPort): Promise<Map<string, Family>> {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*\bversion=0\.0\.4\b/);
    return parsePromText(await res.text());
  }

  it('lists this process under each of the 11 discovery routes, as plain HTTP SD JSON (no envelope)', async () => {
    for (const name of [...API_NAMES, 'push', 'msg_transfer', 'msg_gateway']) {
      const res = await request(server).get(`/prometheus_discovery/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(PROMETHEUS_SD_CONTENT_TYPE);
      const groups = expectTargetGroups(res.body);
      const target = `127.0.0.1:${name === 'msg_gateway' ? wsPort : apiPort}`;
      expect({ name, groups }).toEqual({
        name,
        groups: [{ targets: [target], labels: { job: name, instance: target, role: 'all' } }],
      });
    }
  });

  it('serves the same registry on the gateway port, so a gateway-only process can be scraped', async () => {
    const families = await scrape(wsPort);
    expect(families.get('im_ws_connections')?.type).toBe('gauge');
    expect(families.get('http_request_duration_seconds')?.type).toBe('histogram');
  });

  it('moves the send, push, connection and error series', async () => {
    const [a, b] = await registerUsers(t, 2);
    const before = await scrape();
    for (const [name, type] of Object.entries({
      im_msg_sent_total: 'counter',
      im_errors_total: 'counter',
      im_ws_connections: 'gauge',
      im_online_push_delivered_total: 'counter',
      im_online_push_failed_total: 'counter',
      im_msg_send_duration_seconds: 'histogram',
      im_online_push_duration_seconds: 'histogram',
    })) {
      expect({ name, type: before.get(name)?.type }).toEqual({ name, type });
    }

    const web = { platform: 'Web' };
    const bob = await WsTestClient.connect(t, {
      userID: b.userID,
      token: await userToken(t, b.userID, 5),
      platformID: 5,
      sdkType: 'js',
    });
    clients.push(bob);
    const alice = await WsTestClient.connect(t, {
      userID: a.userID,
      token: await userToken(t, a.userID, 2),
      platformID: 2,
    });
    clients.push(alice);
    expect((await alice.sendMsg(textMsg(a.userID, b.userID, 'over ws'))).errCode).toBe(0);
    await sendText(t, a.userID, b.userID, 'over REST');
    await bob.until(() => bob.pushedMessages().length === 2, 'two pushes to bob');
    // an error on each transport: a REST send without recvID, a WS send from a user who does not exist
    expect((await t.post('/msg/send_msg', { sendMsg: {} }, await t.adminToken())).body.errCode).toBe(1001);
    const bad = await alice.sendMsg(textMsg(a.userID, b.userID, 'x', { contentType: 999 }));
    expect(bad.errCode).toBe(1001);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta('im_ws_connections', web)).toBe(1);
    expect(delta('im_ws_connections', { platform: 'Android' })).toBe(1);
    expect(delta('im_msg_sent_total', { sessionType: '1', contentType: '101' })).toBe(2);
    expect(delta('im_msg_send_duration_seconds_count', { transport: 'ws' })).toBe(1);
    expect(delta('im_msg_send_duration_seconds_count', { transport: 'http' })).toBe(1);
    expect(delta('im_errors_total', { transport: 'http', errCode: '1001' })).toBe(1);
    expect(delta('im_errors_total', { transport: 'ws', errCode: '1001' })).toBe(1);
    // bob's Web connection got both messages, alice's phone the echo of her REST send (senderSync)
    expect(delta('im_online_push_delivered_total')).toBeGreaterThanOrEqual(3);
    expect(delta('im_online_push_duration_seconds_count')).toBeGreaterThanOrEqual(2);

    bob.close();
    await waitFor(
      async () =>
        sampleValue(await scrape(), 'im_ws_connections', web) === sampleValue(before, 'im_ws_connections', web),
    );
  });

  it('counts refused handshakes as gateway errors', async () => {
    const before = await scrape();
    await expect(WsTestClient.connect(t, { userID: 'nobody', token: 'not-a-token' })).rejects.toThrow(/refused/);
    const after = await scrape();
    const ws = (f: Map<string, Family>) =>
      f
        .get('im_errors_total')!
        .samples.filter((s) => s.labels.transport === 'ws')
        .reduce((n, s) => n + s.value, 0);
    expect(ws(after) - ws(before)).toBe(1);
  });

  it('the Grafana dashboard parses and reads only series that /metrics exposes', async () => {
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.panels.length).toBeGreaterThan(5);
    const exposed = exposedNames(await scrape());
    const used = new Set<string>();
    for (const p of dashboard.panels) {
      expect(p.targets.length).toBeGreaterThan(0);
      for (const { expr } of p.targets) {
        const names = promqlMetricNames(expr);
        expect({ panel: p.title, names: names.length > 0 }).toEqual({ panel: p.title, names: true });
        names.forEach((n) => used.add(n));
      }
    }
    expect([...used].filter((n) => !exposed.has(n))).toEqual([]);
    for (const n of ['im_msg_sent_total', 'im_online_push_delivered_total', 'im_errors_total', 'im_ws_connections']) {
      expect(used).toContain(n);
    }
  });

  it('answers GET /third/prometheus with 404 and the reason while GRAFANA_URL is unset', async () => {
    const res = await request(server).get('/third/prometheus');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errCode: 404, errMsg: 'NotFound', errDlt: 'no Grafana configured: set GRAFANA_URL' });
  });
});

describe('GET /third/prometheus with GRAFANA_URL', () => {
  it('redirects (302) to Grafana', async () => {
    const t = await startTestApp({ env: { GRAFANA_URL: 'https://grafana.example.com/d/openim' } });
    try {
      const res = await request(t.app.getHttpServer() as App).get('/third/prometheus');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('https://grafana.example.com/d/openim');
    } finally {
      await t.close();
    }
  });
});

/** Polls a condition (bounded), for what settles after a socket closes. */
async function waitFor(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
