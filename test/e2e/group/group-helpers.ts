import { expectOk, pullMsgs, PulledMsg, registerUsers, tipsOf, userToken } from '../../helpers/fixtures';
import type { TestApp } from '../../helpers/test-app';

/** Users registered for a test, each with a token. */
export interface Person {
  userID: string;
  token: string;
}

export async function people(t: TestApp, n: number): Promise<Person[]> {
  const users = await registerUsers(t, n);
  return Promise.all(users.map(async (u) => ({ userID: u.userID, token: await userToken(t, u.userID) })));
}

/** POST as a person (or with a raw token); returns the envelope. */
export async function call(t: TestApp, who: Person | string, path: string, body: unknown) {
  const token = typeof who === 'string' ? who : who.token;
  return (await t.post(path, body, token)).body as { errCode: number; errDlt: string; data?: Record<string, unknown> };
}

export async function ok<T = Record<string, unknown>>(t: TestApp, who: Person | string, path: string, body: unknown) {
  const res = await call(t, who, path, body);
  expectOk(res);
  return (res.data ?? {}) as T;
}

export interface GroupInfoView {
  groupID: string;
  groupName: string;
  ownerUserID: string;
  memberCount: number;
  status: number;
  notification: string;
  needVerification: number;
  [k: string]: unknown;
}

/** Creates a group through the API as `owner`; returns its info. */
export async function newGroup(
  t: TestApp,
  owner: Person,
  members: Person[] = [],
  opts: { admins?: Person[]; groupInfo?: Record<string, unknown>; sendMessage?: boolean } = {},
): Promise<GroupInfoView> {
  const data = await ok<{ groupInfo: GroupInfoView }>(t, owner, '/group/create_group', {
    memberUserIDs: members.map((m) => m.userID),
    adminUserIDs: (opts.admins ?? []).map((m) => m.userID),
    groupInfo: { groupName: 'team', groupType: 2, ...opts.groupInfo },
    sendMessage: opts.sendMessage,
  });
  return data.groupInfo;
}

/** The group conversation's messages a user can pull (chat messages, including notification copies). */
export function groupMsgs(t: TestApp, userID: string, groupID: string): Promise<PulledMsg[]> {
  return pullMsgs(t, userID, `sg_${groupID}`);
}

/** The content types and tips of the notification copies in the group conversation. */
export async function groupNotices(t: TestApp, userID: string, groupID: string) {
  return (await groupMsgs(t, userID, groupID))
    .filter((m) => m.contentType > 1000)
    .map((m) => ({ seq: m.seq, contentType: m.contentType, sendID: m.sendID, tips: tipsOf(m) }));
}

export interface MemberView {
  userID: string;
  roleLevel: number;
  muteEndTime: number;
  nickname: string;
  faceURL: string;
  ex: string;
}

export async function membersOf(t: TestApp, who: Person | string, groupID: string) {
  const data = await ok<{ total: number; members: MemberView[] }>(t, who, '/group/get_group_member_list', {
    groupID,
    pagination: { pageNumber: 1, showNumber: 1000 },
  });
  return data.members;
}

export async function sendAs(t: TestApp, sendID: string, groupID: string, text = 'hi') {
  return (
    await t.post(
      '/msg/send_msg',
      { sendMsg: { sendID, groupID, content: { content: text }, contentType: 101, sessionType: 3 } },
      await t.adminToken(),
    )
  ).body as { errCode: number; errDlt: string };
}
