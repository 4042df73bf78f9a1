import {
  createGroup,
  errOf,
  expectArgsError,
  expectOk,
  registerUsers,
  sendGroupText,
  sendText,
  si,
  userToken,
} from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const page = (pageNumber = 1, showNumber = 100) => ({ pageNumber, showNumber });

interface ChatLogItem {
  chatLog: Record<string, unknown> & { content: string; seq: number; sendTime: number };
  isRevoked: boolean;
}

describe('search_msg', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const search = async (body: Record<string, unknown>) => {
    const res = await t.post('/msg/search_msg', { pagination: page(), ...body }, admin);
    expectOk(res.body);
    return res.body.data as { chatLogs: ChatLogItem[]; chatLogsNum: number };
  };
  const textsOf = (logs: ChatLogItem[]) =>
    logs.map((l) => (JSON.parse(l.chatLog.content) as { content: string }).content);

  it('finds by sender and by receiver (a group counts as receiver), newest first, with the chat log fields', async () => {
    const [a, b, c] = await registerUsers(t, 3);
    await sendText(t, a.userID, b.userID, 'one');
    await sendText(t, a.userID, c.userID, 'two');
    await sendText(t, b.userID, a.userID, 'three');
    const groupID = await createGroup(t, a.userID, [b.userID], { faceURL: 'http://face' });
    await sendGroupText(t, a.userID, groupID, 'four');

    const bySender = await search({ sendID: a.userID });
    expect(bySender.chatLogsNum).toBe(3);
    expect(textsOf(bySender.chatLogs)).toEqual(['four', 'two', 'one']);
    expect(bySender.chatLogs[2]).toEqual({
      isRevoked: false,
      chatLog: expect.objectContaining({
        sendID: a.userID,
        recvID: b.userID,
        groupID: '',
        recvNickname: b.nickname,
        senderNickname: a.nickname,
        sessionType: 1,
        contentType: 101,
        seq: 1,
        status: 2,
      }),
    });
    expect(bySender.chatLogs[0].chatLog).toMatchObject({
      recvID: groupID,
      groupID,
      groupName: `group ${groupID}`,
      groupFaceURL: 'http://face',
      groupMemberCount: 2,
      groupOwner: a.userID,
      sessionType: 3,
    });

    expect(textsOf((await search({ recvID: b.userID })).chatLogs)).toEqual(['one']);
    expect(textsOf((await search({ recvID: groupID })).chatLogs)).toEqual(['four']);
    expect(textsOf((await search({ sendID: a.userID, recvID: c.userID })).chatLogs)).toEqual(['two']);
    expect(textsOf((await search({ sendID: a.userID, sessionType: 3 })).chatLogs)).toEqual(['four']);
  });

  it('filters by contentType and by keyword, Chinese substrings included, and shows revocations', async () => {
    const [a, b] = await registerUsers(t, 2);
    await sendText(t, a.userID, b.userID, '你好世界');
    await sendText(t, a.userID, b.userID, 'Hello World');
    await sendText(t, a.userID, b.userID, 'x', { contentType: 110, content: { data: 'payload', description: 'card' } });

    const custom = await search({ sendID: a.userID, contentType: 110 });
    expect(custom.chatLogsNum).toBe(1);
    expect(JSON.parse(custom.chatLogs[0].chatLog.content)).toEqual({ data: 'payload', description: 'card' });
    expect(textsOf((await search({ sendID: a.userID, keyword: '世界' })).chatLogs)).toEqual(['你好世界']);
    expect(textsOf((await search({ sendID: a.userID, keyword: 'world' })).chatLogs)).toEqual(['Hello World']);
    expect((await search({ sendID: a.userID, keyword: '%' })).chatLogsNum).toBe(0);
    expect((await search({ sendID: a.userID, keyword: '再见' })).chatLogsNum).toBe(0);

    const ta = await userToken(t, a.userID);
    const conversationID = si(a.userID, b.userID);
    expectOk((await t.post('/msg/revoke_msg', { userID: a.userID, conversationID, seq: 1 }, ta)).body);
    const all = await search({ sendID: a.userID });
    expect(all.chatLogs.map((l) => [l.chatLog.seq, l.isRevoked])).toEqual([
      [3, false],
      [2, false],
      [1, true],
    ]);
  });

  it('filters by UTC day (sendTime) and by [startTime, endTime), and pages with the total', async () => {
    const [a, b] = await registerUsers(t, 2);
    const day = Date.UTC(2021, 2, 4);
    const times = [day - 1, day, day + 10 * 3600_000, day + DAY_MS - 1, day + DAY_MS];
    for (const [i, sendTime] of times.entries()) await sendText(t, a.userID, b.userID, `t${i}`, { sendTime });

    const onDay = await search({ sendID: a.userID, sendTime: '2021-03-04' });
    expect(textsOf(onDay.chatLogs)).toEqual(['t3', 't2', 't1']);
    expect(onDay.chatLogs.map((l) => l.chatLog.sendTime)).toEqual([times[3], times[2], times[1]]);
    expect(textsOf((await search({ sendID: a.userID, sendTime: '2021-03-05' })).chatLogs)).toEqual(['t4']);
    const window = await search({ sendID: a.userID, startTime: day, endTime: day + DAY_MS - 1 });
    expect(textsOf(window.chatLogs)).toEqual(['t2', 't1']);

    const paged = await t.post('/msg/search_msg', { sendID: a.userID, pagination: page(3, 2) }, admin);
    expect(paged.body.data.chatLogsNum).toBe(5);
    expect(textsOf(paged.body.data.chatLogs)).toEqual(['t0']);
  });

  it.each([['2021-3-4'], ['04-03-2021'], ['2021-02-30'], ['2021-13-01'], ['yesterday']])(
    'refuses the malformed day %s (1001)',
    async (sendTime) => {
      const res = await t.post('/msg/search_msg', { sendTime, pagination: page() }, admin);
      expectArgsError(res.body, 'sendTime');
    },
  );

  it('is for the admin only (1002), needs a token (1005) and pagination (1001)', async () => {
    const [a] = await registerUsers(t, 1);
    const ta = await userToken(t, a.userID);
    expect(errOf((await t.post('/msg/search_msg', { sendID: a.userID, pagination: page() }, ta)).body).errCode).toBe(
      1002,
    );
    expect(errOf((await t.post('/msg/search_msg', { pagination: page() })).body).errCode).toBe(1005);
    expectArgsError((await t.post('/msg/search_msg', { sendID: a.userID }, admin)).body, 'pagination');
    expectArgsError((await t.post('/msg/search_msg', { pagination: page(1, 1001) }, admin)).body, 'showNumber');
    for (const field of ['startTime', 'endTime', 'contentType']) {
      const res = await t.post('/msg/search_msg', { [field]: 2 ** 64, pagination: page() }, admin);
      expectArgsError(res.body, field);
    }
  });
});

describe('statistics/user/active', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  interface Active {
    msgCount: number;
    userCount: number;
    dateCount: Record<string, number>;
    users: { user: { userID: string; nickname: string }; count: number }[];
  }
  const start = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const active = async (body: Record<string, unknown> = {}) => {
    const res = await t.post(
      '/statistics/user/active',
      { start, end: start + DAY_MS - 1, pagination: page(), ...body },
      admin,
    );
    expectOk(res.body);
    return res.body.data as Active;
  };

  it('counts the messages sent today per sender and per UTC day; ase reverses; group adds group messages', async () => {
    const [u1, u2, u3, peer] = await registerUsers(t, 4);
    for (let i = 0; i < 3; i++) await sendText(t, u1.userID, peer.userID, `a${i}`);
    await sendText(t, u2.userID, peer.userID, 'b');
    for (let i = 0; i < 2; i++) await sendText(t, u3.userID, peer.userID, `c${i}`);
    await sendText(t, u2.userID, peer.userID, 'long ago', { sendTime: start - 3 * DAY_MS });
    const groupID = await createGroup(t, u1.userID, [u2.userID]);
    await sendGroupText(t, u2.userID, groupID, 'g1');
    await sendGroupText(t, u2.userID, groupID, 'g2');
    await sendGroupText(t, u2.userID, groupID, 'g3');
    // revocations are notifications: they do not count as messages
    expectOk(
      (
        await t.post(
          '/msg/revoke_msg',
          { userID: u1.userID, conversationID: si(u1.userID, peer.userID), seq: 1 },
          await userToken(t, u1.userID),
        )
      ).body,
    );

    const today = utcDay(start);
    const single = await active();
    expect(single).toMatchObject({ msgCount: 6, userCount: 3, dateCount: { [today]: 6 } });
    expect(single.users.map((u) => [u.user.userID, u.count])).toEqual([
      [u1.userID, 3],
      [u3.userID, 2],
      [u2.userID, 1],
    ]);
    expect(single.users[0].user.nickname).toBe(u1.nickname);

    const ascending = await active({ ase: true });
    expect(ascending.users.map((u) => u.user.userID)).toEqual([u2.userID, u3.userID, u1.userID]);

    const withGroups = await active({ group: true });
    expect(withGroups).toMatchObject({ msgCount: 9, userCount: 3, dateCount: { [today]: 9 } });
    expect(withGroups.users.map((u) => [u.user.userID, u.count])).toEqual([
      [u2.userID, 4],
      [u1.userID, 3],
      [u3.userID, 2],
    ]);

    const twoPages = await active({ pagination: page(2, 2) });
    expect(twoPages.msgCount).toBe(6);
    expect(twoPages.users.map((u) => u.user.userID)).toEqual([u2.userID]);

    const past = await active({ start: start - 3 * DAY_MS, end: start - 2 * DAY_MS });
    expect(past).toMatchObject({ msgCount: 1, userCount: 1, dateCount: { [utcDay(start - 3 * DAY_MS)]: 1 } });
  });

  it('is for the admin only (1002), needs a token (1005) and valid bounds (1001)', async () => {
    const [a] = await registerUsers(t, 1);
    const body = { start, end: start + DAY_MS, pagination: page() };
    const ta = await userToken(t, a.userID);
    expect(errOf((await t.post('/statistics/user/active', body, ta)).body).errCode).toBe(1002);
    expect(errOf((await t.post('/statistics/user/active', body)).body).errCode).toBe(1005);
    expectArgsError((await t.post('/statistics/user/active', { ...body, end: start - 1 }, admin)).body, 'start');
    expectArgsError((await t.post('/statistics/user/active', { ...body, start: 0 }, admin)).body, 'start');
    expectArgsError((await t.post('/statistics/user/active', { ...body, end: 2 ** 64 }, admin)).body, 'end');
    expectArgsError((await t.post('/statistics/user/active', { start, end: start + 1 }, admin)).body, 'pagination');
  });
});
