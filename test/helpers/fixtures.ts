import { randomBytes } from 'node:crypto';
import { GroupRepository } from '../../src/group/group.repository';
import type { GroupMemberRow, GroupRow } from '../../src/group/group.schema';
import type { TestApp } from './test-app';

let seq = 0;

/** A user ID no other test uses. */
export function uniqueID(prefix = 'u'): string {
  seq += 1;
  return `${prefix}${seq}_${randomBytes(3).toString('hex')}`;
}

export interface RegisteredUser {
  userID: string;
  nickname: string;
}

/** Registers `n` users through the API and returns them. */
export async function registerUsers(
  t: TestApp,
  n = 1,
  fields: Record<string, unknown> = {},
): Promise<RegisteredUser[]> {
  const users = Array.from({ length: n }, () => {
    const userID = uniqueID();
    return { userID, nickname: `nick-${userID}`, ...fields };
  });
  const res = await t.post('/user/user_register', { users }, await t.adminToken());
  expectOk(res.body);
  return users;
}

/** A user token for the given platform (default 1, iOS). */
export async function userToken(t: TestApp, userID: string, platformID = 1): Promise<string> {
  const res = await t.post('/auth/get_user_token', { userID, platformID }, await t.adminToken());
  expectOk(res.body);
  return (res.body as { data: { token: string } }).data.token;
}

export function expectOk(body: unknown): void {
  const b = body as { errCode: number; errDlt: string };
  if (b.errCode !== 0) throw new Error(`expected success, got ${JSON.stringify(body)}`);
}

/** The envelope of a failed answer: code, and the detail for a readable assertion. */
export function errOf(body: unknown): { errCode: number; errDlt: string } {
  const b = body as { errCode: number; errDlt: string };
  return { errCode: b.errCode, errDlt: b.errDlt };
}

/** A 1001 answer whose detail names `field` (e.g. `users.0.userID`). */
export function expectArgsError(body: unknown, field: string): void {
  expect(errOf(body)).toEqual({ errCode: 1001, errDlt: expect.stringContaining(field) });
  expect(body).toMatchObject({ errMsg: 'ArgsError' });
  expect(body).not.toHaveProperty('data');
}

/** The stored users of these IDs as `get_users_info` returns them (admin token). */
export async function usersInfo(t: TestApp, userIDs: string[]): Promise<Record<string, unknown>[]> {
  const res = await t.post('/user/get_users_info', { userIDs }, await t.adminToken());
  expectOk(res.body);
  return (res.body as { data: { usersInfo: Record<string, unknown>[] } }).data.usersInfo;
}

/** One stored user, or undefined when it does not exist. */
export async function userInfo(t: TestApp, userID: string): Promise<Record<string, unknown> | undefined> {
  return (await usersInfo(t, [userID]))[0];
}

export interface SentMsg {
  serverMsgID: string;
  clientMsgID: string;
  sendTime: number;
}

/** Sends a text message from `sendID` to `recvID` through the admin API (send_msg). */
export async function sendText(
  t: TestApp,
  sendID: string,
  recvID: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<SentMsg> {
  const res = await t.post(
    '/msg/send_msg',
    {
      recvID,
      sendMsg: { sendID, senderPlatformID: 1, content: { content: text }, contentType: 101, sessionType: 1, ...extra },
    },
    await t.adminToken(),
  );
  expectOk(res.body);
  return res.body.data as SentMsg;
}

/** Decodes the base64 `content` of a MsgData from the REST API. */
export function contentOf(msg: { content: string }): unknown {
  return JSON.parse(Buffer.from(msg.content, 'base64').toString('utf8'));
}

/** The single-chat conversation ID of two users. */
export function si(a: string, b: string): string {
  return a < b ? `si_${a}_${b}` : `si_${b}_${a}`;
}

/**
 * Creates a group directly in storage (the group API is not there yet): `owner` with role 100, the others 20.
 * Returns the groupID.
 */
export async function createGroup(
  t: TestApp,
  owner: string,
  members: string[],
  fields: Partial<GroupRow> = {},
): Promise<string> {
  const groupID = uniqueID('g');
  const now = Date.now();
  const member = (userID: string, roleLevel: number): GroupMemberRow => ({
    groupID,
    userID,
    roleLevel,
    joinTime: now,
    nickname: '',
    faceURL: '',
    joinSource: 2,
    operatorUserID: owner,
    inviterUserID: owner,
    ex: '',
    muteEndTime: 0,
  });
  await t.app.get(GroupRepository).insertGroup(
    {
      groupID,
      groupName: `group ${groupID}`,
      notification: '',
      introduction: '',
      faceURL: '',
      ownerUserID: owner,
      createTime: now,
      ex: '',
      status: 0,
      creatorUserID: owner,
      groupType: 2,
      needVerification: 0,
      lookMemberInfo: 0,
      applyMemberFriend: 0,
      notificationUpdateTime: 0,
      notificationUserID: '',
      ...fields,
    },
    [member(owner, 100), ...members.map((m) => member(m, 20))],
  );
  return groupID;
}

/** Sends a group text message through the admin API. */
export async function sendGroupText(
  t: TestApp,
  sendID: string,
  groupID: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<SentMsg> {
  const res = await t.post(
    '/msg/send_msg',
    {
      sendMsg: {
        sendID,
        groupID,
        senderPlatformID: 1,
        content: { content: text },
        contentType: 101,
        sessionType: 3,
        ...extra,
      },
    },
    await t.adminToken(),
  );
  expectOk(res.body);
  return res.body.data as SentMsg;
}

/** A MsgData as the REST API returns it (`content` in base64). */
export interface PulledMsg {
  sendID: string;
  recvID: string;
  groupID: string;
  clientMsgID: string;
  serverMsgID: string;
  sessionType: number;
  msgFrom: number;
  contentType: number;
  content: string;
  seq: number;
  sendTime: number;
  status: number;
  isRead: boolean;
}

/**
 * Pulls seqs [begin, end] of one conversation (chat or `n_` stream) as `userID` sees it, with the admin token
 * unless a token is given. An empty list when the pull leaves the conversation out.
 */
export async function pullMsgs(
  t: TestApp,
  userID: string,
  conversationID: string,
  begin = 1,
  end = 1000,
  token?: string,
): Promise<PulledMsg[]> {
  const res = await t.post(
    '/msg/pull_msg_by_seq',
    { userID, seqRanges: [{ conversationID, begin, end, num: 1000 }], order: 0 },
    token ?? (await t.adminToken()),
  );
  expectOk(res.body);
  const data = res.body.data as Record<'msgs' | 'notificationMsgs', Record<string, { Msgs: PulledMsg[] }>>;
  const box = conversationID.startsWith('n_') ? data.notificationMsgs : data.msgs;
  return box[conversationID]?.Msgs ?? [];
}

/** The tips object of a notification (`{"detail": "<tips JSON>"}`). */
export function tipsOf(msg: { content: string }): Record<string, unknown> {
  return JSON.parse((contentOf(msg) as { detail: string }).detail) as Record<string, unknown>;
}

export interface ReadSeqs {
  maxSeq: number;
  hasReadSeq: number;
  maxSeqTime: number;
}

/** get_conversations_has_read_and_max_seq of a user (admin token): conversationID → read state. */
export async function readSeqs(t: TestApp, userID: string): Promise<Record<string, ReadSeqs>> {
  const res = await t.post('/msg/get_conversations_has_read_and_max_seq', { userID }, await t.adminToken());
  expectOk(res.body);
  return (res.body.data as { seqs: Record<string, ReadSeqs> }).seqs;
}

/** newest_seq of a user (admin token): conversationID (chat and `n_` streams) → max seq. */
export async function newestSeqs(t: TestApp, userID: string): Promise<Record<string, number>> {
  const res = await t.post('/msg/newest_seq', { userID }, await t.adminToken());
  expectOk(res.body);
  return (res.body.data as { maxSeqs: Record<string, number> }).maxSeqs;
}

/** Changes a member's role (60 admin, 20 member) through the API, as an app admin. */
export async function setMemberRole(t: TestApp, groupID: string, userID: string, roleLevel: number): Promise<void> {
  const res = await t.post(
    '/group/set_group_member_info',
    { members: [{ groupID, userID, roleLevel }] },
    await t.adminToken(),
  );
  expectOk(res.body);
}

/** The notification stream (`n_…`) of a chat conversation: its prefix replaced by `n`. */
export function nOf(conversationID: string): string {
  return `n${conversationID.slice(conversationID.indexOf('_'))}`;
}

/** Two new users, `a` having sent `n` texts to `b`; with their conversation ID and b's token. */
export async function chatOf(t: TestApp, n: number): Promise<{ a: string; b: string; cid: string; tb: string }> {
  const [a, b] = await registerUsers(t, 2);
  for (let i = 1; i <= n; i++) await sendText(t, a.userID, b.userID, `m${i}`);
  return { a: a.userID, b: b.userID, cid: si(a.userID, b.userID), tb: await userToken(t, b.userID) };
}
