/* Registered users with tokens for the WebSocket scenarios (the JS SDK's platform, Web = 5, JSON frames). */
import { performance } from 'node:perf_hooks';
import type { LoadUser } from '../ws-shared';
import { newTag, registerUsers, userTokens, type Target } from './target';

export const PLATFORM = 5;

export async function gatewayUsers(t: Target, prefix: string, n: number): Promise<LoadUser[]> {
  const tag = newTag();
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${tag}_${i}`);
  const t0 = performance.now();
  await registerUsers(t, ids);
  const t1 = performance.now();
  const tokens = await userTokens(t, ids, PLATFORM);
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(`   ${n} users registered in ${s(t1 - t0)} s, their tokens in ${s(performance.now() - t1)} s`);
  return ids.map((userID, i) => ({ userID, token: tokens[i] }));
}
