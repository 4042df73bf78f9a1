import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { DatabaseService } from '../infra/database/database.service';
import { RoleLevel } from '../protocol/group';
import { NotificationType } from '../protocol/notification-type';
import { UserService } from '../user/user.service';
import type { GroupMemberFullInfo } from './dto/common';
import {
  GetGroupMemberListReq,
  GetGroupMemberListResp,
  GetJoinedGroupListResp,
  InviteUserToGroupReq,
  KickGroupMemberReq,
  ROLE_FILTERS,
} from './dto/member.dto';
import type { RequestPagination } from '../common/dto/pagination.dto';
import { GroupApplications } from './group-applications';
import { GroupDirectory } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupMembership, memberRow } from './group-membership';
import { GroupNotifier } from './group-notifier';
import { GroupRules, outranks } from './group-rules';
import { GroupViews } from './group-views';
import { GroupRepository } from './group.repository';
import { WebhookService } from '../webhook/webhook.service';

const JOIN_SOURCE_INVITATION = 2;
/** 1509 lists at most this many invitees (the reference's batch size): big invitations become several notices. */
const INVITED_PER_NOTICE = 50;

/** Who is in a group: inviting, leaving, kicking, and the member lists. */
@Injectable()
export class GroupMemberService {
  constructor(
    private readonly database: DatabaseService,
    private readonly groups: GroupRepository,
    private readonly members: GroupMemberRepository,
    private readonly membership: GroupMembership,
    private readonly applications: GroupApplications,
    private readonly rules: GroupRules,
    private readonly views: GroupViews,
    private readonly notifier: GroupNotifier,
    private readonly directory: GroupDirectory,
    private readonly users: UserService,
    private readonly webhooks: WebhookService,
  ) {}

  async invite(caller: Caller, req: InviteUserToGroupReq): Promise<void> {
    // the group is checked first (1004 / 1204), then the users (1004), as the reference does
    await this.rules.active(req.groupID);
    await this.users.requireUsers(req.invitedUserIDs);
    const now = Date.now();
    const done = await this.database.transaction(async (tx) => {
      const group = await this.rules.active(req.groupID, tx, true);
      const op = await this.rules.memberOrAdmin(caller, req.groupID, tx);
      // inviting someone who is in already changes nothing for them
      const inside = new Set(
        (await this.members.findMembers(req.groupID, req.invitedUserIDs, tx)).map((m) => m.userID),
      );
      const fresh = req.invitedUserIDs.filter((id) => !inside.has(id));
      if (!fresh.length) return undefined;
      const ordinary = !caller.isAdmin && (op?.roleLevel ?? 0) < RoleLevel.Admin;
      if (group.needVerification === 1 && ordinary) {
        const how = { joinSource: JOIN_SOURCE_INVITATION, inviterUserID: caller.userID, reqMsg: req.reason ?? '' };
        return {
          kind: 'requested' as const,
          requests: await this.applications.request(tx, req.groupID, fresh, how, now),
        };
      }
      const how = { joinSource: JOIN_SOURCE_INVITATION, operatorUserID: caller.userID, inviterUserID: caller.userID };
      const rows = fresh.map((id) => memberRow(req.groupID, id, RoleLevel.Member, now, how));
      await this.membership.add(tx, req.groupID, rows, now);
      return { kind: 'added' as const, rows };
    });
    if (!done) return;
    if (done.kind === 'requested') return this.applications.announce(caller.userID, done.requests);
    this.directory.changed([req.groupID]);
    await this.announceInvited(
      caller.userID,
      req.groupID,
      done.rows.map((r) => r.userID),
      req.sendMessage,
    );
  }

  /** 1509 for members who came in by invitation (directly, or by an accepted invitation). */
  async announceInvited(opUserID: string, groupID: string, userIDs: string[], isSendMsg?: boolean): Promise<void> {
    const rows = await this.members.findMembers(groupID, userIDs);
    const byID = new Map(rows.map((r) => [r.userID, r]));
    const ordered = userIDs.flatMap((id) => byID.get(id) ?? []);
    for (let i = 0; i < ordered.length; i += INVITED_PER_NOTICE) {
      const batch = ordered.slice(i, i + INVITED_PER_NOTICE);
      await this.notifier.toGroup(
        NotificationType.MemberInvited,
        groupID,
        opUserID,
        async (ctx) => ({ ...ctx, invitedUserList: await this.notifier.memberTips(batch), inviterUser: ctx.opUser }),
        { isSendMsg },
      );
    }
  }

  async quit(caller: Caller, groupID: string, userID: string): Promise<void> {
    assertSelfOrAdmin(caller, userID);
    const row = await this.database.transaction(async (tx) => {
      await this.rules.group(groupID, tx, true);
      const me = await this.rules.member(groupID, userID, tx);
      if (!me) throw ImError.notFound(`${userID} is not a member of group ${groupID}`);
      if (me.roleLevel === RoleLevel.Owner) throw ImError.noPermission("the group owner can't quit");
      await this.membership.remove(tx, groupID, [userID]);
      return me;
    });
    this.directory.changed([groupID]);
    this.webhooks.after('afterQuitGroup', { groupID, userID });
    const notice = await this.notifier.toGroup(
      NotificationType.MemberQuit,
      groupID,
      userID,
      async (ctx) => ({ ...ctx, quitUser: (await this.notifier.memberTips([row]))[0] }),
      { extraUserIDs: [userID], opRow: row },
    );
    await this.membership.keepNotice(groupID, [userID], notice);
  }

  async kick(caller: Caller, req: KickGroupMemberReq): Promise<void> {
    if (req.kickedUserIDs.includes(caller.userID)) throw ImError.args('kickedUserIDs: one cannot kick oneself');
    const kicked = await this.database.transaction(async (tx) => {
      await this.rules.active(req.groupID, tx, true);
      const op = await this.rules.member(req.groupID, caller.userID, tx);
      if (!op && !caller.isAdmin) throw ImError.noPermission(`${caller.userID} is not a member of ${req.groupID}`);
      const targets = await this.members.findMembers(req.groupID, req.kickedUserIDs, tx);
      const found = new Set(targets.map((t) => t.userID));
      const missing = req.kickedUserIDs.filter((id) => !found.has(id));
      if (missing.length) throw new ImError(ErrCode.UserIDNotFound, `not members: ${missing.join(',')}`);
      for (const t of targets) {
        if (t.roleLevel === RoleLevel.Owner) throw ImError.args('kickedUserIDs: the owner cannot be kicked');
        if (!outranks(op?.roleLevel ?? 0, caller.isAdmin, t.roleLevel)) {
          throw ImError.noPermission(`${caller.userID} may not kick ${t.userID}`);
        }
      }
      await this.membership.remove(tx, req.groupID, req.kickedUserIDs);
      return targets;
    });
    this.directory.changed([req.groupID]);
    const kickedIDs = kicked.map((k) => k.userID);
    const notice = await this.notifier.toGroup(
      NotificationType.MemberKicked,
      req.groupID,
      caller.userID,
      async (ctx) => ({ ...ctx, kickedUserList: await this.notifier.memberTips(kicked) }),
      { isSendMsg: req.sendMessage, extraUserIDs: kickedIDs },
    );
    await this.membership.keepNotice(req.groupID, kickedIDs, notice);
  }

  async membersInfo(caller: Caller, groupID: string, userIDs: string[]): Promise<GroupMemberFullInfo[]> {
    await this.rules.group(groupID);
    await this.rules.memberOrAdmin(caller, groupID);
    const rows = await this.members.findMembers(groupID, userIDs);
    const byID = new Map(rows.map((r) => [r.userID, r]));
    return this.views.memberInfos([...new Set(userIDs)].flatMap((id) => byID.get(id) ?? []));
  }

  async memberList(caller: Caller, req: GetGroupMemberListReq): Promise<GetGroupMemberListResp> {
    await this.rules.group(req.groupID);
    await this.rules.memberOrAdmin(caller, req.groupID);
    const { offset, limit } = pageOf(req.pagination);
    const filter = { roles: ROLE_FILTERS[req.filter ?? 0], keyword: req.keyword || undefined };
    const { total, rows } = await this.members.page(req.groupID, filter, offset, limit);
    return { total, members: await this.views.memberInfos(rows) };
  }

  async memberIDs(caller: Caller, groupID: string): Promise<string[]> {
    await this.rules.group(groupID);
    await this.rules.memberOrAdmin(caller, groupID);
    return this.members.memberIDs(groupID);
  }

  async joined(caller: Caller, userID: string, page: RequestPagination): Promise<GetJoinedGroupListResp> {
    assertSelfOrAdmin(caller, userID);
    const { offset, limit } = pageOf(page);
    const { total, groupIDs } = await this.members.pageJoined(userID, offset, limit);
    const rows = new Map((await this.groups.findGroups(groupIDs)).map((g) => [g.groupID, g]));
    const ordered = groupIDs.flatMap((id) => rows.get(id) ?? []);
    return { total, groups: await this.views.groupInfos(ordered) };
  }
}
