import { newMsgID } from './msg-id';

describe('newMsgID', () => {
  it('gives 32 hex chars, never the same twice, across many refills of its random pool', () => {
    const ids = Array.from({ length: 2_000 }, () => newMsgID());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
