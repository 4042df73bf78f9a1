/* Registered users with tokens for the WebSocket scenarios (the JS SDK's platform, Web = 5, JSON frames). */
import type { LoadUser } from '../ws-shared';
import { newTag, registerUsers, userTokens, type Target } from './target';

export const PLATFORM = 5;

export async function gatewayUsers(t: Target, prefix: string, n: number): Promise<LoadUser[]> {
  const tag = newTag();
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${tag}_${i}`);
  await registerUsers(t, ids);
  const tokens = await userTokens(t, ids, PLATFORM);
  return ids.map((userID, i) => ({ userID, token: tokens[i] }));
}
