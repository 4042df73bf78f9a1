import { contentOf, pullMsgs, registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { textMsg, WsTestClient } from '../../helpers/ws-client';

/**
 * Elements as the official SDKs build them are accepted on the gateway, whatever the REST shapes say: the
 * reference's send path checks relations and group rules, never the content's shape. The admin REST routes keep
 * the shapes the reference's API validates.
 */
const SDK_ELEMENTS: { name: string; contentType: number; content: Record<string, unknown> }[] = [
  {
    // the Web SDK's createImageMessageByFile: the snapshot has no type and a size of 0
    name: 'picture with an untyped snapshot',
    contentType: 102,
    content: {
      sourcePath: '',
      sourcePicture: { uuid: 'u1', type: 'image/png', size: 2048, width: 640, height: 640, url: 'http://x/a.png' },
      bigPicture: { uuid: 'u1', type: 'image/png', size: 2048, width: 640, height: 640, url: 'http://x/a.png' },
      snapshotPicture: { size: 0, width: 640, height: 640, url: 'http://x/a.png?type=image&width=640' },
    },
  },
  {
    name: 'video whose snapshot size is unknown',
    contentType: 104,
    content: {
      videoPath: '',
      videoUUID: 'v1',
      videoUrl: 'http://x/v.mp4',
      videoType: 'video/mp4',
      videoSize: 1024,
      duration: 3,
      snapshotPath: '',
      snapshotUUID: '',
      snapshotSize: 0,
      snapshotUrl: 'http://x/v.jpg',
      snapshotWidth: 0,
      snapshotHeight: 0,
    },
  },
  { name: 'voice shorter than a second', contentType: 103, content: { sourceUrl: 'http://x/s.m4a', duration: 0 } },
];

describe('message contents as the official SDKs send them', () => {
  let t: TestApp;
  const clients: WsTestClient[] = [];
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => t.close());

  /** A Web client (platform 5) of the user, closed after the test. */
  async function webClient(userID: string): Promise<WsTestClient> {
    const c = await WsTestClient.connect(t, { userID, token: await userToken(t, userID, 5), platformID: 5 });
    clients.push(c);
    return c;
  }

  it.each(SDK_ELEMENTS)('$name: accepted from the gateway and read back as sent', async (el) => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await webClient(a.userID);
    const sent = await alice.sendMsg(
      textMsg(a.userID, b.userID, '', {
        contentType: el.contentType,
        content: Buffer.from(JSON.stringify(el.content)),
      }),
    );
    expect(sent).toMatchObject({ errCode: 0 });
    const conv = `si_${[a.userID, b.userID].sort().join('_')}`;
    const [stored] = await pullMsgs(t, b.userID, conv);
    expect(stored).toMatchObject({ contentType: el.contentType, sendID: a.userID });
    expect(contentOf(stored)).toEqual(el.content);
  });

  it.each(SDK_ELEMENTS)('$name: the admin send_msg keeps the REST shapes (1001 naming the field)', async (el) => {
    const [a, b] = await registerUsers(t, 2);
    const res = await t.post(
      '/msg/send_msg',
      {
        recvID: b.userID,
        sendMsg: { sendID: a.userID, contentType: el.contentType, sessionType: 1, content: el.content },
      },
      await t.adminToken(),
    );
    expect(res.body).toMatchObject({ errCode: 1001, errDlt: expect.stringMatching(/^content\./) as unknown });
  });

  it('still refused from the gateway: an unknown contentType and content that is not an object', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await webClient(a.userID);
    const unknown = await alice.sendMsg(textMsg(a.userID, b.userID, 'x', { contentType: 99_999 }));
    expect(unknown.errCode).toBe(1001);
    const notObject = await alice.sendMsg(textMsg(a.userID, b.userID, '', { content: Buffer.from('"text"') }));
    expect(notObject.errCode).toBe(1001);
  });
});
