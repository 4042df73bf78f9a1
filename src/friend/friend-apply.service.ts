import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { DatabaseService } from '../infra/database/database.service';
import type { FriendRequestTip } from '../notification/tips';
import { UserService } from '../user/user.service';
import {
  ApplyToAddFriendReq,
  DesignatedFriendsApplyResp,
  GetPaginationFriendsApplyReq,
  GetSelfUnhandledApplyCountReq,
  RespondFriendApplyReq,
} from './friend-apply.dto';
import { FriendLinks } from './friend-links';
import { FriendNotifier } from './friend-notifier';
import { FriendRequestRepository, HandleResult } from './friend-request.repository';
import { FriendRepository } from './friend.repository';
import type { FriendRequestRow } from './friend.schema';
import { AddSource, toFriendRequest } from './friend-views';
import { RelationCache } from './relation-cache';
import { WebhookService } from '../webhook/webhook.service';

/** Friend applications: apply, respond, and the lists of applications to and from a user. */
@Injectable()
export class FriendApplyService {
  constructor(
    private readonly database: DatabaseService,
    private readonly requests: FriendRequestRepository,
    private readonly friends: FriendRepository,
    private readonly links: FriendLinks,
    private readonly users: UserService,
    private readonly notifier: FriendNotifier,
    private readonly relations: RelationCache,
    private readonly webhooks: WebhookService,
  ) {}

  /** Applies (or re-applies: the application is reset to pending); 1203 to the target. */
  async apply(caller: Caller, req: ApplyToAddFriendReq): Promise<void> {
    assertSelfOrAdmin(caller, req.fromUserID);
    if (req.fromUserID === req.toUserID) throw new ImError(ErrCode.CanNotAddYourself, 'toUserID is the applicant');
    const users = await this.users.requireUsers([req.fromUserID, req.toUserID]);
    const both = await this.friends.relations([
      { ownerUserID: req.fromUserID, targetUserID: req.toUserID },
      { ownerUserID: req.toUserID, targetUserID: req.fromUserID },
    ]);
    if (both.every((r) => r.friend)) {
      throw new ImError(ErrCode.RelationshipAlready, `${req.fromUserID} and ${req.toUserID} are already friends`);
    }
    const { fromUserID, toUserID } = req;
    const reqMsg = req.reqMsg ?? '';
    await this.webhooks.before('beforeAddFriend', { fromUserID, toUserID, reqMsg, ex: req.ex ?? '' });
    const row: FriendRequestRow = {
      fromUserID: req.fromUserID,
      toUserID: req.toUserID,
      handleResult: HandleResult.Pending,
      reqMsg: req.reqMsg ?? '',
      createTime: Date.now(),
      handlerUserID: '',
      handleMsg: '',
      handleTime: 0,
      ex: req.ex ?? '',
    };
    await this.database.transaction((tx) => this.requests.upsertPending(tx, row));
    this.webhooks.after('afterAddFriend', { fromUserID, toUserID, reqMsg });
    await this.notifier.applied(toFriendRequest(row, users));
  }

  /** Agrees (both become friends; a pending application the other way is agreed too) or refuses. */
  async respond(caller: Caller, req: RespondFriendApplyReq): Promise<void> {
    assertSelfOrAdmin(caller, req.toUserID);
    if (req.handleResult !== HandleResult.Agreed && req.handleResult !== HandleResult.Refused) {
      throw ImError.args('handleResult must be 1 (agree) or -1 (refuse)');
    }
    const handle = {
      handleResult: req.handleResult,
      handlerUserID: caller.userID,
      handleMsg: req.handleMsg ?? '',
      handleTime: Date.now(),
    };
    const { fromUserID: applicant, toUserID: responder } = req;
    const created = await this.database.transaction(async (tx) => {
      const current = await this.requests.find(applicant, responder, tx);
      if (!current) throw ImError.notFound(`no friend application from ${applicant} to ${responder}`);
      if (!(await this.requests.handle(tx, applicant, responder, handle))) {
        throw new ImError(ErrCode.FriendRequestHandled, 'the application was already handled');
      }
      if (req.handleResult === HandleResult.Refused) return [];
      await this.requests.handle(tx, responder, applicant, handle);
      const link = (owner: string, friend: string) => ({
        ownerUserID: owner,
        friendUserID: friend,
        remark: '',
        createTime: handle.handleTime,
        addSource: AddSource.Applied,
        operatorUserID: applicant,
        ex: '',
        isPinned: false,
      });
      return this.links.link(tx, [link(applicant, responder), link(responder, applicant)], 'toUserID');
    });
    this.relations.changed(created.map((r) => r.ownerUserID));
    const request = await this.requestTip(applicant, responder);
    if (req.handleResult === HandleResult.Agreed) {
      await this.notifier.approved(applicant, responder, handle.handleMsg, request);
    } else if (request) {
      await this.notifier.rejected(applicant, responder, handle.handleMsg, request);
    }
  }

  async pageTo(
    caller: Caller,
    req: GetPaginationFriendsApplyReq,
  ): Promise<{ total: number; rows: FriendRequestTip[] }> {
    return this.page(caller, 'to', req);
  }

  async pageFrom(
    caller: Caller,
    req: GetPaginationFriendsApplyReq,
  ): Promise<{ total: number; rows: FriendRequestTip[] }> {
    return this.page(caller, 'from', req);
  }

  /** The applications between two users (both directions); the caller must be one of them. */
  async designated(caller: Caller, fromUserID: string, toUserID: string): Promise<DesignatedFriendsApplyResp> {
    if (!caller.isAdmin && caller.userID !== fromUserID && caller.userID !== toUserID) {
      throw ImError.noPermission('the caller must be fromUserID or toUserID');
    }
    const rows = await this.requests.findBoth(fromUserID, toUserID);
    return { friendRequests: await this.tips(rows) };
  }

  async unhandledCount(caller: Caller, req: GetSelfUnhandledApplyCountReq): Promise<number> {
    assertSelfOrAdmin(caller, req.userID);
    return this.requests.countPendingTo(req.userID, req.time ?? 0);
  }

  private async page(
    caller: Caller,
    direction: 'to' | 'from',
    req: GetPaginationFriendsApplyReq,
  ): Promise<{ total: number; rows: FriendRequestTip[] }> {
    assertSelfOrAdmin(caller, req.userID);
    const { offset, limit } = pageOf(req.pagination);
    const { total, rows } = await this.requests.page(direction, req.userID, req.handleResults, offset, limit);
    return { total, rows: await this.tips(rows) };
  }

  private async requestTip(fromUserID: string, toUserID: string): Promise<FriendRequestTip | null> {
    const row = await this.requests.find(fromUserID, toUserID);
    return row ? (await this.tips([row]))[0] : null;
  }

  /** Applications with both users' names: one user query for the whole list. */
  private async tips(rows: FriendRequestRow[]): Promise<FriendRequestTip[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.fromUserID, r.toUserID]))];
    const users = new Map((await this.users.getUsersInfo(ids)).map((u) => [u.userID, u]));
    return rows.map((r) => toFriendRequest(r, users));
  }
}
