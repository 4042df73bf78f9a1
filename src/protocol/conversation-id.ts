import { SessionType } from './message';

/** Conversation IDs as the SDKs build them (spec/protocol.md §6.1). */

export const SINGLE_PREFIX = 'si_';
export const GROUP_PREFIX = 'sg_';
export const NOTIFICATION_CHAT_PREFIX = 'sn_';
/** every notification stream (`n_<a>_<b>`, `n_<groupID>`, `n_<me>_<me>`) */
export const NOTIFICATION_PREFIX = 'n_';

function sorted(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

export function singleConversationID(a: string, b: string): string {
  const [x, y] = sorted(a, b);
  return `${SINGLE_PREFIX}${x}_${y}`;
}

export function groupConversationID(groupID: string): string {
  return `${GROUP_PREFIX}${groupID}`;
}

export function notificationChatConversationID(a: string, b: string): string {
  const [x, y] = sorted(a, b);
  return `${NOTIFICATION_CHAT_PREFIX}${x}_${y}`;
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
  return i < 0 ? conversationID : NOTIFICATION_PREFIX + conversationID.slice(i + 1);
}

export function selfNotificationConversationID(userID: string): string {
  return `${NOTIFICATION_PREFIX}${userID}_${userID}`;
}

export function isNotificationConversation(conversationID: string): boolean {
  return conversationID.startsWith(NOTIFICATION_PREFIX);
}

/** The chat conversations a notification stream `n_X` may belong to. */
export function chatCandidatesOf(notificationID: string): string[] {
  const rest = notificationID.slice(NOTIFICATION_PREFIX.length);
  return [SINGLE_PREFIX + rest, GROUP_PREFIX + rest, NOTIFICATION_CHAT_PREFIX + rest];
}

export function sessionTypeOf(conversationID: string): SessionType | undefined {
  if (conversationID.startsWith(SINGLE_PREFIX)) return SessionType.Single;
  if (conversationID.startsWith(GROUP_PREFIX)) return SessionType.Group;
  if (conversationID.startsWith(NOTIFICATION_CHAT_PREFIX)) return SessionType.Notification;
  return undefined;
}
