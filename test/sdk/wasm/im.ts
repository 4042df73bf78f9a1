import type { WasmUser } from './user';

/** The parts of the SDK's entities the tests read (lib/types/entity.d.ts). */
export interface Msg {
  clientMsgID: string;
  serverMsgID: string;
  sendID: string;
  recvID: string;
  groupID: string;
  sessionType: number;
  contentType: number;
  seq: number;
  sendTime: number;
  isRead: boolean;
  status: number;
  senderNickname: string;
  textElem?: { content: string };
  [elem: string]: unknown;
}

export interface Conversation {
  conversationID: string;
  conversationType: number;
  userID: string;
  groupID: string;
  showName: string;
  recvMsgOpt: number;
  unreadCount: number;
  groupAtType: number;
  latestMsg: string;
  draftText: string;
  burnDuration: number;
  isPinned: boolean;
  isPrivateChat: boolean;
  isNotInGroup: boolean;
}

export interface History {
  isEnd: boolean;
  messageList: Msg[];
}

/** Single-chat conversation ID of two users, as the core builds it. */
export function si(a: string, b: string): string {
  return a < b ? `si_${a}_${b}` : `si_${b}_${a}`;
}

/** Group conversation ID (super group). */
export function sg(groupID: string): string {
  return `sg_${groupID}`;
}

/** Sends a text from the SDK to a user or a group; resolves with the sent message. */
export async function sendText(from: WasmUser, to: { recvID?: string; groupID?: string }, text: string): Promise<Msg> {
  const message = await from.call<Msg>('createTextMessage', text);
  return from.call<Msg>('sendMessage', { recvID: to.recvID ?? '', groupID: to.groupID ?? '', message });
}

/** Waits until `user` has received a message passing `test` (OnRecvNewMessages). */
export async function received(user: WasmUser, test: (m: Msg) => boolean, since = 0): Promise<Msg> {
  const batch = await user.waitEvent<Msg[]>('OnRecvNewMessages', (ms) => ms.some(test), since);
  return batch.find(test)!;
}

/** The newest messages of a conversation from the local history (what a chat window shows). */
export async function history(user: WasmUser, conversationID: string, count = 50): Promise<Msg[]> {
  const res = await user.call<History>('getAdvancedHistoryMessageList', {
    conversationID,
    count,
    startClientMsgID: '',
    viewType: 0,
  });
  return res.messageList;
}

/** The texts of messages, oldest first. */
export function texts(msgs: Msg[]): (string | undefined)[] {
  return msgs.map((m) => m.textElem?.content);
}

/** One conversation from the local list. */
export async function conversation(user: WasmUser, conversationID: string): Promise<Conversation | undefined> {
  const all = await user.call<Conversation[]>('getAllConversationList');
  return all.find((c) => c.conversationID === conversationID);
}

/** The latest message of a conversation item (stored as JSON text). */
export function latestOf(c: Conversation): Msg {
  return JSON.parse(c.latestMsg) as Msg;
}

export interface Group {
  groupID: string;
  groupName: string;
  notification: string;
  introduction: string;
  faceURL: string;
  ownerUserID: string;
  memberCount: number;
  status: number;
  needVerification: number;
  lookMemberInfo: number;
  applyMemberFriend: number;
}

export interface Member {
  groupID: string;
  userID: string;
  nickname: string;
  roleLevel: number;
  muteEndTime: number;
  inviterUserID: string;
  ex: string;
}

/** Creates a group from the SDK as an app does (the core sends groupID ""). */
export function createGroup(owner: WasmUser, memberUserIDs: string[], info: Partial<Group> = {}): Promise<Group> {
  return owner.call<Group>('createGroup', {
    memberUserIDs,
    adminUserIDs: [],
    groupInfo: { groupName: 'Team', groupType: 2, ...info },
  });
}

/** The members of a group as the user's app lists them. */
export async function members(user: WasmUser, groupID: string): Promise<Member[]> {
  return user.call<Member[]>('getGroupMemberList', { groupID, filter: 0, offset: 0, count: 100 });
}
