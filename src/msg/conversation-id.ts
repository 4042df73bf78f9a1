import { SessionType } from './msg.constants';

/** Conversation IDs as the SDKs build them (spec/protocol.md §6.1). */

function sorted(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

export function singleConversationID(a: string, b: string): string {
  const [x, y] = sorted(a, b);
  return `si_${x}_${y}`;
}

export function groupConversationID(groupID: string): string {
  return `sg_${groupID}`;
}

export function notificationChatConversationID(a: string, b: string): string {
  const [x, y] = sorted(a, b);
  return `sn_${x}_${y}`;
}

/** The chat conversation of a message (never the `n_` stream). */
export function chatConversationID(sessionType: number, sendID: string, recvID: string, groupID: string): string {
  switch (sessionType) {
    case SessionType.Single:
      return singleConversationID(sendID, recvID);
    case SessionType.Group:
    case SessionType.WriteGroup:
      return groupConversationID(groupID);
    case SessionType.Notification:
      return notificationChatConversationID(sendID, recvID);
    default:
      throw new Error(`no conversation for sessionType ${sessionType}`);
  }
}

/** `si_a_b` → `n_a_b`, `sg_g` → `n_g`: the notification stream of a chat conversation. */
export function toNotificationConversationID(conversationID: string): string {
  const i = conversationID.indexOf('_');
  return i < 0 ? conversationID : `n${conversationID.slice(i)}`;
}

export function selfNotificationConversationID(userID: string): string {
  return `n_${userID}_${userID}`;
}

export function isNotificationConversation(conversationID: string): boolean {
  return conversationID.startsWith('n_');
}

/** The chat conversations a notification stream `n_X` may belong to. */
export function chatCandidatesOf(notificationID: string): string[] {
  const rest = notificationID.slice(2);
  return [`si_${rest}`, `sg_${rest}`, `sn_${rest}`];
}

export function sessionTypeOf(conversationID: string): SessionType | undefined {
  if (conversationID.startsWith('si_')) return SessionType.Single;
  if (conversationID.startsWith('sg_')) return SessionType.Group;
  if (conversationID.startsWith('sn_')) return SessionType.Notification;
  return undefined;
}
