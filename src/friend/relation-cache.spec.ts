import { RELATIONS_CHANGED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import type { FriendRepository, Relation } from './friend.repository';
import { RelationCache } from './relation-cache';

/** The cache alone, over a fake repository that counts its queries. */
describe('RelationCache', () => {
  let queries: { ownerUserID: string; targetUserID: string }[][];
  let blocks: Set<string>;
  /** while set, queries wait for it (a query still running when a change happens) */
  let hold: Promise<void> | undefined;
  let events: EventBus;
  let cache: RelationCache;

  beforeEach(() => {
    queries = [];
    blocks = new Set();
    hold = undefined;
    const repo = {
      relations: async (pairs: { ownerUserID: string; targetUserID: string }[]): Promise<Relation[]> => {
        queries.push(pairs);
        // answers as the data stood when the query ran, possibly held back by the test
        const answer = pairs.map((p) => ({
          ...p,
          friend: false,
          blocked: blocks.has(`${p.ownerUserID}>${p.targetUserID}`),
        }));
        if (hold) await hold;
        return answer;
      },
    } as unknown as FriendRepository;
    events = new EventBus(null);
    cache = new RelationCache(repo, events);
  });

  it('concurrent lookups share one query; repeated ones are answered from memory', async () => {
    blocks.add('b>a');
    const answers = await Promise.all([cache.isBlocked('b', 'a'), cache.isFriend('a', 'b'), cache.isBlocked('b', 'a')]);
    expect(answers).toEqual([true, false, true]);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toHaveLength(2);
    for (let i = 0; i < 10; i++) await cache.isBlocked('b', 'a');
    expect(queries).toHaveLength(1);
  });

  it('a change of the owner (from any node, through the event bus) drops their entries', async () => {
    expect(await cache.isBlocked('b', 'a')).toBe(false);
    blocks.add('b>a');
    events.publish(RELATIONS_CHANGED, { ownerUserIDs: ['b'] });
    expect(await cache.isBlocked('b', 'a')).toBe(true);
    expect(queries).toHaveLength(2);
  });

  it('a lookup that started before a change does not fill the cache with the old answer', async () => {
    let release = () => {};
    hold = new Promise<void>((resolve) => (release = resolve));
    const stale = cache.isBlocked('b', 'a');
    await new Promise((resolve) => setImmediate(resolve));
    blocks.add('b>a');
    cache.changed(['b']);
    release();
    expect(await stale).toBe(false);
    hold = undefined;
    expect(await cache.isBlocked('b', 'a')).toBe(true);
  });
});
