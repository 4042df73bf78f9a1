import {
  CbEvents,
  GroupStatus,
  type GroupItem,
  type GroupMemberItem,
  type MessageItem,
  type RevokedInfo,
} from '@openim/client-sdk';
import { failedCalls, received, type SdkSuite, send, type SdkUser } from '../harness';

/** The JS SDK's group lifecycle: create, info, mute, transfer, dismiss, as the owner's and members' apps see it. */
export function groupsArea(suite: SdkSuite): void {
  describe('groups', () => {
    const { loggedIn, users } = suite;
    const page = { offset: 0, count: 20 };

    const joined = (s: SdkUser, groupID: string) =>
      s.until(() => s.dataOf<GroupItem>(CbEvents.OnJoinedGroupAdded).some((g) => g.groupID === groupID), 'joined');
    const groupChanged = (s: SdkUser, groupID: string, check: (g: GroupItem) => boolean) =>
      s.until(
        () => s.dataOf<GroupItem>(CbEvents.OnGroupInfoChanged).some((g) => g.groupID === groupID && check(g)),
        'OnGroupInfoChanged',
      );

    it('create without an ID → the member is told and gets its messages; info and the joined list read back', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);

      const { data: group } = await alice.sdk.createGroup({
        memberUserIDs: [b],
        groupInfo: { groupName: 'sdk team', introduction: 'hello' },
      });
      expect(group).toMatchObject({ groupName: 'sdk team', ownerUserID: a, memberCount: 2, creatorUserID: a });
      expect(group.groupID).not.toBe('');
      await joined(bob, group.groupID);
      expect((await bob.sdk.getJoinedGroupListPage(page)).data).toEqual([
        expect.objectContaining({ groupID: group.groupID, groupName: 'sdk team' }),
      ]);
      expect((await bob.sdk.getSpecifiedGroupsInfo([group.groupID])).data).toEqual([
        expect.objectContaining({ groupID: group.groupID, introduction: 'hello', memberCount: 2 }),
      ]);
      expect((await bob.sdk.isJoinGroup(group.groupID)).data).toBe(true);

      const sent = await send(alice, { groupID: group.groupID }, 'hello team');
      await bob.until(() => received(bob).some((m) => m.clientMsgID === sent.clientMsgID), 'the group message');
      expect(received(bob).at(-1)).toMatchObject({ sendID: a, sessionType: 3, textElem: { content: 'hello team' } });
      expect(failedCalls(alice, bob)).toEqual([]);
    });

    // The Go core always sends groupInfo.groupID "" (an app's form may too); the reference then generates an ID.
    it('create with an empty groupID: the server gives the group an ID', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const { data: group } = await alice.sdk.createGroup({
        memberUserIDs: [b],
        groupInfo: { groupID: '', groupName: 'empty id' },
      });
      expect(group.groupID).toMatch(/^\S+$/);
    });

    it('set info, mute the whole group, transfer the owner: every member sees the change', async () => {
      const [a, b, c] = await users(3);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const { data: group } = await alice.sdk.createGroup({
        memberUserIDs: [b, c],
        groupInfo: { groupName: 'before' },
      });
      const groupID = group.groupID;
      await joined(bob, groupID);

      // The SDK passes these through to set_group_info_ex and declares them as protobuf StringValue objects; their
      // JSON form there is the bare string (openimsdk/protocol's wrapperspb), which is what an app sends.
      const changes = { groupName: 'after', notification: 'read me', ex: '{"k":1}' } as Record<string, unknown>;
      await alice.sdk.setGroupInfo({ groupID, ...changes });
      await groupChanged(bob, groupID, (g) => g.groupName === 'after');
      expect((await bob.sdk.getSpecifiedGroupsInfo([groupID])).data[0]).toMatchObject({
        groupName: 'after',
        notification: 'read me',
        ex: '{"k":1}',
      });

      await alice.sdk.changeGroupMute({ groupID, isMute: true });
      await groupChanged(bob, groupID, (g) => g.status === GroupStatus.Muted);
      // a muted group refuses an ordinary member's message (1403 the group is muted)
      const { data: message } = await bob.sdk.createTextMessage('can I talk?');
      await expect(bob.sdk.sendMessage({ recvID: '', groupID, message })).rejects.toMatchObject({ errCode: 1403 });
      await alice.sdk.changeGroupMute({ groupID, isMute: false });
      await groupChanged(bob, groupID, (g) => g.status === GroupStatus.Nomal);
      await send(bob, { groupID }, 'now I can');

      await alice.sdk.transferGroupOwner({ groupID, newOwnerUserID: b });
      await groupChanged(bob, groupID, (g) => g.ownerUserID === b);
      const { data: members } = await bob.sdk.getSpecifiedGroupMembersInfo({ groupID, userIDList: [a, b] });
      expect(Object.fromEntries(members.map((m: GroupMemberItem) => [m.userID, m.roleLevel]))).toEqual({
        [a]: 20,
        [b]: 100,
      });
      expect(failedCalls(alice, bob)).toEqual([]);
    });

    it('dismiss: members are told, the group reads as dismissed, and its history stays readable', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const { data: group } = await alice.sdk.createGroup({
        memberUserIDs: [b],
        groupInfo: { groupName: 'short-lived' },
      });
      const groupID = group.groupID;
      await joined(bob, groupID);
      const sent = await send(alice, { groupID }, 'last words');
      await bob.until(() => received(bob).some((m) => m.clientMsgID === sent.clientMsgID), 'the message');

      await alice.sdk.dismissGroup(groupID);
      const dismissed = await bob.next(CbEvents.OnGroupDismissed);
      expect(dismissed.data as GroupItem).toMatchObject({ groupID });
      const { data: infos } = await bob.sdk.getSpecifiedGroupsInfo([groupID]);
      expect(infos[0]).toMatchObject({ groupID, status: GroupStatus.Dismissed });

      // the SDK dismisses with deleteMember false: the members stay, so a new login still reads who said what
      await bob.logout();
      await bob.login();
      const { data: members } = await bob.sdk.getSpecifiedGroupMembersInfo({ groupID, userIDList: [a] });
      expect(members).toEqual([expect.objectContaining({ userID: a })]);
      const { data: history } = await bob.sdk.getAdvancedHistoryMessageList({
        conversationID: `sg_${groupID}`,
        count: 20,
        startClientMsgID: '',
      });
      const texts = history.messageList.filter((m: MessageItem) => m.contentType === 101);
      expect(texts).toEqual([expect.objectContaining({ clientMsgID: sent.clientMsgID, sendID: a })]);
    });

    it("an owner revokes a member's message: every member sees it revoked by the owner", async () => {
      const [a, b, c] = await users(3);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const carol = await loggedIn(c, 2);
      const { data: group } = await alice.sdk.createGroup({ memberUserIDs: [b, c], groupInfo: { groupName: 'mod' } });
      await joined(bob, group.groupID);
      const sent = await send(bob, { groupID: group.groupID }, 'spam');
      for (const s of [alice, carol]) {
        await s.until(() => received(s).some((m) => m.clientMsgID === sent.clientMsgID), 'the message');
      }

      await alice.sdk.revokeMessage({ conversationID: `sg_${group.groupID}`, clientMsgID: sent.clientMsgID });
      for (const s of [bob, carol]) {
        const revoked = await s.next(CbEvents.OnNewRecvMessageRevoked);
        expect(revoked.data as RevokedInfo).toMatchObject({
          clientMsgID: sent.clientMsgID,
          revokerID: a,
          revokerRole: 100,
          sourceMessageSendID: b,
        });
      }
    });
  });
}
