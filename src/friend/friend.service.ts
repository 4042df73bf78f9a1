import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { DatabaseService } from '../infra/database/database.service';
import { UserService } from '../user/user.service';
import { VersionLogRepository, VersionState } from '../versionlog/version-log.repository';
import { GetSpecifiedFriendsInfoResp } from './black.dto';
import {
  DeleteFriendReq,
  FriendInfo,
  GetPaginationFriendsResp,
  ImportFriendReq,
  IsFriendResp,
  SetFriendRemarkReq,
  UpdateFriendsReq,
} from './friend.dto';
import { changesByOwner, FriendLinks } from './friend-links';
import { FriendNotifier } from './friend-notifier';
import { BlackRepository } from './black.repository';
import { FriendPatch, FriendRepository } from './friend.repository';
import type { FriendRow } from './friend.schema';
import { AddSource, friendLogKey, publicUser, SORT_ELEMENT, toBlackInfo, toFriendInfo } from './friend-views';
import { RelationCache } from './relation-cache';

/** A friend entry as conversation lists show it (FriendInfoOnly). */
export interface FriendEntry {
  ownerUserID: string;
  friendUserID: string;
  remark: string;
  createTime: number;
  addSource: number;
  operatorUserID: string;
  ex: string;
  isPinned: boolean;
}

/** A user's friend list: reading it, removing, remarks and pins, and admin imports. */
@Injectable()
export class FriendService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repo: FriendRepository,
    private readonly blacks: BlackRepository,
    private readonly links: FriendLinks,
    private readonly versions: VersionLogRepository,
    private readonly users: UserService,
    private readonly notifier: FriendNotifier,
    private readonly relations: RelationCache,
  ) {}

  /** Removes the friend from the owner's list only (the other side keeps theirs); a non-friend is a no-op. */
  async delete(caller: Caller, req: DeleteFriendReq): Promise<void> {
    assertSelfOrAdmin(caller, req.ownerUserID);
    const deleted = await this.database.transaction(async (tx) => {
      if (!(await this.repo.delete(tx, req.ownerUserID, req.friendUserID))) return false;
      await this.versions.record(tx, changesByOwner([req], VersionState.Delete));
      return true;
    });
    if (!deleted) return;
    this.relations.changed([req.ownerUserID]);
    await this.notifier.deleted(req.ownerUserID, req.friendUserID);
  }

  async setRemark(caller: Caller, req: SetFriendRemarkReq): Promise<void> {
    assertSelfOrAdmin(caller, req.ownerUserID);
    await this.database.transaction(async (tx) => {
      const changed = await this.repo.update(tx, req.ownerUserID, [req.friendUserID], { remark: req.remark });
      if (!changed.length) throw ImError.notFound(`${req.friendUserID} is not a friend of ${req.ownerUserID}`);
      await this.versions.record(tx, changesByOwner([req], VersionState.Update));
    });
    await this.notifier.remarkSet(req.ownerUserID, req.friendUserID);
  }

  /** Sets pin, remark and ex (those given) on the owner's rows of these friends; non-friends are ignored. */
  async update(caller: Caller, req: UpdateFriendsReq): Promise<void> {
    assertSelfOrAdmin(caller, req.ownerUserID);
    const patch: FriendPatch = {};
    if (req.isPinned != null) patch.isPinned = req.isPinned;
    if (req.remark != null) patch.remark = req.remark;
    if (req.ex != null) patch.ex = req.ex;
    const owner = req.ownerUserID;
    const changed = await this.database.transaction(async (tx) => {
      const ids = await this.repo.update(tx, owner, req.friendUserIDs, patch);
      if (!ids.length) return ids;
      const changes = changesByOwner(
        ids.map((friendUserID) => ({ ownerUserID: owner, friendUserID })),
        VersionState.Update,
      );
      // a pin changes the list's order, which clients learn as `sortVersion`
      if (patch.isPinned !== undefined) {
        changes.get(friendLogKey(owner))?.push({ elementID: SORT_ELEMENT, state: VersionState.Update });
      }
      await this.versions.record(tx, changes);
      return ids;
    });
    if (changed.length) await this.notifier.infosUpdated(owner, changed);
  }

  /** Admin: makes the owner and each user friends in both directions (existing friendships are kept). */
  async import(caller: Caller, req: ImportFriendReq): Promise<void> {
    if (req.friendUserIDs.includes(req.ownerUserID)) {
      throw new ImError(ErrCode.CanNotAddYourself, 'friendUserIDs contains ownerUserID');
    }
    await this.users.requireUsers([req.ownerUserID, ...req.friendUserIDs]);
    const now = Date.now();
    const row = (owner: string, friend: string) => ({
      ownerUserID: owner,
      friendUserID: friend,
      remark: '',
      createTime: now,
      addSource: AddSource.Imported,
      operatorUserID: caller.userID,
      ex: '',
      isPinned: false,
    });
    const rows = req.friendUserIDs.flatMap((f) => [row(req.ownerUserID, f), row(f, req.ownerUserID)]);
    const created = await this.database.transaction((tx) => this.links.link(tx, rows, 'friendUserIDs'));
    this.relations.changed(created.map((r) => r.ownerUserID));
    const added = new Set(created.map((r) => (r.ownerUserID === req.ownerUserID ? r.friendUserID : r.ownerUserID)));
    // concurrent, so that the message writer stores them in a few batches rather than one transaction each
    await Promise.all(
      req.friendUserIDs.filter((f) => added.has(f)).map((f) => this.notifier.approved(req.ownerUserID, f, '', null)),
    );
  }

  async isFriend(caller: Caller, userID1: string, userID2: string): Promise<IsFriendResp> {
    if (!caller.isAdmin && caller.userID !== userID1 && caller.userID !== userID2) {
      throw ImError.noPermission('the caller must be userID1 or userID2');
    }
    const [one, two] = await this.repo.relations([
      { ownerUserID: userID1, targetUserID: userID2 },
      { ownerUserID: userID2, targetUserID: userID1 },
    ]);
    return { inUser1Friends: one.friend, inUser2Friends: two.friend };
  }

  async page(caller: Caller, userID: string, p: { pageNumber: number; showNumber: number }) {
    assertSelfOrAdmin(caller, userID);
    const { offset, limit } = pageOf(p);
    const { total, rows } = await this.repo.page(userID, offset, limit);
    return { total, friendsInfo: await this.withUsers(rows) } satisfies GetPaginationFriendsResp;
  }

  async designated(caller: Caller, ownerUserID: string, friendUserIDs: string[]): Promise<FriendInfo[]> {
    assertSelfOrAdmin(caller, ownerUserID);
    return this.withUsers(await this.repo.find(ownerUserID, friendUserIDs));
  }

  async ids(caller: Caller, userID: string): Promise<string[]> {
    assertSelfOrAdmin(caller, userID);
    return this.repo.ids(userID);
  }

  /** For each existing user of the list: the user, the owner's friend entry and black entry (or null). */
  async specifiedInfo(caller: Caller, ownerUserID: string, userIDs: string[]): Promise<GetSpecifiedFriendsInfoResp> {
    assertSelfOrAdmin(caller, ownerUserID);
    const [users, friendRows, blackRows] = await Promise.all([
      this.users.getUsersInfo(userIDs),
      this.repo.find(ownerUserID, userIDs),
      this.blacks.find(ownerUserID, userIDs),
    ]);
    const friendOf = new Map(friendRows.map((r) => [r.friendUserID, r]));
    const blackOf = new Map(blackRows.map((r) => [r.blockUserID, r]));
    return {
      infos: users.map((u) => {
        const f = friendOf.get(u.userID);
        const b = blackOf.get(u.userID);
        return {
          userInfo: u,
          friendInfo: f ? toFriendInfo(f, null) : null,
          blackInfo: b ? toBlackInfo(b, null) : null,
        };
      }),
    };
  }

  /** The owner's entries of these friends without user fields (for conversation lists), by friend ID. */
  async entries(ownerUserID: string, friendUserIDs: string[]): Promise<Map<string, FriendEntry>> {
    const rows = await this.repo.find(ownerUserID, friendUserIDs);
    return new Map(
      rows.map((r) => [
        r.friendUserID,
        {
          ownerUserID: r.ownerUserID,
          friendUserID: r.friendUserID,
          remark: r.remark,
          createTime: r.createTime,
          addSource: r.addSource,
          operatorUserID: r.operatorUserID,
          ex: r.ex,
          isPinned: r.isPinned,
        },
      ]),
    );
  }

  /** Friend entries with their users' public fields: one user query for the whole list. */
  async withUsers(rows: FriendRow[]): Promise<FriendInfo[]> {
    const users = new Map((await this.users.getUsersInfo(rows.map((r) => r.friendUserID))).map((u) => [u.userID, u]));
    return rows.map((r) => toFriendInfo(r, publicUser(r.friendUserID, users.get(r.friendUserID))));
  }
}
