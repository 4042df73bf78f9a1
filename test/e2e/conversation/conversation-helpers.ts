import type request from 'supertest';
import { expectOk, userToken } from '../../helpers/fixtures';
import type { TestApp } from '../../helpers/test-app';

/** A user with a token of their own, posting as themselves. */
export interface Client {
  userID: string;
  token: string;
  post(path: string, body: unknown): Promise<request.Response>;
}

export async function clientOf(t: TestApp, userID: string): Promise<Client> {
  const token = await userToken(t, userID);
  return { userID, token, post: (path, body) => t.post(path, body, token) };
}

/** The `data` of a successful answer (fails the test with the envelope otherwise). */
export function dataOf(res: request.Response) {
  expectOk(res.body);
  return res.body.data;
}

/** A JSON value of a response body, untyped like supertest's `body`. */
type Json = ReturnType<typeof JSON.parse>;

/** Lists the API may answer as `null` when empty (spec/rest-semantics.md §1.3). */
export function listOf<T = Json>(value: T[] | null | undefined): T[] {
  return value ?? [];
}

/** The conversation record of `owner` (as `owner`), or the error envelope when there is none. */
export async function conversationOf(c: Client, conversationID: string): Promise<request.Response> {
  return c.post('/conversation/get_conversation', { ownerUserID: c.userID, conversationID });
}

/** set_conversations for the caller's own record of a single chat with `peer`. */
export function setSingle(c: Client, peer: string, fields: Record<string, unknown>): Promise<request.Response> {
  const conversationID = c.userID < peer ? `si_${c.userID}_${peer}` : `si_${peer}_${c.userID}`;
  return c.post('/conversation/set_conversations', {
    userIDs: [c.userID],
    conversation: { conversationID, conversationType: 1, userID: peer, ...fields },
  });
}

/**
 * Explicit, increasing send times (a second apart, starting an hour ago) for messages whose order a test checks:
 * no waiting for the clock, and any message sent later without one is newer still.
 */
export function sendClock(start = Date.now() - 3_600_000): () => { sendTime: number } {
  let n = 0;
  return () => ({ sendTime: start + ++n * 1000 });
}

/** The 17 fields of a Conversation on the wire (spec/protocol.md §6.1). */
export const CONVERSATION_FIELDS = [
  'ownerUserID',
  'conversationID',
  'recvMsgOpt',
  'conversationType',
  'userID',
  'groupID',
  'isPinned',
  'attachedInfo',
  'isPrivateChat',
  'groupAtType',
  'ex',
  'burnDuration',
  'minSeq',
  'maxSeq',
  'msgDestructTime',
  'latestMsgDestructTime',
  'isMsgDestruct',
].sort();
