import { randomBytes } from 'node:crypto';
import { errOf, expectOk, pullMsgs, sendText, si, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';

/**
 * User IDs may contain `_`, so two pairs can share a single-chat ID: (P_x, yP) and (P, x_yP) both make
 * `si_P_x_x_yP`... (here with a random P). The stream belongs to the pair that created it; the other pair can
 * neither write into it nor read it, by any route.
 */
describe('single-chat ID collisions', () => {
  let t: TestApp;
  let owners: [string, string];
  let others: [string, string];
  let cid: string;
  beforeAll(async () => {
    t = await startTestApp();
    const p = `P${randomBytes(3).toString('hex')}`;
    owners = [`${p}_x`, `y${p}`];
    others = [p, `x_y${p}`];
    const users = [...owners, ...others].map((userID) => ({ userID, nickname: userID }));
    expectOk((await t.post('/user/user_register', { users }, await t.adminToken())).body);
    cid = si(owners[0], owners[1]);
    expect(si(others[0], others[1])).toBe(cid);
    await sendText(t, owners[0], owners[1], 'for the owners only');
  });
  afterAll(() => t.close());

  it('refuses a send from the other pair (1002) and stores nothing', async () => {
    const res = await t.post(
      '/msg/send_msg',
      {
        recvID: others[1],
        sendMsg: { sendID: others[0], content: { content: 'intruder' }, contentType: 101, sessionType: 1 },
      },
      await t.adminToken(),
    );
    expect(errOf(res.body).errCode).toBe(1002);
    const stored = await pullMsgs(t, owners[0], cid);
    expect(stored.map((m) => m.seq)).toEqual([1]);
  });

  it('shows the other pair nothing of the stream: no pull, no record, no newest seq, no list entry', async () => {
    for (const user of others) {
      const token = await userToken(t, user);
      expect(await pullMsgs(t, user, cid, 1, 100, token)).toEqual([]);
      const newest = await t.post('/msg/newest_seq', { userID: user }, token);
      expectOk(newest.body);
      expect(Object.keys(newest.body.data.seqs ?? {})).not.toContain(cid);
      const list = await t.post(
        '/conversation/get_sorted_conversation_list',
        { userID: user, pagination: { pageNumber: 1, showNumber: 20 } },
        token,
      );
      expectOk(list.body);
      expect(JSON.stringify(list.body.data)).not.toContain('for the owners only');
    }
  });

  it('refuses set_conversations for the colliding ID (a record would open the stream)', async () => {
    const token = await userToken(t, others[0]);
    const res = await t.post(
      '/conversation/set_conversations',
      {
        userIDs: [others[0]],
        conversation: { conversationID: cid, conversationType: 1, userID: others[1], isPinned: true },
      },
      token,
    );
    expect(errOf(res.body).errCode).toBe(1002);
    expect(await pullMsgs(t, others[0], cid, 1, 100, token)).toEqual([]);
  });

  it("keeps the pair's notification stream (n_) to the pair: the name is not enough to read it", async () => {
    const ownerToken = await userToken(t, owners[0]);
    expectOk((await t.post('/msg/revoke_msg', { userID: owners[0], conversationID: cid, seq: 1 }, ownerToken)).body);
    const n = `n_${cid.slice(3)}`;
    expect((await pullMsgs(t, owners[1], n)).length).toBeGreaterThan(0);
    for (const user of others) {
      expect(await pullMsgs(t, user, n, 1, 100, await userToken(t, user))).toEqual([]);
    }
  });
});
