import { MultiLoginPolicy } from '../config/app-config';
import { Platform, terminalClass } from '../protocol/platform';

export interface ActiveToken {
  tokenHash: string;
  platformID: number;
  createTime: number;
}

/**
 * Which of a user's active tokens a new login on `platformID` kicks, under the configured multi-login policy
 * (spec/rest-semantics.md §2.4). Admin-platform tokens are never touched by the policies.
 */
export function tokensToKick(
  existing: readonly ActiveToken[],
  platformID: number,
  policy: MultiLoginPolicy,
  maxPerPlatform: number,
): string[] {
  const candidates = existing.filter((t) => t.platformID !== Platform.Admin);
  const kick = new Set<string>();
  const byPlatform = new Map<number, ActiveToken[]>();
  for (const t of candidates) {
    const list = byPlatform.get(t.platformID) ?? [];
    list.push(t);
    byPlatform.set(t.platformID, list);
  }
  // newest first
  for (const list of byPlatform.values()) list.sort((a, b) => b.createTime - a.createTime);
  const keepNewest = (list: ActiveToken[], keep: number) => list.slice(keep).forEach((t) => kick.add(t.tokenHash));

  switch (policy) {
    case MultiLoginPolicy.DefaultNotKick:
      for (const [p, list] of byPlatform) keepNewest(list, p === platformID ? maxPerPlatform - 1 : maxPerPlatform);
      break;
    case MultiLoginPolicy.AllLoginButSameTermKick:
      for (const [p, list] of byPlatform) keepNewest(list, p === platformID ? 0 : 1);
      break;
    case MultiLoginPolicy.AllLoginButSameClassKick: {
      const cls = terminalClass(platformID);
      for (const [p, list] of byPlatform) keepNewest(list, terminalClass(p) === cls ? 0 : 1);
      break;
    }
    case MultiLoginPolicy.PcAndOther: {
      const newIsPc = terminalClass(platformID) === 'pc';
      for (const [p, list] of byPlatform) {
        if (terminalClass(p) === 'pc') continue;
        keepNewest(list, newIsPc ? 1 : 0);
      }
      break;
    }
  }
  return [...kick];
}

/**
 * Which of a user's active tokens a new *connection* kicks (protocol.md §5.5): the new connection wins against the
 * user's other tokens that its policy puts in conflict with it. Same-token reconnects are never kicked; tokens of
 * platforms the policy leaves alone are not pruned here (issuing a token does that).
 */
export function connectionConflicts(
  existing: readonly ActiveToken[],
  platformID: number,
  tokenHash: string,
  policy: MultiLoginPolicy,
): string[] {
  const cls = terminalClass(platformID);
  const conflicts = (p: number): boolean => {
    switch (policy) {
      case MultiLoginPolicy.AllLoginButSameTermKick:
        return p === platformID;
      case MultiLoginPolicy.AllLoginButSameClassKick:
        return terminalClass(p) === cls;
      case MultiLoginPolicy.PcAndOther:
        return cls !== 'pc' && terminalClass(p) !== 'pc';
      case MultiLoginPolicy.DefaultNotKick:
        return false;
    }
  };
  return existing
    .filter((t) => t.platformID !== Platform.Admin && t.tokenHash !== tokenHash && conflicts(t.platformID))
    .map((t) => t.tokenHash);
}
