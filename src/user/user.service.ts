import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { pageOf } from '../common/dto/pagination.dto';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { isUniqueViolation } from '../infra/database/sql-util';
import { SessionType } from '../protocol/message';
import { NotificationType } from '../protocol/notification-type';
import { NotificationService } from '../notification/notification.service';
import { WebhookService } from '../webhook/webhook.service';
import { applyRegisterAnswer } from './user-webhooks';
import type { UserInfoUpdatedTips } from '../notification/tips';
import {
  AccountCheckReq,
  AccountCheckResp,
  GetAllUsersIDReq,
  GetAllUsersIDResp,
  GetUsersReq,
  GetUsersResp,
  SetGlobalRecvMessageOptReq,
  UpdateUserInfoExReq,
  UpdateUserInfoReq,
  UserInfo,
  UserRegisterReq,
} from './user.dto';
import { UserCache } from './user-cache';
import { UserPatch, UserRepository } from './user.repository';
import type { UserRow } from './user.schema';
import { UserRegisterCountReq, UserRegisterCountResp } from './user-statistics.dto';

/** A user as other modules see it (the stored row; read-only outside the user module). */
export type User = Readonly<UserRow>;

export enum AppLevel {
  ImUser = 0,
  AppUser = 1,
  AppAdmin = 2,
  NotificationAccount = 3,
  Robot = 4,
}

export function toUserInfo(row: UserRow): UserInfo {
  return {
    userID: row.userID,
    nickname: row.nickname,
    faceURL: row.faceURL,
    ex: row.ex,
    createTime: row.createTime,
    appMangerLevel: row.appMangerLevel,
    globalRecvMsgOpt: row.globalRecvMsgOpt,
  };
}

/** A committed change of the profile fields other users see (nickname, face). */
export interface ProfileChange {
  userID: string;
  nickname: string;
  faceURL: string;
}

/** Friends and groups fan a profile change out to their version logs and notifications (awaited, after commit). */
export type ProfileChangeListener = (change: ProfileChange) => Promise<void>;

@Injectable()
export class UserService implements OnApplicationBootstrap {
  private readonly profileListeners: ProfileChangeListener[] = [];
  private readonly log = new Logger('Users');

  constructor(
    private readonly repo: UserRepository,
    private readonly cache: UserCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationService,
    private readonly webhooks: WebhookService,
  ) {}

  /** The configured app administrators exist from the first start on. */
  async onApplicationBootstrap(): Promise<void> {
    const now = Date.now();
    await this.repo.insertMissing(
      this.config.adminUserIDs.map((userID) => ({
        userID,
        nickname: userID,
        faceURL: '',
        ex: '',
        appMangerLevel: AppLevel.AppAdmin,
        globalRecvMsgOpt: 0,
        createTime: now,
      })),
    );
  }

  async register(req: UserRegisterReq): Promise<void> {
    const ids = req.users.map((u) => u.userID);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup !== undefined) throw ImError.args(`users: duplicate userID ${dup}`);
    const existing = await this.repo.existingIds(ids);
    if (existing.size) throw new ImError(ErrCode.RegisteredAlready, `already registered: ${[...existing].join(',')}`);
    const now = Date.now();
    const rows: UserRow[] = req.users.map((u) => ({
      userID: u.userID,
      nickname: u.nickname ?? '',
      faceURL: u.faceURL ?? '',
      ex: u.ex ?? '',
      appMangerLevel: u.appMangerLevel ?? AppLevel.ImUser,
      globalRecvMsgOpt: u.globalRecvMsgOpt ?? 0,
      createTime: now,
    }));
    if (this.webhooks.enabled('beforeUserRegister')) {
      applyRegisterAnswer(rows, await this.webhooks.before('beforeUserRegister', { users: rows.map(toUserInfo) }));
    }
    try {
      await this.repo.insertMany(rows);
    } catch (err) {
      // Two concurrent registrations of one ID: the loser learns it here.
      if (isUniqueViolation(err)) throw new ImError(ErrCode.RegisteredAlready, 'a user ID was registered concurrently');
      throw err;
    }
    this.log.log(`registered ${rows.length} user(s)`);
    this.webhooks.after('afterUserRegister', { users: rows.map(toUserInfo) });
  }

  /** Deprecated update: empty strings and zero numbers leave the field unchanged. */
  async updateUserInfo(caller: Caller, req: UpdateUserInfoReq): Promise<UserRow> {
    const u = req.userInfo;
    const patch: UserPatch = {};
    if (u.nickname) patch.nickname = u.nickname;
    if (u.faceURL) patch.faceURL = u.faceURL;
    if (u.ex) patch.ex = u.ex;
    if (u.globalRecvMsgOpt) patch.globalRecvMsgOpt = u.globalRecvMsgOpt;
    if (u.appMangerLevel) patch.appMangerLevel = u.appMangerLevel;
    return this.applyUpdate(caller, u.userID, patch);
  }

  /** Partial update: absent or null leaves a field unchanged, "" clears it. */
  async updateUserInfoEx(caller: Caller, req: UpdateUserInfoExReq): Promise<UserRow> {
    const u = req.userInfo;
    const patch: UserPatch = {};
    if (u.nickname != null) patch.nickname = u.nickname;
    if (u.faceURL != null) patch.faceURL = u.faceURL;
    if (u.ex != null) patch.ex = u.ex;
    if (u.globalRecvMsgOpt != null) patch.globalRecvMsgOpt = u.globalRecvMsgOpt;
    return this.applyUpdate(caller, u.userID, patch);
  }

  async setGlobalRecvMsgOpt(caller: Caller, req: SetGlobalRecvMessageOptReq): Promise<UserRow> {
    return this.applyUpdate(caller, req.userID, { globalRecvMsgOpt: req.globalRecvMsgOpt });
  }

  async getUsersInfo(userIDs: readonly string[]): Promise<UserInfo[]> {
    const byId = await this.cache.findMany([...new Set(userIDs)]);
    // In request order, unknown IDs left out.
    return [...new Set(userIDs)].flatMap((id) => {
      const r = byId.get(id);
      return r ? [toUserInfo(r)] : [];
    });
  }

  async getAllUserIDs(req: GetAllUsersIDReq): Promise<GetAllUsersIDResp> {
    const { offset, limit } = pageOf(req.pagination, 1000);
    const { total, ids } = await this.repo.pageIds(offset, limit);
    return { total, userIDs: ids };
  }

  async accountCheck(req: AccountCheckReq): Promise<AccountCheckResp> {
    const existing = await this.repo.existingIds(req.checkUserIDs);
    return {
      results: req.checkUserIDs.map((userID) => ({
        userID,
        accountStatus: existing.has(userID) ? 'registered' : 'unregistered',
      })),
    };
  }

  /** App users (levels 0 and 1), optionally those whose ID or nickname contains the given text. */
  async getUsers(req: GetUsersReq): Promise<GetUsersResp> {
    const { offset, limit } = pageOf(req.pagination, 100);
    const { total, rows } = await this.repo.page(
      { levels: [AppLevel.ImUser, AppLevel.AppUser], userIDLike: req.userID, nicknameLike: req.nickName },
      offset,
      limit,
    );
    return { total, users: rows.map(toUserInfo) };
  }

  async registrationStats(req: UserRegisterCountReq): Promise<UserRegisterCountResp> {
    if (req.start > req.end) throw ImError.args('start must not be after end');
    const { total, before, perDay } = await this.repo.registrationsPerDay(req.start, req.end);
    return { total, before, count: Object.fromEntries(perDay) };
  }

  /** For other modules: the users, or 1003 naming the unknown ones. */
  async requireUsers(userIDs: readonly string[]): Promise<Map<string, UserRow>> {
    const unique = [...new Set(userIDs)];
    const byId = await this.cache.findMany(unique);
    const missing = unique.filter((id) => !byId.has(id));
    if (missing.length) throw ImError.userNotFound(missing);
    return byId;
  }

  async requireUser(userID: string): Promise<UserRow> {
    const row = await this.cache.find(userID);
    if (!row) throw ImError.userNotFound(userID);
    return row;
  }

  findUser(userID: string): Promise<UserRow | undefined> {
    return this.cache.find(userID);
  }

  /** Registers a module's fan-out of nickname/face changes (friend 1209, group member 1516). */
  onProfileChanged(listener: ProfileChangeListener): void {
    this.profileListeners.push(listener);
  }

  isAdminID(userID: string): boolean {
    return this.config.adminUserIDs.includes(userID);
  }

  /** Applies a change a user (or an admin) made, then tells the user's devices (1303). */
  private async applyUpdate(caller: Caller, userID: string, patch: UserPatch): Promise<UserRow> {
    assertSelfOrAdmin(caller, userID);
    if (patch.appMangerLevel !== undefined && !caller.isAdmin) {
      const current = await this.repo.findById(userID);
      // Old SDKs send the whole user object back: only an actual change of level is refused.
      if (current && current.appMangerLevel !== patch.appMangerLevel) {
        throw ImError.noPermission('only an app administrator may change appMangerLevel');
      }
      delete patch.appMangerLevel;
    }
    const row = await this.repo.update(userID, patch);
    if (!row) throw ImError.userNotFound(userID);
    this.cache.changed([userID]);
    const tips: UserInfoUpdatedTips = { userID };
    await this.notifications.notify({
      sendID: caller.userID,
      recvID: userID,
      sessionType: SessionType.Single,
      contentType: NotificationType.UserInfoUpdated,
      tips,
    });
    if (patch.nickname !== undefined || patch.faceURL !== undefined) {
      const change: ProfileChange = { userID, nickname: row.nickname, faceURL: row.faceURL };
      for (const listener of this.profileListeners) await listener(change);
    }
    return row;
  }
}
