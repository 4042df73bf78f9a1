import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { DatabaseService } from '../infra/database/database.service';
import { RoleLevel } from '../protocol/group';
import { NotificationType } from '../protocol/notification-type';
import { UserService } from '../user/user.service';
import type {
  GetGroupApplicationListReq,
  GetUserReqApplicationListReq,
  GroupApplicationResponseReq,
  GroupRequestListResp,
  JoinGroupReq,
} from './dto/request.dto';
import { GroupApplications } from './group-applications';
import { GroupDirectory } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupMemberService } from './group-member.service';
import { GroupMembership, memberRow } from './group-membership';
import { GroupNotifier } from './group-notifier';
import { GroupRequestRepository } from './group-request.repository';
import { GroupRules } from './group-rules';
import { GroupViews } from './group-views';
import { WebhookService } from '../webhook/webhook.service';
import { currentOperationID } from '../common/context/request-context';

const FREE_JOIN = 2;

/** Applying to join a group, answering applications, and the application lists. */
@Injectable()
export class GroupApplicationService {
  constructor(
    private readonly database: DatabaseService,
    private readonly requests: GroupRequestRepository,
    private readonly members: GroupMemberRepository,
    private readonly membership: GroupMembership,
    private readonly applications: GroupApplications,
    private readonly memberService: GroupMemberService,
    private readonly rules: GroupRules,
    private readonly views: GroupViews,
    private readonly notifier: GroupNotifier,
    private readonly directory: GroupDirectory,
    private readonly users: UserService,
    private readonly webhooks: WebhookService,
  ) {}

  /** The SDK names the applicant in `inviterUserID` (itself); only an app admin may apply for someone else. */
  async join(caller: Caller, req: JoinGroupReq): Promise<void> {
    const applicant = req.inviterUserID || caller.userID;
    assertSelfOrAdmin(caller, applicant);
    await this.users.requireUser(applicant);
    const now = Date.now();
    const result = await this.database.transaction(async (tx) => {
      const group = await this.rules.active(req.groupID, tx, true);
      if (await this.rules.member(req.groupID, applicant, tx)) {
        throw ImError.args(`groupID: ${applicant} is already a member of group ${req.groupID}`);
      }
      if (group.needVerification === FREE_JOIN) {
        const how = { joinSource: req.joinSource, operatorUserID: caller.userID, inviterUserID: '' };
        await this.membership.add(
          tx,
          req.groupID,
          [memberRow(req.groupID, applicant, RoleLevel.Member, now, how)],
          now,
        );
        return { kind: 'entered' as const };
      }
      const how = { joinSource: req.joinSource, inviterUserID: '', reqMsg: req.reqMessage ?? '', ex: req.ex };
      return {
        kind: 'requested' as const,
        requests: await this.applications.request(tx, req.groupID, [applicant], how, now),
      };
    });
    if (result.kind === 'requested') return this.applications.announce(caller.userID, result.requests);
    this.directory.changed([req.groupID]);
    // the reference's body has no userID (its SDK names the applicant in inviterUserID); ours adds it
    this.webhooks.after('afterJoinGroup', {
      operationID: currentOperationID() ?? '',
      groupID: req.groupID,
      reqMessage: req.reqMessage ?? '',
      joinSource: req.joinSource,
      inviterUserID: applicant,
      userID: applicant,
    });
    await this.announceEntered(caller.userID, req.groupID, applicant);
  }

  async respond(caller: Caller, req: GroupApplicationResponseReq): Promise<void> {
    if (req.handleResult === 0) throw ImError.args('handleResult must be 1 (accept) or -1 (refuse)');
    const now = Date.now();
    const { request, added } = await this.database.transaction(async (tx) => {
      await this.rules.active(req.groupID, tx, true);
      await this.rules.manager(caller, req.groupID, tx);
      const handled = await this.requests.handle(tx, req.groupID, req.fromUserID, {
        handleResult: req.handleResult,
        handleMsg: req.handledMsg ?? '',
        handleUserID: caller.userID,
        handleTime: now,
      });
      if (!handled) {
        if (await this.requests.find(req.groupID, req.fromUserID, tx)) {
          throw new ImError(ErrCode.GroupRequestHandled, 'this application was handled already');
        }
        throw ImError.notFound(`${req.fromUserID} has no application to group ${req.groupID}`);
      }
      if (req.handleResult !== 1 || (await this.rules.member(req.groupID, req.fromUserID, tx))) {
        return { request: handled, added: false };
      }
      const how = {
        joinSource: handled.joinSource,
        operatorUserID: caller.userID,
        inviterUserID: handled.inviterUserID,
      };
      const row = memberRow(req.groupID, req.fromUserID, RoleLevel.Member, now, how);
      await this.membership.add(tx, req.groupID, [row], now);
      return { request: handled, added: true };
    });
    const [tip] = await this.applications.tips([request]);
    const managers = (await this.members.managers([req.groupID])).map((m) => m.userID);
    const ctx = await this.notifier.context(req.groupID, caller.userID);
    if (tip && ctx) {
      const type =
        req.handleResult === 1 ? NotificationType.GroupApplicationAccepted : NotificationType.GroupApplicationRejected;
      const uuid = randomUUID(); // one per decision: the SDK core drops a uuid it saw in the last 10 s
      await this.notifier.toUsers(type, caller.userID, [...managers, req.fromUserID], (recvID) => ({
        group: ctx.group,
        opUser: ctx.opUser,
        handleMsg: req.handledMsg ?? '',
        receiverAs: recvID === req.fromUserID ? 0 : 1,
        uuid,
        request: tip,
      }));
    }
    if (!added) return;
    this.directory.changed([req.groupID]);
    if (request.inviterUserID) {
      await this.memberService.announceInvited(request.inviterUserID, req.groupID, [req.fromUserID]);
    } else {
      await this.announceEntered(caller.userID, req.groupID, req.fromUserID);
    }
  }

  private async announceEntered(opUserID: string, groupID: string, userID: string): Promise<void> {
    const rows = await this.members.findMembers(groupID, [userID]);
    await this.notifier.toGroup(NotificationType.MemberEnter, groupID, opUserID, async (ctx) => ({
      ...ctx,
      entrantUser: rows.length ? (await this.notifier.memberTips(rows))[0] : null,
    }));
  }

  /** Applications to the groups `fromUserID` owns or administers (all, or the listed ones). */
  async received(caller: Caller, req: GetGroupApplicationListReq): Promise<GroupRequestListResp> {
    assertSelfOrAdmin(caller, req.fromUserID);
    const managed = await this.members.managedGroupIDs(req.fromUserID);
    let groupIDs = managed;
    if (req.groupIDs?.length) {
      const foreign = req.groupIDs.find((g) => !managed.includes(g));
      if (foreign !== undefined && !caller.isAdmin) {
        throw ImError.noPermission(`${req.fromUserID} does not manage group ${foreign}`);
      }
      groupIDs = req.groupIDs;
    }
    return this.page({ groupIDs, handleResults: req.handleResults }, req.pagination);
  }

  async sent(caller: Caller, req: GetUserReqApplicationListReq): Promise<GroupRequestListResp> {
    assertSelfOrAdmin(caller, req.userID);
    const groupIDs = req.groupIDs?.length ? req.groupIDs : undefined;
    return this.page({ userID: req.userID, groupIDs, handleResults: req.handleResults }, req.pagination);
  }

  async ofUsers(caller: Caller, groupID: string, userIDs: string[]): Promise<GroupRequestListResp> {
    await this.rules.group(groupID);
    await this.rules.manager(caller, groupID);
    const rows = await this.requests.byUsers(groupID, userIDs);
    return { total: rows.length, groupRequests: await this.views.requests(rows) };
  }

  /** One user's application to one group: for that user, the group's owner and admins, or an app admin. */
  async specified(caller: Caller, groupID: string, userID: string): Promise<GroupRequestListResp> {
    await this.rules.group(groupID);
    if (caller.userID !== userID) await this.rules.manager(caller, groupID);
    const rows = await this.requests.byUsers(groupID, [userID]);
    return { total: rows.length, groupRequests: await this.views.requests(rows) };
  }

  async unhandledCount(caller: Caller, userID: string, since = 0): Promise<number> {
    assertSelfOrAdmin(caller, userID);
    return this.requests.unhandledCount(await this.members.managedGroupIDs(userID), since);
  }

  private async page(
    filter: { groupIDs?: string[]; userID?: string; handleResults?: number[] },
    pagination: { pageNumber: number; showNumber: number },
  ): Promise<GroupRequestListResp> {
    const { offset, limit } = pageOf(pagination);
    const { total, rows } = await this.requests.page(filter, offset, limit);
    return { total, groupRequests: await this.views.requests(rows) };
  }
}
