import {
  createGroup,
  errOf,
  expectArgsError,
  expectOk,
  registerUsers,
  sendGroupText,
  sendText,
  userToken,
} from '../../helpers/fixtures';
import { eventually, PushReceiver } from '../../helpers/push-receiver';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { WsTestClient } from '../../helpers/ws-client';

/*
 * Offline push through the webhook provider, whose receiver is a local HTTP server: who is pushed, with what title
 * and badge. "No push" is shown by a later push to another user arriving while none came for the first message
 * (the queue is drained in order).
 */
describe('offline push (webhook)', () => {
  let t: TestApp;
  let hook: PushReceiver;

  beforeAll(async () => {
    hook = await PushReceiver.start();
    t = await startTestApp({
      listen: true,
      env: { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: `${hook.url}/push`, PUSH_POLL_MS: '100' },
    });
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  const pushesOf = (userID: string) => hook.at('/push').filter((b) => b.userID === userID);
  const pushesFor = (clientMsgID: string) => hook.at('/push').filter((b) => b.clientMsgID === clientMsgID);

  /** One login per user and platform (a second login on a platform kicks the first, and its device's token). */
  const sessions = new Map<string, Promise<string>>();
  function session(userID: string, platformID = 2): Promise<string> {
    const key = `${userID}/${platformID}`;
    if (!sessions.has(key)) sessions.set(key, userToken(t, userID, platformID));
    return sessions.get(key)!;
  }

  async function device(userID: string, platformID = 2, fcmToken = `tok-${userID}-${platformID}`) {
    const res = await t.post(
      '/third/fcm_update_token',
      { platformID, fcmToken, account: userID, expireTime: 3600 },
      await session(userID, platformID),
    );
    expectOk(res.body);
    return fcmToken;
  }

  /** A message to a fresh offline user with a device, and its push: everything queued before it was handled. */
  async function sentinel(): Promise<void> {
    const [s, r] = await registerUsers(t, 2);
    await device(r.userID);
    const sent = await sendText(t, s.userID, r.userID, 'sentinel');
    await eventually('the sentinel push', () => pushesFor(sent.clientMsgID).length === 1);
  }

  const pic = { type: 'jpg', width: 10, height: 10, url: 'https://x/y.jpg' };

  it('an offline recipient: one push per device with the type title and the badge after set_app_badge', async () => {
    const [a, b] = await registerUsers(t, 2);
    const android = await device(b.userID, 2);
    const ios = await device(b.userID, 1);
    const badge = await t.post(
      '/third/set_app_badge',
      { userID: b.userID, appUnreadCount: 4 },
      await session(b.userID),
    );
    expectOk(badge.body);

    const sent = await sendText(t, a.userID, b.userID, 'hello', {
      contentType: 102,
      content: { sourcePicture: pic, bigPicture: pic, snapshotPicture: pic },
    });
    await eventually('both devices pushed', () => pushesFor(sent.clientMsgID).length === 2);
    const got = pushesFor(sent.clientMsgID);
    expect(got.map((g) => g.token).sort()).toEqual([android, ios].sort());
    for (const g of got) {
      expect(g).toMatchObject({ userID: b.userID, title: '[PICTURE]', desc: '[PICTURE]', badge: 5, sendID: a.userID });
    }
    await sentinel();
    expect(pushesOf(b.userID)).toHaveLength(2);
    expect(pushesOf(a.userID)).toHaveLength(0);
  });

  it("offlinePushInfo's title and desc are used", async () => {
    const [a, b] = await registerUsers(t, 2);
    await device(b.userID);
    const sent = await sendText(t, a.userID, b.userID, 'hi', {
      offlinePushInfo: {
        title: 'Alice',
        desc: 'sent you a message',
        ex: 'x',
        iOSPushSound: 'ding',
        iOSBadgeCount: true,
      },
    });
    await eventually('the push', () => pushesFor(sent.clientMsgID).length === 1);
    expect(pushesFor(sent.clientMsgID)[0]).toMatchObject({
      title: 'Alice',
      desc: 'sent you a message',
      ex: 'x',
      badge: 1,
    });
  });

  it('an online recipient (Android connected) gets no offline push', async () => {
    const [a, b] = await registerUsers(t, 2);
    await device(b.userID);
    const ws = await WsTestClient.connect(t, {
      userID: b.userID,
      token: await session(b.userID),
      platformID: 2,
    });
    try {
      const sent = await sendText(t, a.userID, b.userID, 'you are here');
      await ws.until(() => ws.pushes.length > 0);
      await sentinel();
      expect(pushesFor(sent.clientMsgID)).toEqual([]);
    } finally {
      ws.ws.close();
    }
  });

  it('an iOS app in background (2004) or a Web session alone does not count as online: pushed', async () => {
    const [a, b, c] = await registerUsers(t, 3);
    await device(b.userID, 1);
    await device(c.userID, 2);
    const ios = await WsTestClient.connect(t, { userID: b.userID, token: await session(b.userID, 1), platformID: 1 });
    const web = await WsTestClient.connect(t, { userID: c.userID, token: await session(c.userID, 5), platformID: 5 });
    try {
      const bg = Buffer.concat([Buffer.from([0x0a, b.userID.length]), Buffer.from(b.userID), Buffer.from([0x10, 1])]);
      expect((await ios.request(2004, bg)).errCode).toBe(0);
      const toIos = await sendText(t, a.userID, b.userID, 'away');
      const toWeb = await sendText(t, a.userID, c.userID, 'at the desk');
      await eventually(
        'both pushed',
        () => pushesFor(toIos.clientMsgID).length + pushesFor(toWeb.clientMsgID).length === 2,
      );
      await web.until(() => web.pushes.length > 0);
    } finally {
      ios.ws.close();
      web.ws.close();
    }
  });

  it('notOfflinePush (options.offlinePush = false) causes no push', async () => {
    const [a, b] = await registerUsers(t, 2);
    await device(b.userID);
    const sent = await sendText(t, a.userID, b.userID, 'quiet', { notOfflinePush: true });
    await sentinel();
    expect(pushesFor(sent.clientMsgID)).toEqual([]);
  });

  it('a group: members who muted it are skipped unless @-mentioned by name; the sender is never pushed', async () => {
    const [owner, loud, muted] = await registerUsers(t, 3);
    for (const u of [owner, loud, muted]) await device(u.userID);
    const groupID = await createGroup(t, owner.userID, [loud.userID, muted.userID]);
    const first = await sendGroupText(t, owner.userID, groupID, 'first');
    await eventually('the first push', () => pushesFor(first.clientMsgID).length === 2);
    const set = await t.post(
      '/conversation/set_conversations',
      {
        userIDs: [muted.userID],
        conversation: { conversationID: `sg_${groupID}`, conversationType: 3, groupID, recvMsgOpt: 2 },
      },
      await session(muted.userID),
    );
    expectOk(set.body);

    const plain = await sendGroupText(t, owner.userID, groupID, 'plain');
    await eventually('the plain push', () => pushesFor(plain.clientMsgID).length === 1);
    expect(pushesFor(plain.clientMsgID)[0]).toMatchObject({ userID: loud.userID, title: '[TEXT]' });

    const at = await sendGroupText(t, owner.userID, groupID, 'look', {
      contentType: 106,
      content: { text: 'look', atUserList: [muted.userID] },
    });
    await eventually('the @ pushes', () => pushesFor(at.clientMsgID).length === 2).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(pushesFor(at.clientMsgID))}`);
    });
    const byUser = Object.fromEntries(pushesFor(at.clientMsgID).map((p) => [p.userID, p.title]));
    expect(byUser).toEqual({ [muted.userID]: '[@TEXT]', [loud.userID]: '[GROUPMSG]' });
    expect(pushesOf(owner.userID)).toEqual([]);
  });

  it("a kicked platform's token is dropped: no push to it any more", async () => {
    const [a, b] = await registerUsers(t, 2);
    await device(b.userID, 2);
    const kick = await t.post('/auth/force_logout', { userID: b.userID, platformID: 2 }, await t.adminToken());
    expectOk(kick.body);
    // the token goes after the kick event: wait until a push would no longer find it
    await eventually('the token dropped', async () => {
      const sent = await sendText(t, a.userID, b.userID, 'after logout');
      await sentinel();
      return pushesFor(sent.clientMsgID).length === 0;
    });
  });

  describe('/third/fcm_update_token and /third/set_app_badge', () => {
    it('refuse bad input naming the field, and other users without admin', async () => {
      const [a, b] = await registerUsers(t, 2);
      const token = await userToken(t, a.userID, 2);
      const ok = { platformID: 2, fcmToken: 'x', account: a.userID, expireTime: 0 };
      expectArgsError((await t.post('/third/fcm_update_token', { ...ok, fcmToken: '' }, token)).body, 'fcmToken');
      expectArgsError((await t.post('/third/fcm_update_token', { ...ok, platformID: 0 }, token)).body, 'platformID');
      expectArgsError((await t.post('/third/fcm_update_token', { ...ok, expireTime: -1 }, token)).body, 'expireTime');
      expect(errOf((await t.post('/third/fcm_update_token', { ...ok, account: b.userID }, token)).body).errCode).toBe(
        1002,
      );
      expectOk((await t.post('/third/fcm_update_token', { ...ok, account: b.userID }, await t.adminToken())).body);
      const badge = { userID: a.userID, appUnreadCount: 1 };
      expectArgsError(
        (await t.post('/third/set_app_badge', { ...badge, appUnreadCount: -1 }, token)).body,
        'appUnreadCount',
      );
      expectArgsError(
        (await t.post('/third/set_app_badge', { ...badge, appUnreadCount: 2 ** 31 }, token)).body,
        'appUnreadCount',
      );
      expect(errOf((await t.post('/third/set_app_badge', { ...badge, userID: b.userID }, token)).body).errCode).toBe(
        1002,
      );
      expectOk((await t.post('/third/set_app_badge', badge, token)).body);
    });
  });
});
