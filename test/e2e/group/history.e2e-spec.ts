import { readSeqs } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { groupMsgs, newGroup, ok, people, sendAs } from './group-helpers';

describe('GROUP_HISTORY_FOR_NEW_MEMBERS=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { GROUP_HISTORY_FOR_NEW_MEMBERS: 'false' } });
  });
  afterAll(() => t.close());

  it('a new member sees only what comes after joining; founding members see everything', async () => {
    const [owner, founder, late] = await people(t, 3);
    const g = await newGroup(t, owner, [founder]);
    await sendAs(t, owner.userID, g.groupID, 'old news');
    await ok(t, owner, '/group/invite_user_to_group', { groupID: g.groupID, invitedUserIDs: [late.userID] });
    await sendAs(t, owner.userID, g.groupID, 'welcome');
    expect((await groupMsgs(t, founder.userID, g.groupID)).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    // seq 3 is the 1509 notice of the invitation itself, stored after the join
    expect((await groupMsgs(t, late.userID, g.groupID)).map((m) => m.seq)).toEqual([3, 4]);
    const conv = await ok<{ conversation: { minSeq: number } }>(t, late, '/conversation/get_conversation', {
      ownerUserID: late.userID,
      conversationID: `sg_${g.groupID}`,
    });
    expect(conv.conversation.minSeq).toBe(3);
    expect((await readSeqs(t, late.userID))[`sg_${g.groupID}`].maxSeq).toBe(4);
  });
});
