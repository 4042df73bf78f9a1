import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { DatabaseService } from '../infra/database/database.service';
import { UserService } from '../user/user.service';
import { VersionLogRepository, VersionState } from '../versionlog/version-log.repository';
import { AddBlackReq, BlackInfo, BlacksResp, RemoveBlackReq } from './black.dto';
import { BlackRepository } from './black.repository';
import { FriendNotifier } from './friend-notifier';
import type { BlackRow } from './friend.schema';
import { blackLogKey, publicUser, toBlackInfo } from './friend-views';
import { RelationCache } from './relation-cache';

/** Black lists: a blocked user's single-chat messages to the owner are refused (1302). */
@Injectable()
export class BlackService {
  constructor(
    private readonly database: DatabaseService,
    private readonly repo: BlackRepository,
    private readonly versions: VersionLogRepository,
    private readonly users: UserService,
    private readonly notifier: FriendNotifier,
    private readonly relations: RelationCache,
  ) {}

  /** Blocks the user (1207); blocking again only replaces `ex`. */
  async add(caller: Caller, req: AddBlackReq): Promise<void> {
    assertSelfOrAdmin(caller, req.ownerUserID);
    if (req.ownerUserID === req.blackUserID) throw ImError.args('blackUserID must not be ownerUserID');
    await this.users.requireUsers([req.ownerUserID, req.blackUserID]);
    const inserted = await this.database.transaction(async (tx) => {
      const isNew = await this.repo.upsert(tx, {
        ownerUserID: req.ownerUserID,
        blockUserID: req.blackUserID,
        createTime: Date.now(),
        addSource: 0,
        operatorUserID: caller.userID,
        ex: req.ex ?? '',
      });
      const state = isNew ? VersionState.Insert : VersionState.Update;
      await this.versions.record(
        tx,
        new Map([[blackLogKey(req.ownerUserID), [{ elementID: req.blackUserID, state }]]]),
      );
      return isNew;
    });
    this.relations.changed([req.ownerUserID]);
    if (inserted) await this.notifier.black(req.ownerUserID, req.blackUserID, true);
  }

  /** Unblocks the user (1208); a user who is not blocked is a no-op. */
  async remove(caller: Caller, req: RemoveBlackReq): Promise<void> {
    assertSelfOrAdmin(caller, req.ownerUserID);
    const removed = await this.database.transaction(async (tx) => {
      if (!(await this.repo.delete(tx, req.ownerUserID, req.blackUserID))) return false;
      const change = { elementID: req.blackUserID, state: VersionState.Delete };
      await this.versions.record(tx, new Map([[blackLogKey(req.ownerUserID), [change]]]));
      return true;
    });
    if (!removed) return;
    this.relations.changed([req.ownerUserID]);
    await this.notifier.black(req.ownerUserID, req.blackUserID, false);
  }

  async page(caller: Caller, userID: string, p: { pageNumber: number; showNumber: number }): Promise<BlacksResp> {
    assertSelfOrAdmin(caller, userID);
    const { offset, limit } = pageOf(p);
    const { total, rows } = await this.repo.page(userID, offset, limit);
    return { total, blacks: await this.withUsers(rows) };
  }

  async specified(caller: Caller, ownerUserID: string, userIDs: string[]): Promise<BlacksResp> {
    assertSelfOrAdmin(caller, ownerUserID);
    const blacks = await this.withUsers(await this.repo.find(ownerUserID, userIDs));
    return { total: blacks.length, blacks };
  }

  /** Black entries with their users' public fields: one user query for the whole list. */
  async withUsers(rows: BlackRow[]): Promise<BlackInfo[]> {
    const users = new Map((await this.users.getUsersInfo(rows.map((r) => r.blockUserID))).map((u) => [u.userID, u]));
    return rows.map((r) => toBlackInfo(r, publicUser(r.blockUserID, users.get(r.blockUserID))));
  }
}
