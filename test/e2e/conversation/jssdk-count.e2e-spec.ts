import { PbCoder } from '@openim/protocol';
import request from 'supertest';
import type { App } from 'supertest/types';
import { registerUsers, sendText } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { Client, clientOf, dataOf, listOf, sendClock } from './conversation-helpers';

/** More conversations than the default page, so that "count out of range → 100" is visible. */
const PEERS = 102;

describe('/jssdk/get_active_conversations: count out of range means 100', () => {
  const at = sendClock();
  let t: TestApp;
  let a: Client;

  beforeAll(async () => {
    t = await startTestApp();
    const [sender, ...peers] = await registerUsers(t, PEERS + 1);
    a = await clientOf(t, sender.userID);
    const res = await t.post(
      '/msg/batch_send_msg',
      {
        sendMsg: {
          sendID: a.userID,
          senderPlatformID: 1,
          content: { content: 'hi all' },
          contentType: 101,
          sessionType: 1,
        },
        recvIDs: peers.map((p) => p.userID),
      },
      await t.adminToken(),
    );
    expect(listOf(dataOf(res).failedUserIDs)).toEqual([]);
  });
  afterAll(() => t.close());

  const countJson = async (count: number) =>
    listOf(dataOf(await a.post('/jssdk/get_active_conversations', { count })).conversations).length;

  const countProtobuf = async (count: number) => {
    const res = await request(t.app.getHttpServer() as App)
      .post('/jssdk/get_active_conversations')
      .set('operationID', 'jssdk-count')
      .set('token', a.token)
      .set('Content-Type', 'application/x-protobuf')
      .send(Buffer.from(PbCoder.GetActiveConversationsReq.encode({ ownerUserID: '', count }).finish()));
    return PbCoder.GetActiveConversationsResp.decode(Buffer.from(dataOf(res) as string, 'base64')).conversations.length;
  };

  it.each([
    [0, 100],
    [-3, 100],
    [501, 100],
    [100_000, 100],
    [7, 7],
    [101, 101],
    [500, PEERS],
  ])('count %p returns %p conversations (JSON and protobuf)', async (count, expected) => {
    expect(await countJson(count)).toBe(expected);
    expect(await countProtobuf(count)).toBe(expected);
  });

  it('the unread count covers every active conversation, not only the returned ones', async () => {
    const [writer, other] = await registerUsers(t, 2);
    await sendText(t, writer.userID, a.userID, 'unread for a', at());
    await sendText(t, a.userID, other.userID, 'newest, read');
    const top = dataOf(await a.post('/jssdk/get_active_conversations', { count: 1 }));
    const [newest] = listOf(top.conversations);
    expect(newest.user.userID).toBe(other.userID);
    expect(newest.maxSeq - newest.readSeq).toBe(0);
    expect(top.unreadCount).toBe(1);
  });
});
