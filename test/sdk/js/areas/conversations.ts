import { CbEvents, MessageReceiveOptType, type ConversationItem, type MessageItem } from '@openim/client-sdk';
import { failedCalls, received, type SdkSuite, send, type SdkUser } from '../harness';
import { makeFriends, si } from '../server';

/** The JS SDK's conversations: the list, unread counts and read marks, settings synced to every device, typing. */
export function conversationsArea(suite: SdkSuite): void {
  describe('conversations', () => {
    const { loggedIn, users } = suite;

    const changed = (s: SdkUser, cid: string, check: (c: ConversationItem) => boolean) =>
      s.until(
        () =>
          s
            .dataOf<ConversationItem[]>(CbEvents.OnConversationChanged)
            .flat()
            .some((c) => c.conversationID === cid && check(c)),
        'OnConversationChanged',
      );

    it('a fresh conversation: it appears, counts unread, and mark-as-read clears it and tells the sender', async () => {
      const [a, b, c] = await users(3);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const carol = await loggedIn(c, 2);
      const cid = si(a, b);

      // the first message of a conversation nobody has read from yet
      await send(alice, { recvID: b }, 'm1');
      await send(carol, { recvID: b }, 'from carol');
      await send(alice, { recvID: b }, 'm2');
      await bob.until(() => received(bob).length === 3, 'three messages');
      const news = bob.dataOf<ConversationItem[]>(CbEvents.OnNewConversation).flat();
      expect(news.map((n) => n.conversationID).sort()).toEqual([cid, si(b, c)].sort());
      const { data: one } = await bob.sdk.getOneConversation({ sourceID: a, sessionType: 1 });
      expect(one).toMatchObject({ conversationID: cid, userID: a, unreadCount: 2 });
      expect((JSON.parse(one.latestMsg) as MessageItem).textElem?.content).toBe('m2');
      // the list is newest first, and split pages it
      const { data: page1 } = await bob.sdk.getConversationListSplit({ offset: 0, count: 1 });
      const { data: page2 } = await bob.sdk.getConversationListSplit({ offset: 1, count: 1 });
      expect([...page1, ...page2].map((x) => x.conversationID)).toEqual([cid, si(b, c)]);

      // SDK defect: its running total counts a batch of pushes from the cached total, but the first message of a
      // conversation new to it does not update that total, so the live total is wrong here (1, not 3); the app
      // shows each conversation's own count, which is right, and the total is right again after the next login.
      await bob.until(() => bob.dataOf<number>(CbEvents.OnTotalUnreadMessageCountChanged).length > 0, 'a total');

      await bob.sdk.markConversationMessageAsRead(cid);
      await changed(bob, cid, (x) => x.unreadCount === 0);
      const receipt = await alice.next(CbEvents.OnRecvC2CReadReceipt);
      expect(receipt.data).toEqual([expect.objectContaining({ userID: b })]);
      // it stays read: a new login starts from the server's read position
      await bob.logout();
      await bob.login();
      expect((await bob.sdk.getTotalUnreadMsgCount()).data).toBe(1);
      expect((await bob.sdk.getOneConversation({ sourceID: a, sessionType: 1 })).data.unreadCount).toBe(0);
      expect(failedCalls(alice, bob, carol)).toEqual([]);
    });

    it('pin, receive option, private chat with burn duration: set on one device, seen on the other', async () => {
      const [a, b] = await users(2);
      await makeFriends(suite.server(), a, [b]);
      const alice = await loggedIn(a);
      const web = await loggedIn(b, 5);
      const phone = await loggedIn(b, 1);
      const cid = si(a, b);
      await send(alice, { recvID: b }, 'hi');
      for (const device of [web, phone]) await device.until(() => received(device).length === 1, 'the message');

      await web.sdk.setConversation({ conversationID: cid, isPinned: true });
      await changed(phone, cid, (x) => x.isPinned);
      await web.sdk.setConversation({ conversationID: cid, recvMsgOpt: MessageReceiveOptType.NotNotify });
      await changed(phone, cid, (x) => x.recvMsgOpt === MessageReceiveOptType.NotNotify);
      await web.sdk.setConversation({ conversationID: cid, isPrivateChat: true, burnDuration: 60 });
      await changed(phone, cid, (x) => x.isPrivateChat && x.burnDuration === 60);
      await web.sdk.setConversation({ conversationID: cid, ex: '{"draft":"half a thought"}' });
      await changed(phone, cid, (x) => x.ex === '{"draft":"half a thought"}');

      // a fresh login reads them all from the server
      await phone.logout();
      await phone.login();
      expect((await phone.sdk.getOneConversation({ sourceID: a, sessionType: 1 })).data).toMatchObject({
        isPinned: true,
        recvMsgOpt: MessageReceiveOptType.NotNotify,
        isPrivateChat: true,
        burnDuration: 60,
        ex: '{"draft":"half a thought"}',
      });
      expect(failedCalls(web, phone)).toEqual([]);
    });

    it("receive option 'not receive': the peer's sends are refused, others' still arrive", async () => {
      const [a, b, c] = await users(3);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const carol = await loggedIn(c, 2);
      await send(alice, { recvID: b }, 'before');
      await bob.until(() => received(bob).length === 1, 'the first message');

      await bob.sdk.setConversation({ conversationID: si(a, b), recvMsgOpt: MessageReceiveOptType.NotReceive });
      await changed(bob, si(a, b), (x) => x.recvMsgOpt === MessageReceiveOptType.NotReceive);
      // the sender's app is told the message was not sent (1001, as the reference's "message is not sent")
      const { data: ignored } = await alice.sdk.createTextMessage('ignored');
      await expect(alice.sdk.sendMessage({ recvID: b, groupID: '', message: ignored })).rejects.toMatchObject({
        errCode: 1001,
      });
      const sentinel = await send(carol, { recvID: b }, 'from carol');
      await bob.until(() => received(bob).some((m) => m.clientMsgID === sentinel.clientMsgID), "carol's message");
      expect(received(bob).map((m) => m.textElem?.content)).toEqual(['before', 'from carol']);
    });

    it('clear a conversation: its messages are gone, also for the next login; the peer keeps its copy', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const cid = si(a, b);
      await send(alice, { recvID: b }, 'one');
      await send(alice, { recvID: b }, 'two');
      await bob.until(() => received(bob).length === 2, 'two messages');
      const history = async (s: SdkUser) =>
        (await s.sdk.getAdvancedHistoryMessageList({ conversationID: cid, count: 20, startClientMsgID: '' })).data
          .messageList;

      // not in the SDK's declared API, yet on the object: the JS SDK's "delete conversation and all its messages"
      const sdk = bob.sdk as unknown as { deleteConversationAndDeleteAllMsg(id: string): Promise<unknown> };
      await sdk.deleteConversationAndDeleteAllMsg(cid);
      expect(await history(bob)).toEqual([]);
      await bob.logout();
      await bob.login();
      expect(await history(bob)).toEqual([]);
      expect((await history(alice)).map((m) => m.textElem?.content)).toEqual(['one', 'two']);
    });

    it('typing: the peer sees the input state change, and reads it back', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const cid = si(a, b);
      await send(alice, { recvID: b }, 'hello');
      await bob.until(() => received(bob).length === 1, 'the message');

      await alice.sdk.changeInputStates({ conversationID: cid, focus: true });
      const typing = await bob.next(CbEvents.OnConversationUserInputStatusChanged);
      expect(typing.data).toMatchObject({ conversationID: cid, userID: a, platformIDs: [5] });
      expect((await bob.sdk.getInputStates({ conversationID: cid, userID: a })).data).toEqual([5]);

      const from = bob.events.length;
      await alice.sdk.changeInputStates({ conversationID: cid, focus: false });
      const stopped = await bob.next(CbEvents.OnConversationUserInputStatusChanged, from);
      // SDK defect: on "stopped typing" it reports the change without dropping the typist's state, so platformIDs
      // empty only when that state expires (15 s); the app sees the event now.
      expect(stopped.data).toMatchObject({ conversationID: cid, userID: a });
    });
  });
}
