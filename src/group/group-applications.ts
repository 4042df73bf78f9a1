import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Tx } from '../infra/database/database.service';
import type { GroupRequestTip } from '../notification/group-tips';
import { NotificationType } from '../protocol/notification-type';
import { GroupMemberRepository } from './group-member.repository';
import { GroupNotifier } from './group-notifier';
import { GroupRequestRepository } from './group-request.repository';
import { GroupViews } from './group-views';
import type { GroupRequestRow } from './group.schema';

export interface ApplicationHow {
  joinSource: number;
  /** who invited (the invitation flow); "" for a user's own application */
  inviterUserID: string;
  reqMsg: string;
  ex?: string;
}

/** Pending applications: storing them (join, invitation into a group that needs approval) and announcing 1503. */
@Injectable()
export class GroupApplications {
  constructor(
    private readonly requests: GroupRequestRepository,
    private readonly members: GroupMemberRepository,
    private readonly views: GroupViews,
    private readonly notifier: GroupNotifier,
  ) {}

  async request(
    tx: Tx,
    groupID: string,
    userIDs: readonly string[],
    how: ApplicationHow,
    now: number,
  ): Promise<GroupRequestRow[]> {
    const rows = userIDs.map((userID) => ({
      groupID,
      userID,
      handleResult: 0,
      reqMsg: how.reqMsg,
      handleMsg: '',
      reqTime: now,
      handleUserID: '',
      handleTime: 0,
      ex: how.ex ?? '',
      joinSource: how.joinSource,
      inviterUserID: how.inviterUserID,
    }));
    await this.requests.upsertMany(tx, rows);
    return rows;
  }

  /** 1503 to the group's owner and admins, the applicant and the operator, once per application. */
  async announce(opUserID: string, rows: readonly GroupRequestRow[]): Promise<void> {
    if (!rows.length) return;
    const [tips, managers, people] = await Promise.all([
      this.tips(rows),
      this.members.managers(rows.map((r) => r.groupID)),
      this.views.publicUsers(rows.flatMap((r) => [r.userID, r.inviterUserID])),
    ]);
    for (const [i, r] of rows.entries()) {
      const tip = tips[i];
      if (!tip) continue;
      const recipients = [...managers.filter((m) => m.groupID === r.groupID).map((m) => m.userID), r.userID, opUserID];
      // One fresh uuid per application, as the reference's notification sender: the SDK core drops a tip whose
      // uuid it saw in the last 10 s, so a shared "" hid every application but the first of a burst.
      const uuid = randomUUID();
      await this.notifier.toUsers(NotificationType.JoinGroupApplication, opUserID, recipients, () => ({
        group: tip.groupInfo,
        applicant: people.get(r.inviterUserID || r.userID) ?? null,
        reqMsg: r.reqMsg,
        uuid,
        request: tip,
      }));
    }
  }

  /** Requests as tips, in the order of `rows` (undefined where the group is gone). */
  async tips(rows: readonly GroupRequestRow[]): Promise<(GroupRequestTip | undefined)[]> {
    const views = await this.views.requests(rows);
    const byKey = new Map(views.map((v) => [`${v.groupInfo.groupID}\u0000${v.userInfo?.userID ?? ''}`, v]));
    return rows.map((r) => byKey.get(`${r.groupID}\u0000${r.userID}`));
  }
}
