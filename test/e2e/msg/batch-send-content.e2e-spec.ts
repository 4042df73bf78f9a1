import { errOf, expectArgsError, expectOk, newestSeqs, registerUsers } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

/** Contents send_msg refuses, each with the field its 1001 must name. */
const BAD: [string, number, unknown, string][] = [
  ['text content as a number', 101, { content: 5 }, 'content.content'],
  ['text content as an array', 101, { content: ['a'] }, 'content.content'],
  ['text content as an object', 101, { content: { a: 1 } }, 'content.content'],
  ['text content missing', 101, {}, 'content.content'],
  ['empty text', 101, { content: '' }, 'content.content'],
  ['a picture without its big picture', 102, { sourcePicture: {}, snapshotPicture: {} }, 'content.sourcePicture'],
  ['a custom message with a numeric data', 110, { data: 1 }, 'content.data'],
  ['an @ list of numbers', 106, { text: 'hi', atUserList: [1, 2] }, 'content.atUserList'],
  ['an OA notification (1201) without text', 1201, { notificationName: 'n', notificationType: 1 }, 'content.text'],
  ['an unknown content type', 999, { content: 'x' }, 'contentType'],
  ['content over 256 KiB', 101, { content: 'x'.repeat(300 * 1024) }, 'content'],
];

describe('batch_send_msg validates content as send_msg does', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const message = (sendID: string, contentType: number, content: unknown) => ({
    sendID,
    senderPlatformID: 1,
    contentType,
    content,
    sessionType: 1,
  });

  it.each(BAD)('%s: both routes answer the same 1001 and store nothing', async (_, contentType, content, field) => {
    const [a, b, c] = await registerUsers(t, 3);
    const single = await t.post(
      '/msg/send_msg',
      { recvID: b.userID, sendMsg: message(a.userID, contentType, content) },
      admin,
    );
    expectArgsError(single.body, field);
    const nested = await t.post(
      '/msg/batch_send_msg',
      { sendMsg: message(a.userID, contentType, content), recvIDs: [b.userID, c.userID] },
      admin,
    );
    expect(errOf(nested.body)).toEqual(errOf(single.body));
    const flat = await t.post(
      '/msg/batch_send_msg',
      { ...message(a.userID, contentType, content), recvIDs: [b.userID] },
      admin,
    );
    expect(errOf(flat.body)).toEqual(errOf(single.body));
    for (const u of [a, b, c]) expect(await newestSeqs(t, u.userID)).toEqual({});
  });

  it('good content still reaches every recipient', async () => {
    const [a, b, c] = await registerUsers(t, 3);
    const res = await t.post(
      '/msg/batch_send_msg',
      { sendMsg: message(a.userID, 101, { content: 'hello' }), recvIDs: [b.userID, c.userID] },
      admin,
    );
    expectOk(res.body);
    expect(res.body.data).toMatchObject({ failedUserIDs: [] });
    expect((res.body.data as { results: { recvID: string }[] }).results.map((r) => r.recvID).sort()).toEqual(
      [b.userID, c.userID].sort(),
    );
  });
});
