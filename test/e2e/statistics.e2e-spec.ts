import { errOf, expectArgsError, registerUsers, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('statistics/user/register', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const stats = (body: Record<string, unknown>, token = admin) => t.post('/statistics/user/register', body, token);

  it("counts today's registrations under today's UTC date, with the totals", async () => {
    const start = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
    const end = Date.now() + DAY_MS;
    const before = await stats({ start, end });
    expect(before.body).toMatchObject({ errCode: 0, errMsg: '', errDlt: '' });
    expect(Object.keys(before.body.data).sort()).toEqual(['before', 'count', 'total']);

    await registerUsers(t, 3);
    const today = utcDay(Date.now());
    const after = await stats({ start, end });
    const { total, count } = after.body.data;
    expect(total).toBe(before.body.data.total + 3);
    expect(count[today]).toBe((before.body.data.count[today] ?? 0) + 3);
    for (const key of Object.keys(count)) expect(key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const inRange = Object.values(count as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(after.body.data.before + inRange).toBe(total);
  });

  it('counts users created before start in "before" and nothing after end', async () => {
    await registerUsers(t, 2);
    const future = Date.now() + DAY_MS;
    const res = await stats({ start: future, end: future + DAY_MS });
    expect(res.body.data).toEqual({ total: res.body.data.before, before: expect.any(Number), count: {} });
    expect(res.body.data.total).toBeGreaterThanOrEqual(3);

    const past = await stats({ start: 1, end: 2 });
    expect(past.body.data).toEqual({ total: res.body.data.total, before: 0, count: {} });
  });

  it('refuses start after end (1001)', async () => {
    const now = Date.now();
    const res = await stats({ start: now, end: now - 1 });
    expect(errOf(res.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('start') });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a missing start', { end: 2 }, 'start'],
    ['a missing end', { start: 1 }, 'end'],
    ['start 0', { start: 0, end: 2 }, 'start'],
    ['a quoted start', { start: '1', end: 2 }, 'start'],
    ['a fractional end', { start: 1, end: 2.5 }, 'end'],
    ['an end past any date', { start: 1, end: 1e20 }, 'end'],
  ])('refuses %s (1001)', async (_name, body, field) => {
    expectArgsError((await stats(body)).body, field);
  });

  it('is admin-only (1002) and needs a token (1005)', async () => {
    const [u] = await registerUsers(t);
    const body = { start: 1, end: Date.now() };
    expect(errOf((await stats(body, await userToken(t, u.userID))).body).errCode).toBe(1002);
    expect(errOf((await t.post('/statistics/user/register', body)).body).errCode).toBe(1005);
  });
});
