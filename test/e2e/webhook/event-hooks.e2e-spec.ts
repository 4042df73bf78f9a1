import { errOf, expectOk, pullMsgs, registerUsers, si, uniqueID, userInfo, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { CONTINUE, validSignature, WebhookReceiver } from '../../helpers/webhook-receiver';
import { textMsg, WsTestClient } from '../../helpers/ws-client';
import { call, newGroup, ok, people } from '../group/group-helpers';

const SECRET = 'events-secret';
const REFUSE = { actionCode: 1, errCode: 5100, errMsg: 'NotAllowed', errDlt: 'the receiver says no' };

describe('webhooks on register, friends, groups and connections', () => {
  const receiver = new WebhookReceiver();
  let t: TestApp;
  beforeAll(async () => {
    const url = await receiver.start();
    t = await startTestApp({ listen: true, env: { WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET } });
  });
  afterEach(() => (receiver.behave = () => CONTINUE));
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  const register = async (userIDs: string[]) =>
    (await t.post('/user/user_register', { users: userIDs.map((userID) => ({ userID })) }, await t.adminToken()))
      .body as { errCode: number };

  it('beforeUserRegister refuses a registration (nothing stored) or changes the profiles', async () => {
    const banned = uniqueID('banned');
    receiver.behave = (c) =>
      c.command === 'callbackBeforeUserRegisterCommand' && JSON.stringify(c.body.users).includes(banned)
        ? REFUSE
        : CONTINUE;
    const other = uniqueID();
    expect(await register([other, banned])).toMatchObject({ errCode: 5100, errMsg: 'NotAllowed' });
    expect(await userInfo(t, banned)).toBeUndefined();
    expect(await userInfo(t, other)).toBeUndefined();

    const renamed = uniqueID();
    receiver.behave = (c) =>
      c.command === 'callbackBeforeUserRegisterCommand'
        ? { ...CONTINUE, users: [{ userID: renamed, nickname: 'given by the receiver' }] }
        : CONTINUE;
    expectOk(await register([renamed]));
    expect(await userInfo(t, renamed)).toMatchObject({ nickname: 'given by the receiver' });
    const after = await receiver.waitFor(
      (c) => c.command === 'callbackAfterUserRegisterCommand' && JSON.stringify(c.body.users).includes(renamed),
    );
    expect(validSignature(after, SECRET)).toBe(true);
    expect(after.body).toMatchObject({
      callbackCommand: 'callbackAfterUserRegisterCommand',
      users: [expect.objectContaining({ userID: renamed, nickname: 'given by the receiver' })],
    });
  });

  it('beforeAddFriend refuses an application; afterAddFriend tells of a stored one', async () => {
    const [a, b, c] = await people(t, 3);
    receiver.behave = (x) =>
      x.command === 'callbackBeforeAddFriendCommand' && x.body.toUserID === c.userID ? REFUSE : CONTINUE;
    const refused = await call(t, a, '/friend/add_friend', { fromUserID: a.userID, toUserID: c.userID, reqMsg: 'hi' });
    expect(refused).toMatchObject({ errCode: 5100 });
    const toC = await ok<{ count: number }>(t, c, '/friend/get_self_unhandled_apply_count', { userID: c.userID });
    expect(toC.count).toBe(0);

    await ok(t, a, '/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID, reqMsg: 'hello', ex: 'e' });
    const before = receiver.of('callbackBeforeAddFriendCommand').find((x) => x.body.toUserID === b.userID)!;
    expect(before.body).toEqual({
      callbackCommand: 'callbackBeforeAddFriendCommand',
      fromUserID: a.userID,
      toUserID: b.userID,
      reqMsg: 'hello',
      ex: 'e',
    });
    const after = await receiver.waitFor(
      (x) => x.command === 'callbackAfterAddFriendCommand' && x.body.toUserID === b.userID,
    );
    expect(after.body).toEqual({
      callbackCommand: 'callbackAfterAddFriendCommand',
      fromUserID: a.userID,
      toUserID: b.userID,
      reqMsg: 'hello',
    });
  });

  it('beforeCreateGroup refuses a group; create, join and quit are told afterwards', async () => {
    const [owner, member, joiner] = await people(t, 3);
    receiver.behave = (x) =>
      x.command === 'callbackBeforeCreateGroupCommand' && x.body.groupName === 'forbidden' ? REFUSE : CONTINUE;
    const refused = await call(t, owner, '/group/create_group', {
      memberUserIDs: [member.userID],
      groupInfo: { groupName: 'forbidden', groupType: 2 },
    });
    expect(errOf(refused).errCode).toBe(5100);
    const joined = await ok<{ total: number }>(t, owner, '/group/get_joined_group_list', {
      fromUserID: owner.userID,
      pagination: { pageNumber: 1, showNumber: 10 },
    });
    expect(joined.total).toBe(0);

    const g = await newGroup(t, owner, [member], { groupInfo: { needVerification: 2 } });
    const created = await receiver.waitFor(
      (x) => x.command === 'callbackAfterCreateGroupCommand' && x.body.groupID === g.groupID,
    );
    expect(created.body).toMatchObject({
      groupName: 'team',
      ownerUserID: owner.userID,
      memberCount: 2,
      initMemberList: [
        { userID: owner.userID, roleLevel: 100 },
        { userID: member.userID, roleLevel: 20 },
      ],
    });

    await ok(t, joiner, '/group/join_group', { groupID: g.groupID, joinSource: 3, inviterUserID: joiner.userID });
    const join = await receiver.waitFor(
      (x) => x.command === 'callbackAfterJoinGroupCommand' && x.body.groupID === g.groupID,
    );
    expect(join.body).toMatchObject({ joinSource: 3, inviterUserID: joiner.userID, userID: joiner.userID });

    await ok(t, joiner, '/group/quit_group', { groupID: g.groupID });
    const quit = await receiver.waitFor(
      (x) => x.command === 'callbackAfterQuitGroupCommand' && x.body.groupID === g.groupID,
    );
    expect(quit.body).toEqual({
      callbackCommand: 'callbackAfterQuitGroupCommand',
      groupID: g.groupID,
      userID: joiner.userID,
    });
  });

  it('a WebSocket connection is told online when it opens and offline when it closes', async () => {
    const [u] = await registerUsers(t, 1);
    const client = await WsTestClient.connect(t, {
      userID: u.userID,
      platformID: 5,
      token: await userToken(t, u.userID, 5),
    });
    const online = await receiver.waitFor(
      (x) => x.command === 'callbackAfterUserOnlineCommand' && x.body.userID === u.userID,
    );
    expect(online.body).toMatchObject({ platformID: 5, platform: expect.any(String), isAppBackground: false });
    client.close();
    const offline = await receiver.waitFor(
      (x) => x.command === 'callbackAfterUserOfflineCommand' && x.body.userID === u.userID,
    );
    expect(offline.body).toMatchObject({ platformID: 5, connID: online.body.connID });
    expect(validSignature(offline, SECRET)).toBe(true);
  });

  it('a send over the gateway (1003) goes through the same before-hook', async () => {
    const [a, b] = await registerUsers(t, 2);
    receiver.behave = (x) =>
      x.command === 'callbackBeforeSendSingleMsgCommand' && x.body.sendID === a.userID ? REFUSE : CONTINUE;
    const client = await WsTestClient.connect(t, { userID: a.userID, token: await userToken(t, a.userID) });
    try {
      const resp = await client.sendMsg(textMsg(a.userID, b.userID, 'over ws'));
      expect(resp).toMatchObject({ reqIdentifier: 1003, errCode: 5100, errMsg: 'NotAllowed' });
      expect(await pullMsgs(t, b.userID, si(a.userID, b.userID))).toEqual([]);
    } finally {
      client.close();
    }
  });
});
