import type { VersionLogRepository } from './version-log.repository';
import { VersionState } from './version-log.repository';

/** More changes than this since the client's version: the client reloads everything instead. */
export const MAX_INCREMENTAL_CHANGES = 200;

export interface IncrementalChanges {
  version: number;
  versionID: string;
  full: boolean;
  deleted: string[];
  inserted: string[];
  updated: string[];
}

/** What changed in a log since the client's (versionID, version) (spec/protocol.md §8.2). */
export async function changesSince(
  logs: VersionLogRepository,
  logKey: string,
  versionID: string | undefined,
  version: number | undefined,
): Promise<IncrementalChanges> {
  const head = await logs.head(logKey);
  const base = { version: head.version, versionID: head.logID, deleted: [], inserted: [], updated: [] };
  if (!versionID || versionID !== head.logID || !version || version < head.deletedVersion) {
    return { ...base, full: true };
  }
  if (version >= head.version) return { ...base, full: false };
  const entries = await logs.changesSince(logKey, version, MAX_INCREMENTAL_CHANGES + 1);
  if (entries.length > MAX_INCREMENTAL_CHANGES) return { ...base, full: true };
  const pick = (state: VersionState) => entries.filter((e) => e.state === state).map((e) => e.elementID);
  return {
    ...base,
    full: false,
    deleted: pick(VersionState.Delete),
    inserted: pick(VersionState.Insert),
    updated: pick(VersionState.Update),
  };
}
