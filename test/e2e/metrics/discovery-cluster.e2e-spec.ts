import * as http from 'node:http';
import { PROMETHEUS_SD_CONTENT_TYPE, expectTargetGroups, type TargetGroup } from '../../helpers/prom-checks';
import { parsePromText } from '../../helpers/prom-text';
import { processStorage, spawnServer, type ProcessStorage, type ServerProcess } from '../../helpers/server-process';

// A cluster is several processes on one PostgreSQL and one Redis; the embedded database belongs to one process.
const clustered = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

function get(url: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', text }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const portOf = (url: string) => new URL(url).port;

clustered('Prometheus discovery across two processes (ROLE=all and ROLE=gateway)', () => {
  let storage: ProcessStorage;
  let full: ServerProcess;
  let gateway: ServerProcess;

  beforeAll(async () => {
    storage = await processStorage();
    const env = { ...storage.env, ADVERTISE_HOST: '127.0.0.1' };
    [full, gateway] = await Promise.all([spawnServer(env), spawnServer({ ...env, ROLE: 'gateway' })]);
  }, 60_000);
  afterAll(async () => {
    for (const n of [full, gateway]) n?.child.kill('SIGTERM');
    await Promise.all([full?.exited, gateway?.exited]);
    await storage?.cleanup();
  });

  async function discover(name: string): Promise<TargetGroup[]> {
    const res = await get(`${full.base}/prometheus_discovery/${name}`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(PROMETHEUS_SD_CONTENT_TYPE);
    return expectTargetGroups(JSON.parse(res.text));
  }

  it('lists each process where it serves the role, on the port its /metrics is on', async () => {
    const fullAPI = `127.0.0.1:${portOf(full.base)}`;
    const fullWS = `127.0.0.1:${portOf(full.ws)}`;
    const gatewayWS = `127.0.0.1:${portOf(gateway.ws)}`;
    const group = (job: string, target: string, role: string) => ({
      targets: [target],
      labels: { job, instance: target, role },
    });
    const sorted = (groups: ReturnType<typeof group>[]) =>
      groups.sort((a, b) => (a.targets[0] < b.targets[0] ? -1 : 1));
    // both processes registered before they answered /healthz; the gateway's advert is in Redis from then on
    for (const name of ['api', 'user', 'group', 'msg', 'friend', 'conversation', 'third', 'auth']) {
      expect({ name, groups: await discover(name) }).toEqual({ name, groups: [group(name, fullAPI, 'all')] });
    }
    expect(await discover('msg_gateway')).toEqual(
      sorted([group('msg_gateway', fullWS, 'all'), group('msg_gateway', gatewayWS, 'gateway')]),
    );
    for (const name of ['push', 'msg_transfer']) {
      expect({ name, groups: await discover(name) }).toEqual({
        name,
        groups: sorted([group(name, fullAPI, 'all'), group(name, gatewayWS, 'gateway')]),
      });
    }
  });

  it('every discovered target answers /metrics in the text format', async () => {
    const groups = [...(await discover('msg_transfer')), ...(await discover('msg_gateway'))];
    const targets = new Set(groups.flatMap((g) => g.targets));
    expect(targets.size).toBe(3);
    for (const target of targets) {
      const res = await get(`http://${target}/metrics`);
      expect(res.status).toBe(200);
      expect(parsePromText(res.text).get('im_ws_connections')?.type).toBe('gauge');
    }
  });

  it('drops a process that stops from the list', async () => {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
    expect((await discover('msg_gateway')).map((g) => g.labels.role)).toEqual(['all']);
  });
});
