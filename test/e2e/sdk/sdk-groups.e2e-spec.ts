import { CbEvents, type GroupItem, type MessageItem } from '@openim/client-sdk';
import { registerUsers } from '../../helpers/fixtures';
import { sdkSuite } from '../../helpers/sdk-client';
import type { TestApp } from '../../helpers/test-app';

/** The official JS SDK's group flow: one SDK creates a group, the member's SDK learns of it and gets its messages. */
describe('JS SDK: groups', () => {
  const suite = sdkSuite();
  let t: TestApp;
  beforeAll(() => {
    t = suite.app();
  });

  it('create group → the member SDK gets OnJoinedGroupAdded → a group message arrives in the group conversation', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await suite.loggedIn(a.userID);
    const bob = await suite.loggedIn(b.userID, 1);

    const { data: group } = await alice.sdk.createGroup({
      memberUserIDs: [b.userID],
      groupInfo: { groupName: 'sdk team', groupType: 2 },
    });
    expect(group).toMatchObject({ groupName: 'sdk team', ownerUserID: a.userID, memberCount: 2 });

    await bob.until(() => bob.dataOf<GroupItem>(CbEvents.OnJoinedGroupAdded).length > 0, 'OnJoinedGroupAdded');
    expect(bob.dataOf<GroupItem>(CbEvents.OnJoinedGroupAdded)[0]).toMatchObject({
      groupID: group.groupID,
      groupName: 'sdk team',
    });
    const joined = (await bob.sdk.getJoinedGroupListPage({ offset: 0, count: 20 })).data;
    expect(joined.map((g) => g.groupID)).toContain(group.groupID);

    const { data: message } = await alice.sdk.createTextMessage('hello team');
    const sent = (await alice.sdk.sendMessage({ recvID: '', groupID: group.groupID, message })).data;
    const texts = () =>
      bob
        .dataOf<MessageItem[]>(CbEvents.OnRecvNewMessages)
        .flat()
        .filter((m) => m.groupID === group.groupID && m.contentType === 101);
    await bob.until(() => texts().length === 1, 'the group message');
    expect(texts()[0]).toMatchObject({
      clientMsgID: sent.clientMsgID,
      sendID: a.userID,
      sessionType: 3,
      textElem: { content: 'hello team' },
    });
    // every REST call the SDKs made on the way answered with success
    const calls = [...alice.restCalls(), ...bob.restCalls()];
    expect(calls.filter((c) => c.status !== 200 || c.errCode !== 0)).toEqual([]);
  });
});
