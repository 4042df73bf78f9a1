import { errOf, expectOk, registerUsers, sendText, si, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

describe('send options and receive settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const maxSeq = async (userID: string, cid: string) => {
    const res = await t.post('/msg/newest_seq', { userID }, await userToken(t, userID));
    return (res.body.data.maxSeqs as Record<string, number>)[cid] ?? 0;
  };

  it('stores nothing for online-only messages and typing, but answers the send', async () => {
    const [a, b] = await registerUsers(t, 2);
    await sendText(t, a.userID, b.userID, 'stored');
    const online = await sendText(t, a.userID, b.userID, 'ephemeral', { isOnlineOnly: true });
    expect(online.serverMsgID).toMatch(/^[0-9a-f]{32}$/);
    const typing = await t.post(
      '/msg/send_msg',
      {
        recvID: b.userID,
        sendMsg: { sendID: a.userID, content: { msgTips: 'yes' }, contentType: 113, sessionType: 1 },
      },
      await t.adminToken(),
    );
    expectOk(typing.body);
    expect(await maxSeq(b.userID, si(a.userID, b.userID))).toBe(1);
  });

  it("honours the receiver's global receive option: 1 refuses (1001, nothing stored), 2 delivers", async () => {
    const [a, b] = await registerUsers(t, 2);
    const tb = await userToken(t, b.userID);
    expectOk((await t.post('/user/set_global_msg_recv_opt', { userID: b.userID, globalRecvMsgOpt: 1 }, tb)).body);
    const refused = await t.post(
      '/msg/send_msg',
      { recvID: b.userID, sendMsg: { sendID: a.userID, content: { content: 'x' }, contentType: 101, sessionType: 1 } },
      await t.adminToken(),
    );
    expect(errOf(refused.body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining('not sent') });
    expect(await maxSeq(a.userID, si(a.userID, b.userID))).toBe(0);
    expectOk((await t.post('/user/set_global_msg_recv_opt', { userID: b.userID, globalRecvMsgOpt: 2 }, tb)).body);
    await sendText(t, a.userID, b.userID, 'quiet');
    expect(await maxSeq(b.userID, si(a.userID, b.userID))).toBe(1);
  });

  it('validates each content type by its shape', async () => {
    const [a, b] = await registerUsers(t, 2);
    const admin = await t.adminToken();
    const post = (contentType: number, content: object) =>
      t.post(
        '/msg/send_msg',
        { recvID: b.userID, sendMsg: { sendID: a.userID, content, contentType, sessionType: 1 } },
        admin,
      );
    const pic = { type: 'jpg', width: 10, height: 10, url: 'https://x/y.jpg' };
    const good: [number, object][] = [
      [102, { sourcePicture: pic, bigPicture: pic, snapshotPicture: pic }],
      [103, { sourceUrl: 'https://x/a.mp3', duration: 3 }],
      [
        104,
        {
          videoUrl: 'u',
          videoType: 'mp4',
          videoSize: 10,
          duration: 2,
          snapshotUrl: 's',
          snapshotWidth: 1,
          snapshotHeight: 1,
        },
      ],
      [105, { sourceUrl: 'u', fileName: 'a.pdf', fileSize: 3 }],
      [106, { text: 'hi', atUserList: [b.userID] }],
      [108, { userID: b.userID, nickname: 'B' }],
      [109, { description: 'here', longitude: 1.5, latitude: 2.5 }],
      [110, { data: '{"k":1}' }],
      [114, { text: 'reply', quoteMessage: { clientMsgID: 'x' } }],
      [115, { index: 1, data: 'smile' }],
      [107, { title: 'chat', multiMessage: [] }],
    ];
    for (const [contentType, content] of good) {
      expect({ contentType, errCode: (await post(contentType, content)).body.errCode }).toEqual({
        contentType,
        errCode: 0,
      });
    }
    const bad: [number, object, string][] = [
      [102, { sourcePicture: pic, bigPicture: pic }, 'snapshotPicture'],
      [102, { sourcePicture: { ...pic, width: 'wide' }, bigPicture: pic, snapshotPicture: pic }, 'sourcePicture.width'],
      [103, { sourceUrl: 'u', duration: 0 }, 'duration'],
      [105, { sourceUrl: 'u', fileName: 'a.pdf' }, 'fileSize'],
      [106, { text: 'hi' }, 'atUserList'],
      [106, { atUserList: Array.from({ length: 1001 }, (_, i) => `u${i}`) }, 'atUserList'],
      [109, { longitude: '1', latitude: 2 }, 'longitude'],
      [110, { description: 'no data' }, 'data'],
    ];
    for (const [contentType, content, field] of bad) {
      const res = await post(contentType, content);
      expect({ contentType, ...errOf(res.body) }).toEqual({
        contentType,
        errCode: 1001,
        errDlt: expect.stringContaining(field),
      });
    }
  });

  it('lets only app administrators and notification accounts send OA notifications (1400), into sn_ conversations', async () => {
    const [user, target] = await registerUsers(t, 2);
    const admin = await t.adminToken();
    const account = await t.post('/user/add_notification_account', { nickName: 'bell', appMangerLevel: 3 }, admin);
    const oa = { notificationName: 'Bell', notificationType: 1, text: 'maintenance tonight', mixType: 0 };
    const send = (sendID: string, contentType = 1400) =>
      t.post(
        '/msg/send_msg',
        { recvID: target.userID, sendMsg: { sendID, content: oa, contentType, sessionType: 4 } },
        admin,
      );
    expect(errOf((await send(user.userID)).body).errCode).toBe(1002);
    expectOk((await send(account.body.data.userID)).body);
    // The API document's number for the OA notification, 1201, is accepted as 1400.
    expectOk((await send(account.body.data.userID, 1201)).body);
    const sn = [account.body.data.userID, target.userID].sort();
    expect(await maxSeq(target.userID, `sn_${sn[0]}_${sn[1]}`)).toBe(2);
  });
});
