import type { CallbackResp } from '../webhook/hooks';
import type { UserRow } from './user.schema';

/**
 * beforeUserRegister may change the profile of the users it lets through (the reference replaces the request's
 * users with the answer's): nickname, faceURL and ex of the users it names by userID; other fields stay ours.
 */
export function applyRegisterAnswer(rows: UserRow[], resp: CallbackResp | undefined): void {
  if (!resp || !Array.isArray(resp.users)) return;
  const byID = new Map(rows.map((r) => [r.userID, r]));
  for (const u of resp.users as unknown[]) {
    if (typeof u !== 'object' || u === null) continue;
    const { userID, nickname, faceURL, ex } = u as Record<string, unknown>;
    const row = typeof userID === 'string' ? byID.get(userID) : undefined;
    if (!row) continue;
    if (typeof nickname === 'string') row.nickname = nickname;
    if (typeof faceURL === 'string') row.faceURL = faceURL;
    if (typeof ex === 'string') row.ex = ex;
  }
}
