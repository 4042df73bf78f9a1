import { loadConfig } from '../../config/app-config';
import { ErrCode } from '../errors/errcode';
import { ImError } from '../errors/im-error';
import { HeavyLimiter, Release } from './heavy-limiter';

const limiter = (env: Record<string, string>) => new HeavyLimiter(loadConfig(env));

async function codeOf(p: Promise<unknown>): Promise<ErrCode | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof ImError ? err.code : undefined;
  }
}

describe('HeavyLimiter', () => {
  it('refuses a user over their limit with 1060, and admits them again once one is answered', async () => {
    const l = limiter({ USER_MAX_CONCURRENT_HEAVY: '2', MAX_CONCURRENT_HEAVY: '5' });
    const first = await l.acquire('u');
    await l.acquire('u');
    expect(await codeOf(l.acquire('u'))).toBe(ErrCode.TooManyConcurrentRequests);
    expect(await codeOf(l.acquire('other'))).toBeUndefined();
    first();
    first(); // a second release gives nothing back twice
    expect(await codeOf(l.acquire('u'))).toBeUndefined();
    expect(await codeOf(l.acquire('u'))).toBe(ErrCode.TooManyConcurrentRequests);
  });

  it('does not count exempt callers (admins) per user, but still queues them', async () => {
    const l = limiter({ USER_MAX_CONCURRENT_HEAVY: '1', MAX_CONCURRENT_HEAVY: '1', HEAVY_QUEUE_MAX: '5' });
    const running = await l.acquire('admin', true);
    const queued = [l.acquire('admin', true), l.acquire('admin', true)];
    expect(l.stats()).toEqual({ running: 1, waiting: 2 });
    running();
    const [second] = await Promise.race(queued.map((p) => p.then((r) => [r])));
    expect(l.stats()).toEqual({ running: 1, waiting: 1 });
    second();
    (await queued[1])();
    expect(l.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it('runs at most the global number at once, in arrival order, and refuses when the queue is full', async () => {
    const l = limiter({ MAX_CONCURRENT_HEAVY: '1', HEAVY_QUEUE_MAX: '2' });
    const order: string[] = [];
    const take = (id: string) =>
      l.acquire(id).then((release): Release => {
        order.push(id);
        return release;
      });
    const a = await take('a');
    const b = take('b');
    const c = take('c');
    expect(await codeOf(l.acquire('d'))).toBe(ErrCode.TooManyConcurrentRequests);
    a();
    (await b)();
    (await c)();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(l.stats()).toEqual({ running: 0, waiting: 0 });
  });
});
