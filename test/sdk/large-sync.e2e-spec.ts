import { wasmSuite } from './wasm/browser';
import { latestOf, si, type Conversation } from './wasm/im';
import { WasmWorld } from './wasm/world';

jest.setTimeout(180_000);

const PEERS = 200;

/** A user with 200 conversations logs into an empty local database: the first sync brings all of them. */
wasmSuite('large-sync')('Web SDK: a large first sync', () => {
  const world = new WasmWorld();
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('200 conversations, each with its last message and unread count, after one login', async () => {
    const [me, ...peers] = await world.register('me', ...Array.from({ length: PEERS }, (_, i) => `p${i}`));
    // seeded through the admin API, twenty sends in flight at a time
    for (let i = 0; i < PEERS; i += 20) {
      await Promise.all(
        peers.slice(i, i + 20).map((peer) =>
          world.ok('/msg/send_msg', {
            recvID: me,
            sendMsg: {
              sendID: peer,
              senderPlatformID: 1,
              content: { content: `hi from ${peer}` },
              contentType: 101,
              sessionType: 1,
            },
          }),
        ),
      );
    }
    const user = await world.login(me);
    const all = await user.call<Conversation[]>('getAllConversationList');
    expect(all).toHaveLength(PEERS);
    expect(new Set(all.map((c) => c.conversationID))).toEqual(new Set(peers.map((p) => si(me, p))));
    for (const c of all) {
      expect(c.unreadCount).toBe(1);
      expect(latestOf(c).textElem?.content).toBe(`hi from ${c.userID}`);
    }
    // the newest first
    const times = all.map((c) => latestOf(c).sendTime);
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(await user.call('getTotalUnreadMsgCount')).toBe(PEERS);
    const page = await user.call<Conversation[]>('getConversationListSplit', { offset: 100, count: 100 });
    expect(page.map((c) => c.conversationID)).toEqual(all.slice(100).map((c) => c.conversationID));
    expect(user.dataOf('OnSyncServerProgress').length).toBeGreaterThan(0);
  });
});
