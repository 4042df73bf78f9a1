import { Injectable } from '@nestjs/common';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { GroupStatus } from '../protocol/group';
import { idHash } from '../versionlog/id-hash';
import {
  changesSince,
  diffOf,
  incrementalAnswer,
  IncrementalChanges,
  MAX_INCREMENTAL_CHANGES,
  needsFull,
} from '../versionlog/incremental';
import { SORT_ELEMENT, VersionLogRepository } from '../versionlog/version-log.repository';
import type {
  GetFullGroupMemberUserIDsResp,
  GetFullJoinGroupIDsResp,
  GetIncrementalGroupMemberReq,
  GetIncrementalGroupMemberResp,
  GetIncrementalJoinGroupReq,
  GetIncrementalJoinGroupResp,
} from './dto/sync.dto';
import { GroupMemberRepository } from './group-member.repository';
import { GroupRules } from './group-rules';
import { GROUP_INFO_ELEMENT, joinedLogKey, memberLogKey } from './group-versions';
import { GroupViews } from './group-views';
import { GroupRepository } from './group.repository';

/** The batch answer stops taking groups once this many changed members were collected (spec/protocol.md §8.3). */
const BATCH_MEMBER_BUDGET = 500;

/** Incremental sync of joined groups (per user) and of members (per group) on the version logs. */
@Injectable()
export class GroupSyncService {
  constructor(
    private readonly versions: VersionLogRepository,
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
    private readonly rules: GroupRules,
    private readonly views: GroupViews,
  ) {}

  async joinedGroups(caller: Caller, req: GetIncrementalJoinGroupReq): Promise<GetIncrementalJoinGroupResp> {
    assertSelfOrAdmin(caller, req.userID);
    const c = await changesSince(this.versions, joinedLogKey(req.userID), req.versionID, req.version);
    const answer = await incrementalAnswer(c, async (ids) => {
      const infos = await this.views.groupInfos(await this.groups.findGroups(ids));
      return new Map(infos.map((g) => [g.groupID, g]));
    });
    return { ...answer, sortVersion: 0 };
  }

  async fullJoinedIDs(caller: Caller, userID: string, clientHash?: number): Promise<GetFullJoinGroupIDsResp> {
    assertSelfOrAdmin(caller, userID);
    const [head, ids] = await Promise.all([
      this.versions.head(joinedLogKey(userID)),
      this.members.joinedGroupIDs(userID),
    ]);
    const equal = !!clientHash && clientHash === idHash(ids);
    return { version: head.version, versionID: head.logID, equal, groupIDs: equal ? null : ids };
  }

  async fullMemberIDs(caller: Caller, groupID: string, clientHash?: number): Promise<GetFullGroupMemberUserIDsResp> {
    await this.rules.group(groupID);
    await this.rules.memberOrAdmin(caller, groupID);
    const [head, ids] = await Promise.all([this.versions.head(memberLogKey(groupID)), this.members.memberIDs(groupID)]);
    const equal = !!clientHash && clientHash === idHash(ids);
    return { version: head.version, versionID: head.logID, equal, userIDs: equal ? null : ids };
  }

  async groupMembers(caller: Caller, req: GetIncrementalGroupMemberReq): Promise<GetIncrementalGroupMemberResp> {
    const group = await this.rules.group(req.groupID);
    if (group.status === GroupStatus.Dismissed) {
      throw new ImError(ErrCode.DismissedAlready, `group ${req.groupID} is dismissed`);
    }
    await this.rules.memberOrAdmin(caller, req.groupID);
    const answers = await this.answer([req]);
    return answers.get(req.groupID)!;
  }

  /**
   * Many groups at once (the SDK's first sync asks for all its groups): a fixed number of queries. Each group is
   * checked as the single route checks it, and the first refusal (not a member, unknown, dismissed) fails the
   * whole batch, as the reference's BatchGetIncrementalGroupMember (internal/rpc/group/sync.go) does. The SDK
   * core (internal/group/incremental_sync.go) asks again for every group missing from an answer, so leaving
   * a group out made it loop for ever, e.g. on a fresh login of a member of a dismissed group.
   */
  async membersBatch(
    caller: Caller,
    userID: string,
    reqs: GetIncrementalGroupMemberReq[],
  ): Promise<Record<string, GetIncrementalGroupMemberResp>> {
    assertSelfOrAdmin(caller, userID);
    const seen = new Set<string>();
    const wanted = reqs.filter((r) => !seen.has(r.groupID) && !!seen.add(r.groupID));
    const groups = new Map((await this.groups.findGroups([...seen])).map((g) => [g.groupID, g]));
    const mine = new Set((await this.members.membershipsOf(caller.userID, [...seen])).map((m) => m.groupID));
    for (const { groupID } of wanted) {
      if (!caller.isAdmin && !mine.has(groupID)) {
        throw ImError.noPermission(`${caller.userID} is not a member of group ${groupID}`);
      }
      const group = groups.get(groupID);
      if (!group) throw ImError.notFound(`group ${groupID} not found`);
      if (group.status === GroupStatus.Dismissed) {
        throw new ImError(ErrCode.DismissedAlready, `group ${groupID} is dismissed`);
      }
    }
    const answers = await this.answer(wanted);
    const out: Record<string, GetIncrementalGroupMemberResp> = {};
    let budget = 0;
    for (const r of wanted) {
      const a = answers.get(r.groupID);
      if (!a) continue;
      out[r.groupID] = a;
      budget += a.insert.length + a.update.length + a.delete.length;
      if (budget >= BATCH_MEMBER_BUDGET) break;
    }
    return out;
  }

  private async answer(reqs: GetIncrementalGroupMemberReq[]): Promise<Map<string, GetIncrementalGroupMemberResp>> {
    const heads = await this.versions.heads(reqs.map((r) => memberLogKey(r.groupID)));
    const incremental = reqs.filter((r) => {
      const head = heads.get(memberLogKey(r.groupID))!;
      return !needsFull(head, r.versionID, r.version) && (r.version ?? 0) < head.version;
    });
    const entries = await this.versions.changesSinceMany(
      incremental.map((r) => ({ logKey: memberLogKey(r.groupID), version: r.version ?? 0 })),
      MAX_INCREMENTAL_CHANGES + 1,
    );
    const diffs = new Map<string, IncrementalChanges>(
      reqs.map((r) => {
        const key = memberLogKey(r.groupID);
        return [r.groupID, diffOf(heads.get(key)!, r.versionID, r.version, entries.get(key) ?? [])];
      }),
    );
    const pairs = [...diffs].flatMap(([groupID, d]) =>
      [...d.inserted, ...d.updated].filter((u) => u !== GROUP_INFO_ELEMENT).map((userID) => ({ groupID, userID })),
    );
    const memberInfos = await this.views.memberInfos(await this.members.findPairs(pairs));
    const byKey = new Map(memberInfos.map((m) => [`${m.groupID}\u0000${m.userID}`, m]));
    const withGroup = [...diffs].filter(([, d]) => d.full || d.deleted.length + d.inserted.length + d.updated.length);
    const groupRows = await this.groups.findGroups(withGroup.map(([g]) => g));
    const infos = new Map((await this.views.groupInfos(groupRows)).map((g) => [g.groupID, g]));
    const out = new Map<string, GetIncrementalGroupMemberResp>();
    for (const [groupID, d] of diffs) {
      const load = (ids: string[]) => ids.flatMap((id) => byKey.get(`${groupID}\u0000${id}`) ?? []);
      out.set(groupID, {
        version: d.version,
        versionID: d.versionID,
        full: d.full,
        delete: d.deleted.filter((id) => id !== GROUP_INFO_ELEMENT),
        insert: load(d.inserted),
        update: load(d.updated),
        group: infos.get(groupID) ?? null,
        sortVersion: d.updated.includes(SORT_ELEMENT) ? d.version : 0,
      });
    }
    return out;
  }
}
