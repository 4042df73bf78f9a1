import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadConfig } from '../config/app-config';
import { WebhookService } from './webhook.service';

/** A receiver that holds every request open: after-hooks pile up behind it. */
async function hangingReceiver(): Promise<{
  url: string;
  held: ServerResponse[];
  paths: string[];
  close: () => Promise<void>;
}> {
  const held: ServerResponse[] = [];
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    held.push(res);
    paths.push(req.url ?? '');
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    paths,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(cond()).toBe(true);
}

describe('WebhookService after-hook queue', () => {
  it('drops (and counts) after-hooks past WEBHOOK_QUEUE_SIZE while the receiver hangs; after() never waits', async () => {
    const receiver = await hangingReceiver();
    const svc = new WebhookService(
      loadConfig({ WEBHOOK_URL: receiver.url, WEBHOOK_QUEUE_SIZE: '3', WEBHOOK_TIMEOUT_MS: '60000' }),
    );
    try {
      for (let i = 0; i < 20; i++) svc.after('afterUserOnline', { userID: `u${i}` });
      // four in flight, three queued, the rest dropped
      await until(() => receiver.held.length === 4);
      const values = (await svc.requests.get()).values;
      expect(values.find((v) => v.labels.result === 'dropped')).toMatchObject({
        value: 13,
        labels: { hook: 'afterUserOnline' },
      });
    } finally {
      svc.onModuleDestroy();
      await receiver.close();
    }
  });

  it('calls nothing for a hook that is not enabled', async () => {
    const receiver = await hangingReceiver();
    const svc = new WebhookService(loadConfig({ WEBHOOK_URL: receiver.url, WEBHOOK_HOOKS: 'afterUserOffline' }));
    try {
      svc.after('afterUserOnline', { userID: 'u' });
      expect(await svc.before('beforeSendSingleMsg', {})).toBeUndefined();
      expect(svc.enabled('afterUserOnline')).toBe(false);
      svc.after('afterUserOffline', { userID: 'u' });
      await until(() => receiver.held.length === 1);
      expect(receiver.paths).toEqual(['/callbackAfterUserOfflineCommand']);
    } finally {
      svc.onModuleDestroy();
      await receiver.close();
    }
  });
});

describe('WebhookService before-hook timeout', () => {
  it('times out at WEBHOOK_TIMEOUT_MS even when full garbage collections run during the wait', async () => {
    // Node 20's AbortSignal.timeout inside AbortSignal.any could be collected by a full GC and never fire
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const receiver = await hangingReceiver();
    const svc = new WebhookService(
      loadConfig({ WEBHOOK_URL: receiver.url, WEBHOOK_TIMEOUT_MS: '300', WEBHOOK_FAILED_CONTINUE: 'false' }),
    );
    const collecting = setInterval(gc, 20);
    try {
      const started = Date.now();
      const outcome = svc.before('beforeSendSingleMsg', { sendID: 'a' }).then(
        () => 'went on',
        (err: { code?: number }) => err.code,
      );
      // the receiver never answers: only the timeout can end the wait (the test's own 60 s limit otherwise)
      expect(await outcome).toBe(90004);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(receiver.held).toHaveLength(1);
    } finally {
      clearInterval(collecting);
      svc.onModuleDestroy();
      await receiver.close();
    }
  }, 15_000);
});
