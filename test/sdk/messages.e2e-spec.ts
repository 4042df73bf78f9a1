import { wasmSuite } from './wasm/browser';
import {
  conversation,
  createGroup,
  history,
  received,
  sendText,
  sg,
  si,
  texts,
  type History,
  type Msg,
} from './wasm/im';
import type { WasmUser } from './wasm/user';
import { WasmWorld } from './wasm/world';

jest.setTimeout(120_000);

interface SearchResult {
  totalCount: number;
  searchResultItems?: { conversationID: string; messageList: Msg[] }[];
  findResultItems?: { conversationID: string; messageList: Msg[] }[];
}

/** What happens to messages in the Web SDK: history, search, revoke, delete, read receipts, typing, @-mentions. */
wasmSuite('messages')('Web SDK: messages', () => {
  const world = new WasmWorld();
  let a: string, b: string, c: string;
  let alice: WasmUser, bob: WasmUser, carol: WasmUser;
  let gid = '';

  beforeAll(async () => {
    await world.start();
    [a, b, c] = await world.register('alice', 'bob', 'carol');
    await world.befriend(a, b, c);
    [alice, bob, carol] = await Promise.all([world.login(a), world.login(b), world.login(c)]);
  });
  afterAll(() => world.stop());

  it('history pages backwards and forwards, also from an empty local database', async () => {
    for (let i = 1; i <= 5; i++) await sendText(alice, { recvID: b }, `h${i}`);
    await received(bob, (m) => m.textElem?.content === 'h5');
    const fresh = await world.login(b); // a second web login replaces bob's first
    await bob.waitEvent('OnKickedOffline');
    const cid = si(a, b);
    const newest = await fresh.call<History>('getAdvancedHistoryMessageList', {
      conversationID: cid,
      count: 2,
      startClientMsgID: '',
      viewType: 0,
    });
    expect(texts(newest.messageList)).toEqual(['h4', 'h5']);
    const older = await fresh.call<History>('getAdvancedHistoryMessageList', {
      conversationID: cid,
      count: 2,
      startClientMsgID: newest.messageList[0].clientMsgID,
      viewType: 0,
    });
    expect(texts(older.messageList)).toEqual(['h2', 'h3']);
    const later = await fresh.call<History>('getAdvancedHistoryMessageListReverse', {
      conversationID: cid,
      count: 2,
      startClientMsgID: older.messageList[0].clientMsgID,
      viewType: 0,
    });
    expect(texts(later.messageList)).toEqual(['h3', 'h4']);
    await fresh.close();
    await bob.restart();
  });

  it('messages are found by ID, with the local ex set on them', async () => {
    await sendText(alice, { recvID: b }, 'find the needle here');
    const hit = await received(bob, (m) => m.textElem?.content === 'find the needle here');
    // searchLocalMessages is left out: in this SDK build the core passes the worker 8 arguments where the
    // worker's keyword query takes 9 (a sender list before the keywords), so it fails on every call.
    await bob.call('setMessageLocalEx', { conversationID: si(a, b), clientMsgID: hit.clientMsgID, localEx: 'starred' });
    const byID = await bob.call<SearchResult>('findMessageList', [
      { conversationID: si(a, b), clientMsgIDList: [hit.clientMsgID] },
    ]);
    expect(byID.findResultItems?.[0].messageList[0]).toMatchObject({
      clientMsgID: hit.clientMsgID,
      localEx: 'starred',
    });
  });

  it('a revoked message is replaced by the revoke tip on the other side', async () => {
    const sent = await sendText(alice, { recvID: b }, 'oops');
    await received(bob, (m) => m.clientMsgID === sent.clientMsgID);
    await alice.call('revokeMessage', { conversationID: si(a, b), clientMsgID: sent.clientMsgID });
    const revoked = await bob.waitEvent<{ clientMsgID: string; revokerID: string }>(
      'OnNewRecvMessageRevoked',
      (r) => r.clientMsgID === sent.clientMsgID,
    );
    expect(revoked.revokerID).toBe(a);
    const shown = (await history(bob, si(a, b))).find((m) => m.clientMsgID === sent.clientMsgID);
    expect(shown?.contentType).toBe(2101);
  });

  it('delete locally hides a message on this device only; delete on the server also for a fresh login', async () => {
    const keep = await sendText(alice, { recvID: b }, 'local delete');
    const gone = await sendText(alice, { recvID: b }, 'server delete');
    await received(bob, (m) => m.clientMsgID === gone.clientMsgID);
    const cid = si(a, b);
    await bob.call('deleteMessageFromLocalStorage', { conversationID: cid, clientMsgID: keep.clientMsgID });
    await bob.call('deleteMessage', { conversationID: cid, clientMsgID: gone.clientMsgID });
    const ids = (await history(bob, cid)).map((m) => m.clientMsgID);
    expect(ids).not.toContain(keep.clientMsgID);
    expect(ids).not.toContain(gone.clientMsgID);
    const fresh = await world.login(b);
    const again = (await history(fresh, cid)).map((m) => m.clientMsgID);
    expect(again).toContain(keep.clientMsgID);
    expect(again).not.toContain(gone.clientMsgID);
    await fresh.close();
    await bob.restart();
  });

  it('reading a single chat tells the sender (read receipt) and clears the unread count', async () => {
    const sent = await sendText(alice, { recvID: b }, 'read me');
    await received(bob, (m) => m.clientMsgID === sent.clientMsgID);
    expect((await conversation(bob, si(a, b)))?.unreadCount).toBeGreaterThan(0);
    await bob.call('markConversationMessageAsRead', si(a, b));
    await alice.waitEvent<{ userID: string; msgIDList: string[] }[]>('OnRecvC2CReadReceipt', (rs) =>
      rs.some((r) => r.userID === b && r.msgIDList.includes(sent.clientMsgID)),
    );
    expect((await conversation(bob, si(a, b)))?.unreadCount).toBe(0);
    const mine = (await history(alice, si(a, b))).find((m) => m.clientMsgID === sent.clientMsgID);
    expect(mine?.isRead).toBe(true);
  });

  it('typing: the peer sees the input state change', async () => {
    await alice.call('changeInputStates', { conversationID: si(a, b), focus: true });
    await bob.waitEvent<{ conversationID: string; userID: string; platformIDs: number[] }>(
      'OnConversationUserInputStatusChanged',
      (s) => s.userID === a && s.platformIDs.includes(5),
    );
    await alice.call('changeInputStates', { conversationID: si(a, b), focus: false });
    await bob.waitEvent<{ userID: string; platformIDs: number[] }>(
      'OnConversationUserInputStatusChanged',
      (s) => s.userID === a && s.platformIDs.length === 0,
    );
    // the deprecated form sends a typing message (113, online only) that the receiving core hands to its input
    // state tracker only, which shows nothing for it: the send being accepted is all an app sees
    await alice.call('typingStatusUpdate', { recvID: b, msgTip: 'typing...' });
  });

  it('an @-mention marks the mentioned member’s group conversation live; reading clears it', async () => {
    gid = (await createGroup(alice, [b, c])).groupID;
    await carol.waitEvent<{ groupID: string }>('OnJoinedGroupAdded', (g) => g.groupID === gid);
    const message = await alice.call<Msg>('createTextAtMessage', {
      text: `@${c} look`,
      atUserIDList: [c],
      atUsersInfo: [{ atUserID: c, groupNickname: 'Carol' }],
    });
    await alice.call('sendMessage', { recvID: '', groupID: gid, message });
    const got = await received(carol, (m) => m.clientMsgID === message.clientMsgID);
    expect(got).toMatchObject({ contentType: 106, atTextElem: { atUserList: [c] } });
    await carol.waitEvent<{ conversationID: string; groupAtType: number }[]>('OnConversationChanged', (cs) =>
      cs.some((x) => x.conversationID === sg(gid) && x.groupAtType === 1),
    );
    await carol.call('resetConversationGroupAtType', sg(gid));
    expect((await conversation(carol, sg(gid)))?.groupAtType).toBe(0);
  });

  it('reading a group conversation clears its unread count, also for the next fresh login', async () => {
    await sendText(alice, { groupID: gid }, 'group news');
    await received(bob, (m) => m.textElem?.content === 'group news');
    expect((await conversation(bob, sg(gid)))?.unreadCount).toBeGreaterThan(0);
    await bob.call('markConversationMessageAsRead', sg(gid));
    expect((await conversation(bob, sg(gid)))?.unreadCount).toBe(0);
    const fresh = await world.login(b);
    expect((await conversation(fresh, sg(gid)))?.unreadCount).toBe(0);
    await fresh.close();
    await bob.restart();
  });

  it('messages inserted locally show in the history without reaching the server', async () => {
    const message = await bob.call<Msg>('createTextMessage', 'note to self');
    await bob.call('insertSingleMessageToLocalStorage', { message, recvID: a, sendID: b });
    expect(texts(await history(bob, si(a, b)))).toContain('note to self');
    const groupNote = await bob.call<Msg>('createTextMessage', 'group note');
    await bob.call('insertGroupMessageToLocalStorage', { message: groupNote, groupID: gid, sendID: b });
    expect(texts(await history(bob, sg(gid)))).toContain('group note');
    expect(texts(await history(alice, si(a, b)))).not.toContain('note to self');
  });
});
