import { and, eq } from 'drizzle-orm';
import { groupMembers } from '../../../src/group/group.schema';
import { DatabaseService, dbHandle } from '../../../src/infra/database/database.service';
import { GROUP_CHANGED, MESSAGE_ONLINE, MESSAGE_STORED, MessageEvent } from '../../../src/infra/events/domain-events';
import { EventBus } from '../../../src/infra/events/event-bus';
import { errOf, expectOk } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { newGroup, ok, people, sendAs } from './group-helpers';

/** Tips of a message as the server holds it (content is the JSON text itself, not base64). */
function tipsOf(msg: { content: string }): Record<string, unknown> {
  return JSON.parse((JSON.parse(msg.content) as { detail: string }).detail) as Record<string, unknown>;
}

describe('group notifications on the event bus, cache invalidation, activity statistics', () => {
  let t: TestApp;
  const seen: MessageEvent[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    const bus = t.app.get(EventBus);
    bus.on(MESSAGE_ONLINE, (e) => void seen.push(e));
    bus.on(MESSAGE_STORED, (e) => void seen.push(e));
  });
  afterAll(() => t.close());

  const ofType = (contentType: number) => seen.filter((e) => e.msg.contentType === contentType);

  it('1503 goes to the owner, the admins and the applicant, one by one, with the request operationID', async () => {
    const [owner, admin, applicant] = await people(t, 3);
    const g = await newGroup(t, owner, [], { admins: [admin] });
    const res = await t.post(
      '/group/join_group',
      { groupID: g.groupID, joinSource: 3, reqMessage: 'hi' },
      applicant.token,
    );
    expectOk(res.body);
    const apps = ofType(1503).filter((e) => (tipsOf(e.msg).group as { groupID: string }).groupID === g.groupID);
    expect(apps.map((e) => e.msg.recvID).sort()).toEqual([owner.userID, admin.userID, applicant.userID].sort());
    expect(apps.every((e) => e.msg.sessionType === 1 && e.conversationID.startsWith('n_'))).toBe(true);
    // the join request's operationID (the test client sends test-<hex>) is on every push
    expect(new Set(apps.map((e) => e.operationID)).size).toBe(1);
    expect(apps[0].operationID).toMatch(/^test-[0-9a-f]{8}$/);
    expect(tipsOf(apps[0].msg)).toMatchObject({
      applicant: { userID: applicant.userID },
      reqMsg: 'hi',
      request: { handleResult: 0, reqMsg: 'hi', userInfo: { userID: applicant.userID } },
    });
    await ok(t, admin, '/group/group_application_response', {
      groupID: g.groupID,
      fromUserID: applicant.userID,
      handleResult: 1,
      handledMsg: 'welcome',
    });
    const accepted = ofType(1505).filter((e) => (tipsOf(e.msg).group as { groupID: string }).groupID === g.groupID);
    const receiverAs = Object.fromEntries(accepted.map((e) => [e.msg.recvID, tipsOf(e.msg).receiverAs]));
    expect(receiverAs).toEqual({ [owner.userID]: 1, [admin.userID]: 1, [applicant.userID]: 0 });
  });

  it('each application and each decision has its own uuid (the SDK core drops a uuid seen in the last 10 s)', async () => {
    const [owner, first, second] = await people(t, 3);
    const g = await newGroup(t, owner, []);
    for (const p of [first, second]) {
      expectOk((await t.post('/group/join_group', { groupID: g.groupID, joinSource: 3 }, p.token)).body);
    }
    const mine = (type: number) =>
      ofType(type)
        .filter((e) => (tipsOf(e.msg).group as { groupID: string }).groupID === g.groupID)
        .filter((e) => e.msg.recvID === owner.userID)
        .map((e) => tipsOf(e.msg).uuid as string);
    const applied = mine(1503);
    expect(applied).toHaveLength(2);
    expect(applied.every((u) => /^[0-9a-f-]{36}$/.test(u))).toBe(true);
    expect(new Set(applied).size).toBe(2);
    for (const [p, handleResult] of [
      [first, 1],
      [second, -1],
    ] as const) {
      await ok(t, owner, '/group/group_application_response', {
        groupID: g.groupID,
        fromUserID: p.userID,
        handleResult,
      });
    }
    const decided = [...mine(1505), ...mine(1506)];
    expect(decided).toHaveLength(2);
    expect(new Set([...decided, ...applied]).size).toBe(4);
    expect(decided.every((u) => u.length === 36)).toBe(true);
  });

  it('1504 and 1508 are pushed to the members who left as well', async () => {
    const [owner, quitter, kicked] = await people(t, 3);
    const g = await newGroup(t, owner, [quitter, kicked]);
    await ok(t, quitter, '/group/quit_group', { groupID: g.groupID });
    await ok(t, owner, '/group/kick_group', { groupID: g.groupID, kickedUserIDs: [kicked.userID] });
    const mine = (type: number) => ofType(type).filter((e) => e.msg.groupID === g.groupID);
    expect(mine(1504).every((e) => e.extraUserIDs?.includes(quitter.userID))).toBe(true);
    expect(mine(1508).every((e) => e.extraUserIDs?.includes(kicked.userID))).toBe(true);
    expect(mine(1504).length).toBeGreaterThan(0);
  });

  it('a change announced by another node (group.changed) reaches the send path at once', async () => {
    const [owner, m] = await people(t, 2);
    const g = await newGroup(t, owner, [m]);
    expectOk(await sendAs(t, m.userID, g.groupID));
    // as another node would: change the row, then announce it
    await dbHandle(t.app.get(DatabaseService))
      .update(groupMembers)
      .set({ muteEndTime: Date.now() + 60_000 })
      .where(and(eq(groupMembers.groupID, g.groupID), eq(groupMembers.userID, m.userID)));
    t.app.get(EventBus).publish(GROUP_CHANGED, { groupIDs: [g.groupID] });
    expect(errOf(await sendAs(t, m.userID, g.groupID)).errCode).toBe(1402);
  });

  it('statistics/group/active ranks groups by messages (admin)', async () => {
    const [owner] = await people(t, 1);
    const start = Date.now() - 1000;
    const busy = await newGroup(t, owner, [], { sendMessage: false });
    const quiet = await newGroup(t, owner, [], { sendMessage: false });
    for (let i = 0; i < 3; i++) expectOk(await sendAs(t, owner.userID, busy.groupID));
    expectOk(await sendAs(t, owner.userID, quiet.groupID));
    const stats = await ok<{
      msgCount: number;
      groupCount: number;
      groups: { group: { groupID: string }; count: number }[];
    }>(t, await t.adminToken(), '/statistics/group/active', {
      start,
      end: Date.now() + 1000,
      pagination: { pageNumber: 1, showNumber: 100 },
    });
    const counts = Object.fromEntries(stats.groups.map((x) => [x.group.groupID, x.count]));
    expect(counts[busy.groupID]).toBe(3);
    expect(counts[quiet.groupID]).toBe(1);
    expect(stats.groups.findIndex((x) => x.group.groupID === busy.groupID)).toBeLessThan(
      stats.groups.findIndex((x) => x.group.groupID === quiet.groupID),
    );
    expect(stats.msgCount).toBeGreaterThanOrEqual(4);
    expect(
      errOf(await t.post('/statistics/group/active', { start, end: start }, owner.token).then((r) => r.body)).errCode,
    ).toBe(1002);
  });
});
