import { expectArgsError, expectOk, registerUsers, uniqueID, userToken } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/* Refusals with 1001 that the fuzz suite found without the field named in errDlt. */
describe('1001 details name the field', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('get_admin_token for a userID that is not an administrator', async () => {
    const [u] = await registerUsers(t);
    const res = await t.post('/auth/get_admin_token', { userID: u.userID, secret: t.config.secret });
    expectArgsError(res.body, `userID ${u.userID}`);
  });

  it('get_user_token and update_notification_account for the wrong kind of account', async () => {
    const account = uniqueID('n');
    const added = await t.post(
      '/user/add_notification_account',
      { userID: account, nickName: 'bell', appMangerLevel: 3 },
      admin,
    );
    expectOk(added.body);
    const token = await t.post('/auth/get_user_token', { userID: account, platformID: 1 }, admin);
    expectArgsError(token.body, `userID ${account}`);

    const [u] = await registerUsers(t);
    const update = await t.post('/user/update_notification_account', { userID: u.userID, nickName: 'x' }, admin);
    expectArgsError(update.body, `userID ${u.userID}`);
  });

  it('send_msg to a user who receives no messages', async () => {
    const [a, b] = await registerUsers(t, 2);
    const tb = await userToken(t, b.userID);
    expectOk((await t.post('/user/set_global_msg_recv_opt', { userID: b.userID, globalRecvMsgOpt: 1 }, tb)).body);
    const sendMsg = { sendID: a.userID, content: { content: 'hi' }, contentType: 101, sessionType: 1 };
    const res = await t.post('/msg/send_msg', { recvID: b.userID, sendMsg }, admin);
    expectArgsError(res.body, `recvID ${b.userID}`);
  });
});
