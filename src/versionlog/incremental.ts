import type { VersionHead, VersionLogRepository } from './version-log.repository';
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

/** Whether the client's cursor cannot be served incrementally: unknown, from another log, or discarded. */
export function needsFull(head: VersionHead, versionID: string | undefined, version: number | undefined): boolean {
  return !versionID || versionID !== head.logID || !version || version < head.deletedVersion;
}

/** The answer for a cursor, given the log's head and the entries after the cursor (at most MAX + 1 of them). */
export function diffOf(
  head: VersionHead,
  versionID: string | undefined,
  version: number | undefined,
  entries: readonly { elementID: string; state: number }[],
): IncrementalChanges {
  const base = { version: head.version, versionID: head.logID, deleted: [], inserted: [], updated: [] };
  if (needsFull(head, versionID, version)) return { ...base, full: true };
  if ((version ?? 0) >= head.version) return { ...base, full: false };
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

/** What changed in a log since the client's (versionID, version) (spec/protocol.md §8.2). */
export async function changesSince(
  logs: VersionLogRepository,
  logKey: string,
  versionID: string | undefined,
  version: number | undefined,
): Promise<IncrementalChanges> {
  const head = await logs.head(logKey);
  if (needsFull(head, versionID, version) || (version ?? 0) >= head.version) {
    return diffOf(head, versionID, version, []);
  }
  const entries = await logs.changesSince(logKey, version ?? 0, MAX_INCREMENTAL_CHANGES + 1);
  return diffOf(head, versionID, version, entries);
}

/** The answer of a get_incremental_* route: the changes since the cursor, with the changed elements loaded. */
export interface IncrementalAnswer<T> {
  version: number;
  versionID: string;
  full: boolean;
  delete: string[];
  insert: T[];
  update: T[];
}

/**
 * Loads the inserted and updated elements of `changes` with one call of `load` (element ID → view) and shapes the
 * answer; elements that no longer exist are left out.
 */
export async function incrementalAnswer<T>(
  changes: Pick<IncrementalChanges, 'version' | 'versionID' | 'full' | 'deleted' | 'inserted' | 'updated'>,
  load: (ids: string[]) => Promise<ReadonlyMap<string, T>>,
): Promise<IncrementalAnswer<T>> {
  const byID = await load([...changes.inserted, ...changes.updated]);
  const pick = (ids: string[]) => ids.flatMap((id) => byID.get(id) ?? []);
  return {
    version: changes.version,
    versionID: changes.versionID,
    full: changes.full,
    delete: changes.deleted,
    insert: pick(changes.inserted),
    update: pick(changes.updated),
  };
}
