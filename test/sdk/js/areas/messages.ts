import {
  CbEvents,
  GroupAtType,
  MessageStatus,
  type ConversationItem,
  type GroupItem,
  type MessageItem,
  type RevokedInfo,
} from '@openim/client-sdk';
import { failedCalls, received, type SdkSuite, send, type SdkUser } from '../harness';
import { si } from '../server';

type AdvancedHistory = (p: { conversationID: string; count: number; startClientMsgID: string }) => Promise<{
  data: { messageList: MessageItem[]; isEnd: boolean };
}>;

/** The JS SDK's message operations: send, revoke, delete, history both ways, @-mentions, group read marks. */
export function messagesArea(suite: SdkSuite): void {
  describe('messages', () => {
    const { loggedIn, users } = suite;

    const texts = (list: MessageItem[]) => list.filter((m) => m.contentType === 101).map((m) => m.textElem?.content);
    const history = async (s: SdkUser, conversationID: string, count = 20, startClientMsgID = '') =>
      (await s.sdk.getAdvancedHistoryMessageList({ conversationID, count, startClientMsgID })).data;
    async function relogin(s: SdkUser): Promise<void> {
      await s.logout();
      await s.login();
    }

    it('send and revoke: the peer receives the message, then sees it revoked, also after a new login', async () => {
      const [a, b] = await users(2);
      const cid = si(a, b);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const sent = await send(alice, { recvID: b }, 'oops');
      expect(sent).toMatchObject({ status: MessageStatus.Succeed, sendID: a });
      expect(sent.serverMsgID).not.toBe('');
      await bob.until(() => received(bob).some((m) => m.clientMsgID === sent.clientMsgID), 'the message');
      expect(received(bob)[0]).toMatchObject({
        serverMsgID: sent.serverMsgID,
        recvID: b,
        textElem: { content: 'oops' },
      });
      // the SDK revokes only messages it holds: its own come into its cache with their echo
      await alice.handledPush(sent.clientMsgID);

      await alice.sdk.revokeMessage({ conversationID: cid, clientMsgID: sent.clientMsgID });
      const revoked = await bob.next(CbEvents.OnNewRecvMessageRevoked);
      expect(revoked.data as RevokedInfo).toMatchObject({ clientMsgID: sent.clientMsgID, revokerID: a, seq: 1 });
      expect((await history(bob, cid)).messageList.at(-1)).toMatchObject({
        clientMsgID: sent.clientMsgID,
        contentType: 2101,
      });
      await relogin(bob);
      expect((await history(bob, cid)).messageList).toEqual([
        expect.objectContaining({ clientMsgID: sent.clientMsgID, contentType: 2101 }),
      ]);
    });

    it('history backwards and forwards, in pages', async () => {
      const [a, b] = await users(2);
      const cid = si(a, b);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      for (const t of ['1', '2', '3', '4', '5']) await send(alice, { recvID: b }, t);
      await bob.until(() => received(bob).length === 5, 'five messages');
      await relogin(bob);

      const newest = await history(bob, cid, 2);
      expect([texts(newest.messageList), newest.isEnd]).toEqual([['4', '5'], false]);
      const older = await history(bob, cid, 2, newest.messageList[0].clientMsgID);
      expect(texts(older.messageList)).toEqual(['2', '3']);
      const oldest = await history(bob, cid, 2, older.messageList[0].clientMsgID);
      expect([texts(oldest.messageList), oldest.isEnd]).toEqual([['1'], true]);

      // forwards from the oldest: not in the SDK's declared API, yet on the object
      const reverse = (bob.sdk as unknown as { getAdvancedHistoryMessageListReverse: AdvancedHistory })
        .getAdvancedHistoryMessageListReverse;
      const start = older.messageList[0].clientMsgID;
      const newer = await reverse({ conversationID: cid, count: 3, startClientMsgID: start });
      // this SDK pulls forwards from the start message's own seq, so the page begins with it (the Go core's starts after)
      expect(texts(newer.data.messageList)).toEqual(['2', '3', '4']);
    });

    it('delete one message and then all: gone for this user on every login, kept by the peer', async () => {
      const [a, b] = await users(2);
      const cid = si(a, b);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      await send(alice, { recvID: b }, 'keep');
      const m2 = await send(alice, { recvID: b }, 'drop');
      await bob.until(() => received(bob).length === 2, 'two messages');
      await bob.handledPush(m2.clientMsgID);

      await bob.sdk.deleteMessage({ conversationID: cid, clientMsgID: m2.clientMsgID });
      expect(texts((await history(bob, cid)).messageList)).toEqual(['keep']);
      await relogin(bob);
      expect(texts((await history(bob, cid)).messageList)).toEqual(['keep']);

      await bob.sdk.deleteAllMsgFromLocalAndSvr();
      await relogin(bob);
      expect((await history(bob, cid)).messageList).toEqual([]);
      expect(texts((await history(alice, cid)).messageList)).toEqual(['keep', 'drop']);
    });

    it('@-mention in a group: the member gets the text with the mention, and its conversation shows "@ me" live', async () => {
      const [a, b, c] = await users(3);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const { data: group } = await alice.sdk.createGroup({ memberUserIDs: [b, c], groupInfo: { groupName: 'at' } });
      const groupID = group.groupID;
      const cid = `sg_${groupID}`;
      await bob.until(() => bob.dataOf<GroupItem>(CbEvents.OnJoinedGroupAdded).some((g) => g.groupID === groupID));
      const first = await send(alice, { groupID }, 'hello all');
      await bob.until(() => received(bob).some((m) => m.clientMsgID === first.clientMsgID), 'the first message');

      const { data: at } = await alice.sdk.createTextAtMessage({
        text: `@${b} look`,
        atUserIDList: [b],
        atUsersInfo: [{ atUserID: b, groupNickname: 'Bob' }],
      });
      const sent = await send(alice, { groupID }, at);
      await bob.until(() => received(bob).some((m) => m.clientMsgID === sent.clientMsgID), 'the mention');
      expect(received(bob).at(-1)).toMatchObject({
        contentType: 106,
        atTextElem: { text: `@${b} look`, atUserList: [b] },
      });
      const atType = (type: GroupAtType) => (x: ConversationItem) => x.conversationID === cid && x.groupAtType === type;
      const seen = (s: SdkUser, type: GroupAtType) =>
        s.until(
          () => s.dataOf<ConversationItem[]>(CbEvents.OnConversationChanged).flat().some(atType(type)),
          `groupAtType ${type}`,
        );
      await seen(bob, GroupAtType.AtMe);

      // @all ("AtAllTag"): every other member sees "@ all"; one also named sees "@ all and me"
      const carol = await loggedIn(c, 2);
      const { data: all } = await alice.sdk.createTextAtMessage({
        text: '@all and bob',
        atUserIDList: ['AtAllTag', b],
      });
      await send(alice, { groupID }, all);
      await seen(carol, GroupAtType.AtAll);
      await seen(bob, GroupAtType.AtAllAtMe);
      expect((await carol.sdk.getOneConversation({ sourceID: groupID, sessionType: 3 })).data.groupAtType).toBe(
        GroupAtType.AtAll,
      );
    });

    it('group read marks: reading clears the unread count, and the other device reads it so at its next login', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const phone = await loggedIn(b, 2);
      const { data: group } = await alice.sdk.createGroup({ memberUserIDs: [b], groupInfo: { groupName: 'read' } });
      const cid = `sg_${group.groupID}`;
      const sent = await send(alice, { groupID: group.groupID }, 'news');
      for (const s of [bob, phone]) {
        await s.until(() => received(s).some((m) => m.clientMsgID === sent.clientMsgID), 'the message');
      }
      // the group-created tip counts too: the reference sends a tip shown as a message with its unread flag set
      const unreadOn = async (s: SdkUser) =>
        (await s.sdk.getOneConversation({ sourceID: group.groupID, sessionType: 3 })).data.unreadCount;
      expect(await unreadOn(phone)).toBe(2);

      await bob.sdk.markConversationMessageAsRead(cid);
      const read = (x: ConversationItem) => x.conversationID === cid && x.unreadCount === 0;
      await bob.until(() => bob.dataOf<ConversationItem[]>(CbEvents.OnConversationChanged).flat().some(read), 'read');
      // SDK defect: it drops the 2200 read notification of its own user, so another device of the reader learns of
      // the read only from the server at its next login
      await relogin(phone);
      expect(await unreadOn(phone)).toBe(0);
      expect(failedCalls(alice, bob, phone)).toEqual([]);
    });
  });
}
