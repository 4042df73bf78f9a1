import {
  errOf,
  expectArgsError,
  expectOk,
  pullMsgs,
  registerUsers,
  si,
  uniqueID,
  userInfo,
  userToken,
} from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/*
 * Values PostgreSQL cannot store, or would store altered: NUL, lone UTF-16 surrogates, numbers beyond the column.
 * Each is refused with 1001 naming the field, and nothing is written.
 */

const NUL = 'a\u0000b';
const HIGH = 'a\ud800';
const LOW = '\udc00b';

describe('values PostgreSQL cannot store unaltered', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const page = { pageNumber: 1, showNumber: 10 };

  describe('strings with NUL or a lone surrogate (1001 naming the field)', () => {
    it.each([
      ['NUL', NUL],
      ['a lone high surrogate', HIGH],
      ['a lone low surrogate', LOW],
    ])('user fields with %s: register, update_user_info(_ex), get_users_info, get_users', async (_, bad) => {
      const id = uniqueID();
      for (const field of ['userID', 'nickname', 'faceURL', 'ex']) {
        const res = await t.post('/user/user_register', { users: [{ userID: id, [field]: bad }] }, admin);
        expectArgsError(res.body, `users.0.${field}`);
      }
      expect(await userInfo(t, id)).toBeUndefined();

      const [u] = await registerUsers(t);
      const token = await userToken(t, u.userID);
      for (const field of ['nickname', 'faceURL', 'ex']) {
        const old = await t.post('/user/update_user_info', { userInfo: { userID: u.userID, [field]: bad } }, token);
        expectArgsError(old.body, `userInfo.${field}`);
        const ex = await t.post('/user/update_user_info_ex', { userInfo: { userID: u.userID, [field]: bad } }, token);
        expectArgsError(ex.body, `userInfo.${field}`);
      }
      expect(await userInfo(t, u.userID)).toMatchObject({ nickname: u.nickname, faceURL: '', ex: '' });

      expectArgsError((await t.post('/user/get_users_info', { userIDs: [u.userID, bad] }, token)).body, 'userIDs.1');
      expectArgsError((await t.post('/user/get_users', { pagination: page, nickName: bad }, admin)).body, 'nickName');
    });

    it.each([
      ['NUL', NUL],
      ['a lone surrogate', HIGH],
    ])('send_msg with %s in the content, a nested content key or ex stores nothing', async (_, bad) => {
      const [a, b] = await registerUsers(t, 2);
      const sendMsg = { sendID: a.userID, senderPlatformID: 1, contentType: 101, sessionType: 1 };
      // free JSON: the field, then the path inside it
      const cases: [Record<string, unknown>, string][] = [
        [{ content: { content: bad } }, 'sendMsg.content: content.content'],
        [{ content: { content: 'hi', extra: { [bad]: 1 } } }, 'sendMsg.content: content.extra'],
        [{ content: { content: 'hi' }, ex: bad }, 'sendMsg.ex'],
        [{ content: { content: 'hi' }, senderNickname: bad }, 'sendMsg.senderNickname'],
        [{ content: { content: 'hi' }, offlinePushInfo: { title: bad } }, 'sendMsg.offlinePushInfo.title'],
      ];
      for (const [fields, field] of cases) {
        const res = await t.post('/msg/send_msg', { recvID: b.userID, sendMsg: { ...sendMsg, ...fields } }, admin);
        expectArgsError(res.body, field);
        const batch = await t.post(
          '/msg/batch_send_msg',
          { recvIDs: [b.userID], sendMsg: { ...sendMsg, ...fields } },
          admin,
        );
        expectArgsError(batch.body, field);
      }
      expect(await pullMsgs(t, b.userID, si(a.userID, b.userID))).toEqual([]);
    });

    it('search keywords and IDs with NUL or a lone surrogate are refused, not a 500', async () => {
      for (const bad of [NUL, HIGH]) {
        for (const field of ['keyword', 'sendID', 'recvID']) {
          const res = await t.post('/msg/search_msg', { pagination: page, [field]: bad }, admin);
          expectArgsError(res.body, field);
        }
      }
    });

    it('conversation fields and user commands with NUL are refused, nothing stored', async () => {
      const [a, b] = await registerUsers(t, 2);
      const token = await userToken(t, a.userID);
      const conversation = { conversationID: si(a.userID, b.userID), conversationType: 1, userID: b.userID };
      for (const field of ['ex', 'attachedInfo']) {
        const res = await t.post(
          '/conversation/set_conversations',
          { userIDs: [a.userID], conversation: { ...conversation, [field]: NUL } },
          token,
        );
        expectArgsError(res.body, `conversation.${field}`);
      }
      const got = await t.post('/conversation/get_all_conversations', { ownerUserID: a.userID }, token);
      expect(got.body.data.conversations).toEqual([]);

      const cmd = { userID: a.userID, type: 1, uuid: 'k' };
      expectArgsError((await t.post('/user/process_user_command_add', { ...cmd, value: NUL }, token)).body, 'value');
      expectArgsError((await t.post('/user/process_user_command_add', { ...cmd, uuid: HIGH }, token)).body, 'uuid');
      const all = await t.post('/user/process_user_command_get_all', { userID: a.userID }, token);
      expectOk(all.body);
      expect(all.body.data.commandResp ?? []).toEqual([]);
    });
  });

  describe('numbers beyond the column (1001 naming the field)', () => {
    it.each([
      ['burnDuration', 2 ** 31],
      ['burnDuration', 1e308],
      ['msgDestructTime', 2 ** 63],
      ['msgDestructTime', 1e308],
    ])('set_conversations %s = %d is refused and nothing stored', async (field, value) => {
      const [a, b] = await registerUsers(t, 2);
      const token = await userToken(t, a.userID);
      const conversation = { conversationID: si(a.userID, b.userID), conversationType: 1, userID: b.userID };
      const res = await t.post(
        '/conversation/set_conversations',
        { userIDs: [a.userID], conversation: { ...conversation, [field]: value } },
        token,
      );
      expectArgsError(res.body, `conversation.${field}`);
      const got = await t.post('/conversation/get_all_conversations', { ownerUserID: a.userID }, token);
      expect(got.body.data.conversations).toEqual([]);
    });

    it('the largest int4 burnDuration and a large msgDestructTime are still stored', async () => {
      const [a, b] = await registerUsers(t, 2);
      const token = await userToken(t, a.userID);
      const conversation = {
        conversationID: si(a.userID, b.userID),
        conversationType: 1,
        userID: b.userID,
        burnDuration: 2 ** 31 - 1,
        msgDestructTime: 2 ** 40,
      };
      expectOk((await t.post('/conversation/set_conversations', { userIDs: [a.userID], conversation }, token)).body);
      const got = await t.post(
        '/conversation/get_conversation',
        { ownerUserID: a.userID, conversationID: conversation.conversationID },
        token,
      );
      expect(got.body.data.conversation).toMatchObject({ burnDuration: 2 ** 31 - 1, msgDestructTime: 2 ** 40 });
    });

    it('seqs, days and content types beyond their column are refused', async () => {
      const [a, b] = await registerUsers(t, 2);
      const token = await userToken(t, a.userID);
      const cid = si(a.userID, b.userID);
      const pull = await t.post(
        '/msg/pull_msg_by_seq',
        { userID: a.userID, seqRanges: [{ conversationID: cid, begin: 1, end: 2 ** 63, num: 10 }] },
        token,
      );
      expectArgsError(pull.body, 'seqRanges.0.end');
      const del = await t.post(
        '/conversation/delete_conversations',
        { ownerUserID: a.userID, needDeleteTime: 1e15 },
        token,
      );
      expectArgsError(del.body, 'needDeleteTime');
      const sendMsg = { sendID: a.userID, content: { content: 'x' }, contentType: 2 ** 31, sessionType: 1 };
      expectArgsError((await t.post('/msg/send_msg', { recvID: b.userID, sendMsg }, admin)).body, 'contentType');
    });
  });

  describe('IDs are stored exactly as sent, so they cannot alias each other', () => {
    it('an ill-formed ID is refused (1001), and does not take the row of its U+FFFD look-alike', async () => {
      const base = uniqueID('X');
      const res = await t.post('/user/user_register', { users: [{ userID: `${base}\ud800` }] }, admin);
      expectArgsError(res.body, 'users.0.userID');
      // before: stored as `${base}\uFFFD`, so this registration collided with it
      const lookalike = `${base}\ufffd`;
      expectOk((await t.post('/user/user_register', { users: [{ userID: lookalike }] }, admin)).body);
      expect(await userInfo(t, lookalike)).toMatchObject({ userID: lookalike });

      for (const other of [`${base}\udfff`, `${base}\ud800`]) {
        const token = await t.post('/auth/get_user_token', { userID: other, platformID: 1 }, admin);
        expectArgsError(token.body, 'userID');
        const check = await t.post('/user/account_check', { checkUserIDs: [other] }, admin);
        expectArgsError(check.body, 'checkUserIDs.0');
        const info = await t.post('/user/get_users_info', { userIDs: [other] }, admin);
        expectArgsError(info.body, 'userIDs.0');
      }
    });

    it('an ID with a well-formed surrogate pair is stored and found exactly as sent', async () => {
      const id = `${uniqueID()}😀`;
      expectOk((await t.post('/user/user_register', { users: [{ userID: id, nickname: '𝄞' }] }, admin)).body);
      expect(await userInfo(t, id)).toMatchObject({ userID: id, nickname: '𝄞' });
      expect(errOf((await t.post('/auth/get_user_token', { userID: id, platformID: 1 }, admin)).body).errCode).toBe(0);
    });
  });
});
