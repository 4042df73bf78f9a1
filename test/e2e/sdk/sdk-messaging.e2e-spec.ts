import { CbEvents, MessageStatus, type ConversationItem, type MessageItem, type RevokedInfo } from '@openim/client-sdk';
import { createGroup, readSeqs, registerUsers, sendGroupText, sendText, si } from '../../helpers/fixtures';
import { sdkSuite, SdkUser } from '../../helpers/sdk-client';
import type { TestApp } from '../../helpers/test-app';

/** The official JS SDK (@openim/client-sdk 0.0.14) against the real app: login, messages, unread, read, revoke. */
describe('JS SDK: messaging', () => {
  const suite = sdkSuite();
  const loggedIn = suite.loggedIn;
  let t: TestApp;
  beforeAll(() => {
    t = suite.app();
  });

  /** Texts of the messages the SDK handed to the app through OnRecvNewMessages, in order. */
  function received(s: SdkUser): MessageItem[] {
    return s.dataOf<MessageItem[]>(CbEvents.OnRecvNewMessages).flat();
  }

  async function sendFromSdk(s: SdkUser, recvID: string, text: string, groupID = ''): Promise<MessageItem> {
    const { data: message } = await s.sdk.createTextMessage(text);
    return (await s.sdk.sendMessage({ recvID, groupID, message })).data;
  }

  it('logs in: connects, syncs with the server, and knows who it is', async () => {
    const [u] = await registerUsers(t, 1);
    const s = suite.track(new SdkUser(u.userID, 5));
    const end = await s.login(t);

    expect(s.events.map((e) => e.event).slice(0, 3)).toEqual([
      CbEvents.OnConnecting,
      CbEvents.OnConnectSuccess,
      CbEvents.OnSyncServerStart,
    ]);
    expect(end.event).toBe(CbEvents.OnSyncServerFinish);
    // every call of the sync answered with success
    const calls = s.restCalls();
    expect(calls.filter((c) => c.status !== 200 || c.errCode !== 0)).toEqual([]);
    expect(calls.map((c) => c.path)).toEqual(
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
    expect((await s.sdk.getSelfUserInfo()).data).toMatchObject({ userID: u.userID, nickname: u.nickname });
  });

  it('shows the conversations waiting at login with their last message and unread count', async () => {
    const [a, b] = await registerUsers(t, 2);
    await sendText(t, a.userID, b.userID, 'one');
    await sendText(t, a.userID, b.userID, 'two');
    const bob = await loggedIn(b.userID);

    const { data: list } = await bob.sdk.getConversationListSplit({ offset: 0, count: 20 });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ conversationID: si(a.userID, b.userID), userID: a.userID, unreadCount: 2 });
    expect((JSON.parse(list[0].latestMsg) as MessageItem).textElem?.content).toBe('two');
    expect((await bob.sdk.getTotalUnreadMsgCount()).data).toBe(2);
  });

  it('single chat: what one SDK sends, the peer SDK receives with its text', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await loggedIn(a.userID);
    const bob = await loggedIn(b.userID, 1);

    const sent = await sendFromSdk(alice, b.userID, 'hello bob');
    expect(sent).toMatchObject({ status: MessageStatus.Succeed, sendID: a.userID });
    expect(sent.serverMsgID).not.toBe('');
    await bob.until(() => received(bob).length === 1, 'the message');
    expect(received(bob)[0]).toMatchObject({
      clientMsgID: sent.clientMsgID,
      serverMsgID: sent.serverMsgID,
      sendID: a.userID,
      recvID: b.userID,
      seq: 1,
      textElem: { content: 'hello bob' },
    });

    const reply = await sendFromSdk(bob, a.userID, 'hello alice');
    await alice.until(() => received(alice).length === 1, 'the reply');
    expect(received(alice)[0]).toMatchObject({
      clientMsgID: reply.clientMsgID,
      seq: 2,
      textElem: { content: 'hello alice' },
    });
    // the echo of one's own send (same operationID) is not shown as a new message
    expect(received(bob)).toHaveLength(1);
    expect(received(alice)).toHaveLength(1);
  });

  // Receiving only: an SDK sends into a group after asking /group/get_groups_info and /group/get_group_members_info,
  // which the group module (another branch) serves; the sender here goes through send_msg.
  it('group chat: every member SDK receives a group message with its text', async () => {
    const [owner, m1, m2] = await registerUsers(t, 3);
    const groupID = await createGroup(t, owner.userID, [m1.userID, m2.userID]);
    const one = await loggedIn(m1.userID);
    const two = await loggedIn(m2.userID);

    const { serverMsgID } = await sendGroupText(t, owner.userID, groupID, 'hello group');
    for (const s of [one, two]) {
      await s.until(() => received(s).length === 1, 'the group message');
      expect(received(s)[0]).toMatchObject({
        serverMsgID,
        groupID,
        sessionType: 3,
        sendID: owner.userID,
        textElem: { content: 'hello group' },
      });
    }
    const conversation = (await one.sdk.getConversationListSplit({ offset: 0, count: 20 })).data[0];
    expect(conversation).toMatchObject({ conversationID: `sg_${groupID}`, groupID, unreadCount: 1 });
  });

  it('counts unread messages as they arrive and clears them on mark-as-read, on the server too', async () => {
    const [a, b] = await registerUsers(t, 2);
    const cid = si(a.userID, b.userID);
    await sendText(t, a.userID, b.userID, 'm1');
    const bob = await loggedIn(b.userID);
    const alice = await loggedIn(a.userID, 1);
    await sendFromSdk(alice, b.userID, 'm2');
    await sendFromSdk(alice, b.userID, 'm3');
    await bob.until(() => bob.dataOf<number>(CbEvents.OnTotalUnreadMessageCountChanged).at(-1) === 3, 'unread 3');
    expect((await bob.sdk.getOneConversation({ sourceID: a.userID, sessionType: 1 })).data.unreadCount).toBe(3);

    await bob.sdk.markConversationMessageAsRead(cid);
    await bob.until(() => bob.dataOf<number>(CbEvents.OnTotalUnreadMessageCountChanged).at(-1) === 0, 'unread 0');
    const read = (c: ConversationItem) => c.conversationID === cid && c.unreadCount === 0;
    await bob.until(() => bob.dataOf<ConversationItem[]>(CbEvents.OnConversationChanged).flat().some(read), 'read');
    expect((await readSeqs(t, b.userID))[cid]).toMatchObject({ maxSeq: 3, hasReadSeq: 3 });
    // the sender learns it was read (2200 receipt)
    const receipt = await alice.next(CbEvents.OnRecvC2CReadReceipt);
    expect(receipt.data).toEqual([expect.objectContaining({ userID: b.userID })]);
    // and it stays read: a new login starts from the server's read position
    await bob.logout();
    await bob.login(t);
    expect((await bob.sdk.getTotalUnreadMsgCount()).data).toBe(0);
  });

  it('revoke: the peer SDK sees the message revoked', async () => {
    const [a, b] = await registerUsers(t, 2);
    const cid = si(a.userID, b.userID);
    const alice = await loggedIn(a.userID);
    const bob = await loggedIn(b.userID, 1);
    const sent = await sendFromSdk(alice, b.userID, 'oops');
    await bob.until(() => received(bob).some((m) => m.clientMsgID === sent.clientMsgID), 'the message');
    // the SDK revokes only messages it holds: its own come into its cache with their echo
    await alice.handledPush(sent.clientMsgID);

    await alice.sdk.revokeMessage({ conversationID: cid, clientMsgID: sent.clientMsgID });
    const revoked = await bob.next(CbEvents.OnNewRecvMessageRevoked);
    expect(revoked.data as RevokedInfo).toMatchObject({
      clientMsgID: sent.clientMsgID,
      revokerID: a.userID,
      sourceMessageSendID: a.userID,
      seq: 1,
    });
    const { data: history } = await bob.sdk.getAdvancedHistoryMessageList({
      conversationID: cid,
      count: 20,
      startClientMsgID: '',
    });
    expect(history.messageList.at(-1)).toMatchObject({ clientMsgID: sent.clientMsgID, contentType: 2101 });
    // a new login reads it from the server as revoked, not from the SDK's memory
    await bob.logout();
    await bob.login(t);
    const { data: fresh } = await bob.sdk.getAdvancedHistoryMessageList({
      conversationID: cid,
      count: 20,
      startClientMsgID: '',
    });
    expect(fresh.messageList).toEqual([expect.objectContaining({ clientMsgID: sent.clientMsgID, contentType: 2101 })]);
  });
});
