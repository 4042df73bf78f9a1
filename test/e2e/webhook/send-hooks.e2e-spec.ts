import request from 'supertest';
import type { App } from 'supertest/types';
import { contentOf, createGroup, expectOk, pullMsgs, registerUsers, sendText, si } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { CONTINUE, HookCall, validSignature, WebhookReceiver } from '../../helpers/webhook-receiver';

const SECRET = 'receiver-secret';

function singleSend(sendID: string, recvID: string, text: string) {
  return {
    recvID,
    sendMsg: { sendID, senderPlatformID: 1, content: { content: text }, contentType: 101, sessionType: 1 },
  };
}

const isCmd = (c: HookCall, command: string, sendID: string) => c.command === command && c.body.sendID === sendID;

describe('webhooks on the send path (WEBHOOK_FAILED_CONTINUE=false)', () => {
  const receiver = new WebhookReceiver();
  let t: TestApp;
  beforeAll(async () => {
    const url = await receiver.start();
    t = await startTestApp({
      env: { WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET, WEBHOOK_TIMEOUT_MS: '1500', WEBHOOK_FAILED_CONTINUE: 'false' },
    });
  });
  afterEach(() => (receiver.behave = () => CONTINUE));
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('a refusal from beforeSendSingleMsg reaches the sender with its errCode and nothing is stored', async () => {
    const [a, b] = await registerUsers(t, 2);
    receiver.behave = (c) =>
      isCmd(c, 'callbackBeforeSendSingleMsgCommand', a.userID)
        ? { actionCode: 1, errCode: 5001, errMsg: 'BannedWord', errDlt: 'no swearing here', nextCode: 0 }
        : CONTINUE;
    const res = await t.post('/msg/send_msg', singleSend(a.userID, b.userID, 'darn'), await t.adminToken());
    expect(res.body).toEqual({ errCode: 5001, errMsg: 'BannedWord', errDlt: 'no swearing here' });
    expect(await pullMsgs(t, b.userID, si(a.userID, b.userID))).toEqual([]);
    const call = receiver.of('callbackBeforeSendSingleMsgCommand').find((c) => c.body.sendID === a.userID)!;
    expect(call.body).toMatchObject({
      callbackCommand: 'callbackBeforeSendSingleMsgCommand',
      sendID: a.userID,
      recvID: b.userID,
      sessionType: 1,
      contentType: 101,
      content: JSON.stringify({ content: 'darn' }),
      serverMsgID: expect.any(String),
      clientMsgID: expect.any(String),
      senderNickname: a.nickname,
      operationID: expect.any(String),
    });
    // nextCode 1 stops too; a refusal without a code of its own answers 80000
    receiver.behave = (c) =>
      isCmd(c, 'callbackBeforeSendSingleMsgCommand', a.userID) ? { actionCode: 0, nextCode: 1 } : CONTINUE;
    const again = await t.post('/msg/send_msg', singleSend(a.userID, b.userID, 'darn'), await t.adminToken());
    expect(again.body).toMatchObject({ errCode: 80000, errMsg: 'CallbackError' });
    expect(await pullMsgs(t, b.userID, si(a.userID, b.userID))).toEqual([]);
  });

  it('beforeSendGroupMsg may refuse a group message', async () => {
    const [owner, member] = await registerUsers(t, 2);
    const groupID = await createGroup(t, owner.userID, [member.userID]);
    receiver.behave = (c) =>
      c.command === 'callbackBeforeSendGroupMsgCommand' && c.body.groupID === groupID
        ? { actionCode: 1, errCode: 5002, errMsg: 'GroupClosed' }
        : CONTINUE;
    const res = await t.post(
      '/msg/send_msg',
      { sendMsg: { sendID: member.userID, groupID, content: { content: 'hi' }, contentType: 101, sessionType: 3 } },
      await t.adminToken(),
    );
    expect(res.body).toMatchObject({ errCode: 5002, errMsg: 'GroupClosed' });
    expect((await pullMsgs(t, owner.userID, `sg_${groupID}`)).filter((m) => m.contentType === 101)).toEqual([]);
  });

  it('beforeMsgModify replaces the content of a text message: the stored message is the changed one', async () => {
    const [a, b] = await registerUsers(t, 2);
    receiver.behave = (c) =>
      isCmd(c, 'callbackBeforeMsgModifyCommand', a.userID)
        ? { ...CONTINUE, content: JSON.stringify({ content: 'h*llo' }) }
        : CONTINUE;
    const sent = await sendText(t, a.userID, b.userID, 'hello');
    expect(sent).toMatchObject({ modify: { content: JSON.stringify({ content: 'h*llo' }) } });
    const [stored] = await pullMsgs(t, b.userID, si(a.userID, b.userID));
    expect(contentOf(stored)).toEqual({ content: 'h*llo' });
    // a replacement that does not fit the content type is refused, not stored
    receiver.behave = (c) =>
      isCmd(c, 'callbackBeforeMsgModifyCommand', a.userID) ? { ...CONTINUE, content: '{"text":1}' } : CONTINUE;
    const bad = await t.post('/msg/send_msg', singleSend(a.userID, b.userID, 'x'), await t.adminToken());
    expect(bad.body).toMatchObject({ errCode: 90007 });
    expect(await pullMsgs(t, b.userID, si(a.userID, b.userID))).toHaveLength(1);
  });

  it('after-hooks arrive signed, with their callbackCommand and the stored message', async () => {
    const [a, b] = await registerUsers(t, 2);
    const sent = await sendText(t, a.userID, b.userID, 'signed');
    expect(sent).not.toHaveProperty('modify');
    const call = await receiver.waitFor((c) => isCmd(c, 'callbackAfterSendSingleMsgCommand', a.userID));
    expect(validSignature(call, SECRET)).toBe(true);
    expect(validSignature(call, 'another-secret')).toBe(false);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toMatchObject({
      callbackCommand: 'callbackAfterSendSingleMsgCommand',
      sendID: a.userID,
      recvID: b.userID,
      serverMsgID: sent.serverMsgID,
      clientMsgID: sent.clientMsgID,
      seq: 1,
      contentType: 101,
      content: JSON.stringify({ content: 'signed' }),
    });

    const groupID = await createGroup(t, a.userID, [b.userID]);
    const res = await t.post(
      '/msg/send_msg',
      { sendMsg: { sendID: b.userID, groupID, content: { content: 'g' }, contentType: 101, sessionType: 3 } },
      await t.adminToken(),
    );
    expectOk(res.body);
    const group = await receiver.waitFor((c) => isCmd(c, 'callbackAfterSendGroupMsgCommand', b.userID));
    expect(validSignature(group, SECRET)).toBe(true);
    expect(group.body).toMatchObject({ groupID, sessionType: 3, seq: expect.any(Number) });
  });

  it('a beforeSendSingleMsg receiver that never answers fails the send at the timeout with 90004', async () => {
    const [a, b] = await registerUsers(t, 2);
    receiver.behave = (c) => (isCmd(c, 'callbackBeforeSendSingleMsgCommand', a.userID) ? 'hang' : CONTINUE);
    const res = await t.post('/msg/send_msg', singleSend(a.userID, b.userID, 'late'), await t.adminToken());
    expect(res.body).toMatchObject({ errCode: 90004, errMsg: 'NetworkError' });
    expect(await pullMsgs(t, b.userID, si(a.userID, b.userID))).toEqual([]);
    const metrics = await request(t.app.getHttpServer() as App).get('/metrics');
    expect(metrics.text).toMatch(/webhook_requests_total\{hook="beforeSendSingleMsg",result="failed"\} [1-9]/);
    expect(metrics.text).toMatch(/webhook_requests_total\{hook="beforeSendSingleMsg",result="refused"\} [1-9]/);
  });

  it('an after-hook receiver that holds every request open does not hold up sends', async () => {
    const [a, b] = await registerUsers(t, 2);
    receiver.behave = (c) => (c.command.startsWith('callbackAfter') ? 'hang' : CONTINUE);
    const admin = await t.adminToken();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.post('/msg/send_msg', singleSend(a.userID, b.userID, `m${i}`), admin)),
    );
    expect(results.map((r) => (r.body as { errCode: number }).errCode)).toEqual(Array(20).fill(0));
    expect(await pullMsgs(t, b.userID, si(a.userID, b.userID))).toHaveLength(20);
    await receiver.waitFor((c) => isCmd(c, 'callbackAfterSendSingleMsgCommand', a.userID));
    expect(receiver.hanging).toBeGreaterThan(0);
  });
});

describe('webhooks on the send path (WEBHOOK_FAILED_CONTINUE=true)', () => {
  const receiver = new WebhookReceiver();
  let t: TestApp;
  beforeAll(async () => {
    const url = await receiver.start();
    t = await startTestApp({
      env: { WEBHOOK_URL: url, WEBHOOK_HOOKS: 'beforeSendSingleMsg', WEBHOOK_TIMEOUT_MS: '300' },
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('a receiver that never answers: the send goes on after the timeout and the message is stored', async () => {
    const [a, b] = await registerUsers(t, 2);
    receiver.behave = () => 'hang';
    await sendText(t, a.userID, b.userID, 'anyway');
    const [stored] = await pullMsgs(t, b.userID, si(a.userID, b.userID));
    expect(contentOf(stored)).toEqual({ content: 'anyway' });
    // unsigned without WEBHOOK_SECRET; only the enabled hook was called
    const call = receiver.of('callbackBeforeSendSingleMsgCommand')[0];
    expect(call.headers['x-openim-signature']).toBeUndefined();
    expect(receiver.calls.every((c) => c.command === 'callbackBeforeSendSingleMsgCommand')).toBe(true);
  });

  it('a refusal still refuses', async () => {
    const [a, b] = await registerUsers(t, 2);
    receiver.behave = () => ({ actionCode: 1, errCode: 5003, errMsg: 'No' });
    const res = await t.post('/msg/send_msg', singleSend(a.userID, b.userID, 'x'), await t.adminToken());
    expect(res.body).toMatchObject({ errCode: 5003 });
    expect(await pullMsgs(t, b.userID, si(a.userID, b.userID))).toEqual([]);
  });
});
