import type { MsgData } from '../msg.types';

/** Published after a message is committed; the gateway pushes it to the online recipients. */
export const MESSAGE_STORED = 'message.stored';
/** Published for messages that are pushed but never stored (online-only, typing, unreliable notifications). */
export const MESSAGE_ONLINE = 'message.online';

export interface MessageEvent {
  conversationID: string;
  msg: MsgData;
  /** the operationID of the request that caused it: clients use it to recognise their own actions */
  operationID: string;
  /** users to push to besides the conversation's own recipients (e.g. a member who just left a group) */
  extraUserIDs?: string[];
}
