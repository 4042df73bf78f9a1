import { notificationBounds, visibleRange } from './visible-range';

describe('visibleRange', () => {
  it('is empty when the conversation has no seq yet', () => {
    const r = visibleRange(undefined);
    expect(r.max).toBeLessThan(r.min);
  });

  it('spans 1..max seq for a user with no limits', () => {
    expect(visibleRange({ minSeq: 0, maxSeq: 7 }, { minSeq: 0, maxSeq: 0, capped: false })).toEqual({ min: 1, max: 7 });
  });

  it("starts after a clear for everyone (the conversation's min seq)", () => {
    expect(visibleRange({ minSeq: 5, maxSeq: 9 }, { minSeq: 2, maxSeq: 0, capped: false })).toEqual({ min: 5, max: 9 });
  });

  it("starts after the user's own clear or join point (the user's min seq)", () => {
    expect(visibleRange({ minSeq: 2, maxSeq: 9 }, { minSeq: 6, maxSeq: 0, capped: false })).toEqual({ min: 6, max: 9 });
  });

  it("ends at the user's max seq (a member who left) but never past the conversation's", () => {
    expect(visibleRange({ minSeq: 0, maxSeq: 9 }, { minSeq: 0, maxSeq: 4, capped: true })).toEqual({ min: 1, max: 4 });
    expect(visibleRange({ minSeq: 0, maxSeq: 3 }, { minSeq: 0, maxSeq: 4, capped: true })).toEqual({ min: 1, max: 3 });
  });

  it('is empty when the user cleared past the end', () => {
    const r = visibleRange({ minSeq: 0, maxSeq: 9 }, { minSeq: 10, maxSeq: 0, capped: false });
    expect(r.max).toBeLessThan(r.min);
  });

  it('without a user record (notification streams) follows the conversation alone', () => {
    expect(visibleRange({ minSeq: 3, maxSeq: 8 })).toEqual({ min: 3, max: 8 });
  });

  it('a cap at 0 (left before the first message) shows nothing, however far the conversation grows', () => {
    const r = visibleRange({ minSeq: 0, maxSeq: 9 }, { minSeq: 0, maxSeq: 0, capped: true });
    expect(r.max).toBeLessThan(r.min);
  });

  it("bounds a group's notification stream by the leaver's record, and nobody else's", () => {
    const left = { minSeq: 4, maxSeq: 7, capped: true, notificationMaxSeq: 2 };
    expect(visibleRange({ minSeq: 0, maxSeq: 5 }, notificationBounds(left))).toEqual({ min: 1, max: 2 });
    const member = { ...left, capped: false };
    expect(visibleRange({ minSeq: 0, maxSeq: 5 }, notificationBounds(member))).toEqual({ min: 1, max: 5 });
    expect(notificationBounds(undefined)).toBeUndefined();
  });
});
