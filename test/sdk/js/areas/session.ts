import { CbEvents, LoginStatus, type MessageItem } from '@openim/client-sdk';
import { failedCalls, received, type SdkSuite, send, SdkUser } from '../harness';
import { makeFriends, si } from '../server';

/** The JS SDK's session: login and first sync, logout and offline sync, reconnect, kicks, several devices. */
export function sessionArea(suite: SdkSuite): void {
  describe('session', () => {
    const { loggedIn, users } = suite;

    const texts = (messages: MessageItem[]) => messages.map((m) => m.textElem?.content);

    it('logs in: connects, syncs every list with the server, and knows who it is', async () => {
      const [u] = await users(1);
      const s = suite.track(new SdkUser(suite.server(), u, 5));
      expect((await s.sdk.getLoginStatus()).data).toBe(LoginStatus.Logout);
      const end = await s.login();

      expect(s.events.map((e) => e.event).slice(0, 3)).toEqual([
        CbEvents.OnConnecting,
        CbEvents.OnConnectSuccess,
        CbEvents.OnSyncServerStart,
      ]);
      expect(end.event).toBe(CbEvents.OnSyncServerFinish);
      expect((await s.sdk.getLoginStatus()).data).toBe(LoginStatus.Logged);
      expect(failedCalls(s)).toEqual([]);
      expect(s.restCalls().map((c) => c.path)).toEqual(
        expect.arrayContaining([
          '/user/get_users_info',
          '/conversation/get_incremental_conversations',
          '/conversation/get_not_notify_conversation_ids',
          '/jssdk/get_active_conversations',
          '/friend/get_incremental_friends',
          '/friend/get_full_friend_user_ids',
          '/group/get_incremental_join_groups',
          '/group/get_full_join_group_ids',
        ]),
      );
      expect((await s.sdk.getSelfUserInfo()).data).toMatchObject({ userID: u, nickname: `nick-${u}` });
      await s.sdk.logout();
      expect((await s.sdk.getLoginStatus()).data).toBe(LoginStatus.Logout);
    });

    it('after a logout, what was sent meanwhile is in the conversation list and the history at the next login', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 2);
      await send(alice, { recvID: b }, 'before');
      await bob.until(() => received(bob).length === 1, 'the first message');
      await bob.logout();

      await send(alice, { recvID: b }, 'while away 1');
      await send(alice, { recvID: b }, 'while away 2');
      expect((await bob.login()).event).toBe(CbEvents.OnSyncServerFinish);

      const { data: list } = await bob.sdk.getConversationListSplit({ offset: 0, count: 20 });
      expect(list).toEqual([expect.objectContaining({ conversationID: si(a, b), unreadCount: 3 })]);
      expect((JSON.parse(list[0].latestMsg) as MessageItem).textElem?.content).toBe('while away 2');
      const { data: history } = await bob.sdk.getAdvancedHistoryMessageList({
        conversationID: si(a, b),
        count: 20,
        startClientMsgID: '',
      });
      expect(texts(history.messageList)).toEqual(['before', 'while away 1', 'while away 2']);
      expect(history.isEnd).toBe(true);
    });

    // Without the messages sent while it was away: this SDK's gap pull on reconnect (1006, then 1002) throws before
    // it sends anything (it builds the ranges from `[].concat(map.entries())`, one iterator, not the entries), so what
    // it missed reaches the app only through a new login (the test above). An SDK defect, not a server matter.
    it('after a lost network, the SDK reconnects by itself on the same token and receives again', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 2);
      await send(alice, { recvID: b }, 'before');
      await bob.until(() => received(bob).length === 1, 'the first message');

      const from = bob.events.length;
      bob.dropSocket();
      // the SDK retries after its fixed 5 s interval; a same-token reconnect is not a new login (no kick)
      await bob.next(CbEvents.OnConnectSuccess, from, 15_000);
      expect(await bob.next([CbEvents.OnSyncServerFinish, CbEvents.OnSyncServerFailed], from)).toMatchObject({
        event: CbEvents.OnSyncServerFinish,
      });
      expect(bob.events.slice(from).map((e) => e.event)).not.toContain(CbEvents.OnKickedOffline);

      await send(alice, { recvID: b }, 'after');
      await bob.until(() => received(bob).length === 2, 'the message after the reconnect');
      expect(received(bob).map((m) => [m.seq, m.textElem?.content])).toEqual([
        [1, 'before'],
        [2, 'after'],
      ]);
    }, 30_000);

    it('a second login on the same platform kicks the first SDK offline, and its token stays refused', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const first = await loggedIn(b, 5);
      const kickedToken = first.token;

      const second = await loggedIn(b, 5);
      await first.next(CbEvents.OnKickedOffline);

      const sent = await send(alice, { recvID: b }, 'to the new session');
      await second.until(() => received(second).length === 1, 'the message');
      expect(received(second)[0].clientMsgID).toBe(sent.clientMsgID);
      expect(received(first)).toEqual([]);

      // the kicked token is refused at the handshake (1506), which the SDK reports as being kicked
      const again = suite.track(new SdkUser(suite.server(), b, 5));
      const failed = await again.connect(kickedToken);
      expect(failed).toMatchObject({ event: CbEvents.OnConnectFailed, errCode: 1506 });
      expect(again.events.map((e) => e.event)).toContain(CbEvents.OnKickedOffline);
    });

    it('multi-login: a phone and a web page of one user stay online together and both receive', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const web = await loggedIn(b, 5);
      const phone = await loggedIn(b, 1);
      const sent = await send(alice, { recvID: b }, 'to every device');
      for (const device of [web, phone]) {
        await device.until(() => received(device).some((m) => m.clientMsgID === sent.clientMsgID), 'the message');
        expect(device.events.map((e) => e.event)).not.toContain(CbEvents.OnKickedOffline);
      }
      // what one device sends reaches the peer, and the other device as its own message
      const reply = await send(phone, { recvID: a }, 'from the phone');
      await alice.until(() => received(alice).some((m) => m.clientMsgID === reply.clientMsgID), 'the reply');
      await web.until(() => received(web).some((m) => m.clientMsgID === reply.clientMsgID), 'the synced reply');
      expect(received(web).at(-1)).toMatchObject({ sendID: b, recvID: a, textElem: { content: 'from the phone' } });
    });

    it('a fresh SDK on another device syncs everything at its first login: friends, groups, conversations', async () => {
      const [a, b, c] = await users(3);
      await makeFriends(suite.server(), a, [b, c]);
      const alice = await loggedIn(a);
      const { data: group } = await alice.sdk.createGroup({ memberUserIDs: [b, c], groupInfo: { groupName: 'g' } });
      await send(alice, { recvID: b }, 'to bob');
      await send(alice, { groupID: group.groupID }, 'to all');

      // a new SDK instance (nothing cached) on a second device of alice
      const fresh = await loggedIn(a, 2);
      const page = { offset: 0, count: 20 };
      expect((await fresh.sdk.getFriendListPage(page)).data.map((f) => f.userID).sort()).toEqual([b, c].sort());
      expect((await fresh.sdk.getJoinedGroupListPage(page)).data).toEqual([
        expect.objectContaining({ groupID: group.groupID, memberCount: 3 }),
      ]);
      const { data: list } = await fresh.sdk.getConversationListSplit(page);
      // with carol only the "now friends" tip, which the reference sends as a shown message on import too
      const expected = [si(a, b), si(a, c), `sg_${group.groupID}`];
      expect(list.map((x) => x.conversationID).sort()).toEqual(expected.sort());
      // its own messages count as read; carol's tip (sent from her, as the reference does) is the one unread
      const unread = Object.fromEntries(list.map((x) => [x.conversationID, x.unreadCount]));
      expect(unread).toEqual({ [si(a, b)]: 0, [si(a, c)]: 1, [`sg_${group.groupID}`]: 0 });
      expect((await fresh.sdk.getTotalUnreadMsgCount()).data).toBe(1);
      expect(failedCalls(fresh)).toEqual([]);
    });

    it('a large first sync: 200 conversations reach a fresh SDK, complete and in pages', async () => {
      const [a, ...peers] = await users(201);
      await suite.server().admin('/msg/batch_send_msg', {
        sendID: a,
        senderPlatformID: 1,
        contentType: 101,
        sessionType: 1,
        content: { content: 'hello everyone' },
        recvIDs: peers,
      });
      const alice = await loggedIn(a);
      const pages = [];
      for (let offset = 0; offset < 300; offset += 100) {
        pages.push((await alice.sdk.getConversationListSplit({ offset, count: 100 })).data);
      }
      expect(pages.map((p) => p.length)).toEqual([100, 100, 0]);
      expect(new Set(pages.flat().map((x) => x.conversationID))).toEqual(new Set(peers.map((p) => si(a, p))));
      expect((JSON.parse(pages[1][99].latestMsg) as MessageItem).textElem?.content).toBe('hello everyone');
      expect(failedCalls(alice)).toEqual([]);
    });

    it('an admin force_logout kicks the SDK offline and its token no longer logs in', async () => {
      const [u] = await users(1);
      const s = await loggedIn(u, 5);
      const token = s.token;
      await suite.server().admin('/auth/force_logout', { userID: u, platformID: 5 });
      await s.next(CbEvents.OnKickedOffline);

      const again = suite.track(new SdkUser(suite.server(), u, 5));
      expect(await again.connect(token)).toMatchObject({ event: CbEvents.OnConnectFailed });
    });
  });
}
