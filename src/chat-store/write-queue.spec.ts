import { WriteQueue, type Queued } from './write-queue';

const send = (conversationID: string, n: number): Queued & { n: number } => ({ req: { conversationID }, n });
const ns = (batch: { n: number }[]) => batch.map((p) => p.n);

describe('WriteQueue', () => {
  it('never gives a conversation to two batches in flight; its sends wait, in order, for the next batch', () => {
    const q = new WriteQueue<ReturnType<typeof send>>(10);
    [send('g', 1), send('a', 2), send('g', 3)].forEach((p) => q.push(p));
    const first = q.take();
    expect(ns(first.batch)).toEqual([1, 2, 3]);
    [send('g', 4), send('b', 5), send('g', 6), send('a', 7)].forEach((p) => q.push(p));
    const second = q.take();
    expect(ns(second.batch)).toEqual([5]); // g and a are held by the first batch
    expect(q.take().batch).toEqual([]);
    first.done();
    expect(ns(q.take().batch)).toEqual([4, 6, 7]);
    second.done();
    expect(q.length).toBe(0);
  });

  it('takes at most maxBatch, the oldest first', () => {
    const q = new WriteQueue<ReturnType<typeof send>>(2);
    [1, 2, 3].forEach((n) => q.push(send(`c${n}`, n)));
    expect(ns(q.take().batch)).toEqual([1, 2]);
    expect(ns(q.take().batch)).toEqual([3]);
  });

  it('a send removed (answered at its deadline) is never taken', () => {
    const q = new WriteQueue<ReturnType<typeof send>>(10);
    const gone = send('a', 1);
    q.push(gone);
    q.push(send('b', 2));
    expect(q.remove(gone)).toBe(true);
    expect(q.remove(gone)).toBe(false);
    expect(ns(q.take().batch)).toEqual([2]);
  });
});
