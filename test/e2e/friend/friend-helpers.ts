import type request from 'supertest';
import { expectOk, nOf, pullMsgs, PulledMsg, si, tipsOf, userToken } from '../../helpers/fixtures';
import type { TestApp } from '../../helpers/test-app';

/** A user with a token of their own, posting as themselves. */
export interface Client {
  userID: string;
  post(path: string, body: unknown): Promise<request.Response>;
}

export async function clientOf(t: TestApp, userID: string): Promise<Client> {
  const token = await userToken(t, userID);
  return { userID, post: (path, body) => t.post(path, body, token) };
}

/** The `data` of a successful answer (fails the test with the envelope otherwise). */
export function dataOf(res: request.Response) {
  expectOk(res.body);
  return res.body.data;
}

/** `a` applies, `b` agrees: friends in both directions. */
export async function befriend(a: Client, b: Client): Promise<void> {
  dataOf(await a.post('/friend/add_friend', { fromUserID: a.userID, toUserID: b.userID, reqMsg: 'hi' }));
  dataOf(await b.post('/friend/add_friend_response', { fromUserID: a.userID, toUserID: b.userID, handleResult: 1 }));
}

/** The stored notifications between two users (the `n_` stream of their chat), oldest first. */
export async function notices(t: TestApp, viewer: string, peer: string): Promise<PulledMsg[]> {
  return pullMsgs(t, viewer, nOf(si(viewer, peer)));
}

/** The newest stored notification of a type between two users, with its tips. */
export async function lastNotice(
  t: TestApp,
  viewer: string,
  peer: string,
  contentType: number,
): Promise<{ msg: PulledMsg; tips: Record<string, unknown> } | undefined> {
  const msg = (await notices(t, viewer, peer)).filter((m) => m.contentType === contentType).pop();
  return msg && { msg, tips: tipsOf(msg) };
}

export async function friendIDs(c: Client, userID = c.userID): Promise<string[]> {
  return (dataOf(await c.post('/friend/get_friend_id', { userID })) as { friendIDs: string[] | null }).friendIDs ?? [];
}
