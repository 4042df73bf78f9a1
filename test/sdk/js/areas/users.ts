import {
  CbEvents,
  MessageReceiveOptType,
  type FriendUserItem,
  type SelfUserInfo,
  type UserOnlineState,
} from '@openim/client-sdk';
import { failedCalls, received, type SdkSuite, type SdkUser } from '../harness';
import { makeFriends } from '../server';

/** The JS SDK's user API: one's own profile, profiles of others, changes seen by friends, online status. */
export function usersArea(suite: SdkSuite): void {
  describe('users', () => {
    const { loggedIn, users } = suite;

    it('changes its own profile: OnSelfInfoUpdated here, OnFriendInfoChanged at a friend, read back by others', async () => {
      const [a, b, c] = await users(3);
      await makeFriends(suite.server(), a, [b]);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      const carol = await loggedIn(c, 2);

      await alice.sdk.setSelfInfo({ nickname: 'Alice A.', faceURL: 'https://img.example/a.png', ex: '{"mood":1}' });
      const self = await alice.next(CbEvents.OnSelfInfoUpdated);
      expect(self.data as SelfUserInfo).toMatchObject({ userID: a, nickname: 'Alice A.' });
      expect((await alice.sdk.getSelfUserInfo()).data).toMatchObject({
        userID: a,
        nickname: 'Alice A.',
        faceURL: 'https://img.example/a.png',
        ex: '{"mood":1}',
      });

      // the friend's SDK learns of it by itself
      const changed = () => bob.dataOf<FriendUserItem>(CbEvents.OnFriendInfoChanged).find((f) => f.userID === a);
      await bob.until(() => changed()?.nickname === 'Alice A.', 'OnFriendInfoChanged');
      expect(changed()).toMatchObject({ faceURL: 'https://img.example/a.png' });

      // anyone reads the public profile
      const { data: infos } = await carol.sdk.getUsersInfo([a, b]);
      expect(infos.map((u) => [u.userID, u.nickname])).toEqual(
        expect.arrayContaining([
          [a, 'Alice A.'],
          [b, `nick-${b}`],
        ]),
      );
      expect(failedCalls(alice, bob, carol)).toEqual([]);
    });

    it("a global receive option 'not receive' in the profile: nobody's messages reach the user until reset", async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);
      const bob = await loggedIn(b, 1);
      await alice.sdk.setSelfInfo({ globalRecvMsgOpt: MessageReceiveOptType.NotReceive });
      await alice.next(CbEvents.OnSelfInfoUpdated);
      expect((await alice.sdk.getSelfUserInfo()).data.globalRecvMsgOpt).toBe(MessageReceiveOptType.NotReceive);
      const attempt = async () =>
        bob.sdk.sendMessage({ recvID: a, groupID: '', message: (await bob.sdk.createTextMessage('hi')).data });
      await expect(attempt()).rejects.toMatchObject({ errCode: 1001 });

      await alice.sdk.setSelfInfo({ globalRecvMsgOpt: MessageReceiveOptType.Nomal });
      const { data: sent } = await attempt();
      await alice.until(() => received(alice).some((m) => m.clientMsgID === sent.clientMsgID), 'the message');
    });

    it('status subscription: the subscriber sees the user come online and go offline', async () => {
      const [a, b] = await users(2);
      const alice = await loggedIn(a);

      const { data: initial } = await alice.sdk.subscribeUsersStatus([b]);
      expect(initial).toEqual([expect.objectContaining({ userID: b, status: 0 })]);
      expect((await alice.sdk.getSubscribeUsersStatus()).data).toEqual([expect.objectContaining({ userID: b })]);

      const statusOf = () => alice.dataOf<UserOnlineState>(CbEvents.OnUserStatusChanged).filter((s) => s.userID === b);
      const bob = await loggedIn(b, 1);
      await alice.until(() => statusOf().at(-1)?.status === 1, 'online');
      expect(statusOf().at(-1)?.platformIDs).toEqual([1]);
      await bob.logout();
      await alice.until(() => statusOf().at(-1)?.status === 0, 'offline');
    });

    it("unsubscribe: the user's status is no longer reported", async () => {
      const [a, b, c] = await users(3);
      const alice = await loggedIn(a);
      const carol = await loggedIn(c, 2);
      await alice.sdk.subscribeUsersStatus([b]);
      await carol.sdk.subscribeUsersStatus([b]);
      // SDK defect: it reads `subscribers` of the answer, and an answer to a request that only unsubscribes is an
      // empty message (the reference's too: Go's encoding/json writes its empty bytes as ""), which the SDK decodes
      // to null; the call rejects with 10006 after the server has unsubscribed, and the SDK's own list keeps the user.
      await expect(alice.sdk.unsubscribeUsersStatus([b])).rejects.toMatchObject({ errCode: 10006 });

      const statusOf = (s: SdkUser) =>
        s.dataOf<UserOnlineState>(CbEvents.OnUserStatusChanged).filter((x) => x.userID === b);
      await loggedIn(b, 1);
      // carol, still subscribed, sees the login; alice's next own event comes after the push she would have had
      await carol.until(() => statusOf(carol).at(-1)?.status === 1, 'online at carol');
      await alice.sdk.setSelfInfo({ nickname: 'after unsubscribe' });
      await alice.next(CbEvents.OnSelfInfoUpdated);
      expect(statusOf(alice)).toEqual([]);
    });
  });
}
