import { CbEvents, type MessageItem } from '@openim/client-sdk';
import { ConnectionRegistry } from '../../../src/gateway/connection-registry';
import { CloseCode } from '../../../src/gateway/ws-connection';
import { registerUsers, si } from '../../helpers/fixtures';
import { sdkSuite, SdkUser } from '../../helpers/sdk-client';
import type { TestApp } from '../../helpers/test-app';

/** The official JS SDK across sessions: offline sync after logout, reconnect after a dropped socket, kick. */
describe('JS SDK: sessions', () => {
  const suite = sdkSuite();
  const loggedIn = suite.loggedIn;
  let t: TestApp;
  beforeAll(() => {
    t = suite.app();
  });

  async function sendFromSdk(s: SdkUser, recvID: string, text: string): Promise<MessageItem> {
    const { data: message } = await s.sdk.createTextMessage(text);
    return (await s.sdk.sendMessage({ recvID, groupID: '', message })).data;
  }

  function texts(messages: MessageItem[]): (string | undefined)[] {
    return messages.map((m) => m.textElem?.content);
  }

  function received(s: SdkUser): MessageItem[] {
    return s.dataOf<MessageItem[]>(CbEvents.OnRecvNewMessages).flat();
  }

  it('after a logout, what was sent meanwhile is in the conversation list and the history at the next login', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await loggedIn(a.userID);
    const bob = await loggedIn(b.userID, 2);
    await sendFromSdk(alice, b.userID, 'before');
    await bob.until(() => bob.dataOf(CbEvents.OnRecvNewMessages).length === 1, 'the first message');
    await bob.logout();

    await sendFromSdk(alice, b.userID, 'while away 1');
    await sendFromSdk(alice, b.userID, 'while away 2');
    expect((await bob.login(t)).event).toBe(CbEvents.OnSyncServerFinish);

    const { data: list } = await bob.sdk.getConversationListSplit({ offset: 0, count: 20 });
    expect(list).toEqual([expect.objectContaining({ conversationID: si(a.userID, b.userID), unreadCount: 3 })]);
    expect((JSON.parse(list[0].latestMsg) as MessageItem).textElem?.content).toBe('while away 2');
    const { data: history } = await bob.sdk.getAdvancedHistoryMessageList({
      conversationID: si(a.userID, b.userID),
      count: 20,
      startClientMsgID: '',
    });
    expect(texts(history.messageList)).toEqual(['before', 'while away 1', 'while away 2']);
    expect(history.isEnd).toBe(true);
  });

  // Without the messages sent while it was away: this SDK's gap pull on reconnect (1006, then 1002) throws before
  // it sends anything (it builds the ranges from `[].concat(map.entries())`, one iterator, not the entries), so what
  // it missed reaches the app only through a new login (the test above). Reported; not a server matter.
  it('after a dropped socket, the SDK reconnects by itself on the same token and receives again', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await loggedIn(a.userID);
    const bob = await loggedIn(b.userID, 2);
    await sendFromSdk(alice, b.userID, 'before');
    await bob.until(() => received(bob).length === 1, 'the first message');

    const from = bob.events.length;
    const registry = t.app.get(ConnectionRegistry);
    for (const conn of registry.of(b.userID)) conn.close(CloseCode.GoingAway, 'network gone');
    expect(registry.of(b.userID).size).toBe(0);
    // the SDK retries after its fixed 5 s interval; a same-token reconnect is not a new login (no kick)
    await bob.next(CbEvents.OnConnectSuccess, from, 15_000);
    expect(await bob.next([CbEvents.OnSyncServerFinish, CbEvents.OnSyncServerFailed], from)).toMatchObject({
      event: CbEvents.OnSyncServerFinish,
    });
    expect(registry.platforms(b.userID)).toEqual([2]);
    expect(bob.events.slice(from).map((e) => e.event)).not.toContain(CbEvents.OnKickedOffline);

    await sendFromSdk(alice, b.userID, 'after');
    await bob.until(() => received(bob).length === 2, 'the message after the reconnect');
    expect(received(bob).map((m) => [m.seq, m.textElem?.content])).toEqual([
      [1, 'before'],
      [2, 'after'],
    ]);
  }, 30_000);

  it('a second login on the same platform kicks the first SDK offline, and its token stays refused', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await loggedIn(a.userID);
    const first = await loggedIn(b.userID, 5);
    const kickedToken = first.token;

    const second = await loggedIn(b.userID, 5);
    await first.next(CbEvents.OnKickedOffline);
    expect(t.app.get(ConnectionRegistry).platforms(b.userID)).toEqual([5]);

    const sent = await sendFromSdk(alice, b.userID, 'to the new session');
    await second.until(() => second.dataOf(CbEvents.OnRecvNewMessages).length === 1, 'the message');
    expect(second.dataOf<MessageItem[]>(CbEvents.OnRecvNewMessages)[0][0].clientMsgID).toBe(sent.clientMsgID);
    expect(first.dataOf(CbEvents.OnRecvNewMessages)).toEqual([]);

    // the kicked token is refused at the handshake (1506), which the SDK reports as being kicked
    const again = suite.track(new SdkUser(b.userID, 5));
    const failed = await again.connect(t, kickedToken);
    expect(failed).toMatchObject({ event: CbEvents.OnConnectFailed, errCode: 1506 });
    expect(again.events.map((e) => e.event)).toContain(CbEvents.OnKickedOffline);
  });
});
