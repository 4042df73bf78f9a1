import type { MsgData } from '../../protocol/msg-data';

/*
 * Every domain event: its topic and its payload type. `EventBus.publish` and `EventBus.on` are checked against
 * this map, so a publisher and its subscribers (gateway, push, webhooks, caches) cannot disagree on a shape.
 * Events are notices after a commit, never the record of durable work (see EventBus).
 */

/** Published after a message is committed; the gateway pushes it to the online recipients. */
export const MESSAGE_STORED = 'message.stored';
/** Published for messages that are pushed but never stored (online-only, typing, unreliable notifications). */
export const MESSAGE_ONLINE = 'message.online';
/** Published when tokens are kicked, so that every node drops them from its cache and gateways close connections. */
export const TOKENS_KICKED = 'auth.tokens-kicked';
/** Published when a client logs a session out over the gateway (2003): its device's push token is dropped. */
export const SESSION_LOGGED_OUT = 'auth.session-logged-out';

/** Published after friend or black-list rows of these owners changed, so that every node drops its cached relations. */
export const RELATIONS_CHANGED = 'friend.relations-changed';
/** Published after a group's row or members changed, so that every node drops its cached copy. */
export const GROUP_CHANGED = 'group.changed';
/** Published after users' rows changed (profile, level, receive option), so that every node drops its copy. */
export const USERS_CHANGED = 'user.changed';

/**
 * Published after an @-message flagged members' conversations (groupAtType): each is owed a 1300, as the
 * reference's setConversationAtInfo does through SetConversations (the SDK core reads the flag only from there).
 */
export const CONVERSATIONS_FLAGGED = 'conversation.flagged';

export interface ConversationsFlaggedEvent {
  conversationID: string;
  ownerUserIDs: string[];
}

export interface GroupChangedEvent {
  groupIDs: string[];
}

export interface UsersChangedEvent {
  userIDs: string[];
}

export interface MessageEvent {
  conversationID: string;
  msg: MsgData;
  /** the operationID of the request that caused it: clients use it to recognise their own actions */
  operationID: string;
  /** users to push to besides the conversation's own recipients (e.g. a member who just left a group) */
  extraUserIDs?: string[];
}

export interface TokensKickedEvent {
  userID: string;
  platformIDs: number[];
  /** hashes of the kicked tokens */
  tokenHashes: string[];
}

export interface SessionLoggedOutEvent {
  userID: string;
  /** hash of the session's login token (the key its push token was registered under) */
  tokenHash: string;
}

export interface RelationsChangedEvent {
  ownerUserIDs: string[];
}

export interface DomainEvents {
  [MESSAGE_STORED]: MessageEvent;
  [MESSAGE_ONLINE]: MessageEvent;
  [TOKENS_KICKED]: TokensKickedEvent;
  [SESSION_LOGGED_OUT]: SessionLoggedOutEvent;
  [RELATIONS_CHANGED]: RelationsChangedEvent;
  [GROUP_CHANGED]: GroupChangedEvent;
  [USERS_CHANGED]: UsersChangedEvent;
  [CONVERSATIONS_FLAGGED]: ConversationsFlaggedEvent;
}

export type Topic = keyof DomainEvents;

/**
 * Topics that stay on the node that published them. A message event concerns the few nodes its recipients are
 * connected to: the gateway's router sends it to exactly those (per-node channels), rather than every node
 * receiving every message.
 */
export const LOCAL_TOPICS: ReadonlySet<Topic> = new Set<Topic>([
  MESSAGE_STORED,
  MESSAGE_ONLINE,
  CONVERSATIONS_FLAGGED,
  SESSION_LOGGED_OUT,
]);
