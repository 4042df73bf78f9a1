import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { pageOf } from '../common/dto/pagination.dto';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { isUniqueViolation } from '../infra/database/sql-util';
import {
  AddNotificationAccountReq,
  NotificationAccountInfo,
  SearchNotificationAccountReq,
  SearchNotificationAccountResp,
  UpdateNotificationAccountReq,
} from './notification-account.dto';
import { UserCache } from './user-cache';
import { UserRepository } from './user.repository';
import type { UserRow } from './user.schema';
import { AppLevel } from './user.service';

function toAccount(r: UserRow): NotificationAccountInfo {
  return { userID: r.userID, faceURL: r.faceURL, nickName: r.nickname, appMangerLevel: r.appMangerLevel };
}

/** System accounts (level 3 notification, 4 robot) that send notifications and cannot log in. */
@Injectable()
export class NotificationAccountService {
  constructor(
    private readonly repo: UserRepository,
    private readonly cache: UserCache,
  ) {}

  async add(req: AddNotificationAccountReq): Promise<NotificationAccountInfo> {
    const row: UserRow = {
      userID: req.userID ?? '',
      nickname: req.nickName,
      faceURL: req.faceURL ?? '',
      ex: '',
      appMangerLevel: req.appMangerLevel,
      globalRecvMsgOpt: 0,
      createTime: Date.now(),
    };
    if (req.userID) {
      if ((await this.repo.existingIds([req.userID])).size) throw ImError.args(`userID ${req.userID} is used`);
      await this.insert(row, true);
      return toAccount(row);
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      row.userID = String(randomInt(1_000_000_000, 10_000_000_000));
      if (await this.insert(row, false)) return toAccount(row);
    }
    throw new ImError(ErrCode.Data, 'could not generate a free userID');
  }

  async update(req: UpdateNotificationAccountReq): Promise<void> {
    if (!req.nickName && !req.faceURL) throw ImError.args('nickName or faceURL must be given');
    const user = await this.repo.findById(req.userID);
    if (!user || user.appMangerLevel < AppLevel.NotificationAccount) {
      throw ImError.args(`userID ${req.userID} is not a notification account`);
    }
    await this.repo.update(req.userID, {
      ...(req.nickName ? { nickname: req.nickName } : {}),
      ...(req.faceURL ? { faceURL: req.faceURL } : {}),
    });
    this.cache.changed([req.userID]);
  }

  /** With a keyword: the account with that exact ID, else those with that exact nickname. */
  async search(req: SearchNotificationAccountReq): Promise<SearchNotificationAccountResp> {
    const { offset, limit } = pageOf(req.pagination);
    // App administrators have level 2, so the level filter already leaves them out.
    const base = req.appManagerLevel ? { levels: [req.appManagerLevel] } : { minLevel: AppLevel.NotificationAccount };
    let result = await this.repo.page(req.keyword ? { ...base, exactUserID: req.keyword } : base, offset, limit);
    if (req.keyword && result.total === 0) {
      result = await this.repo.page({ ...base, exactNickname: req.keyword }, offset, limit);
    }
    return { total: result.total, notificationAccounts: result.rows.map(toAccount) };
  }

  private async insert(row: UserRow, mustSucceed: boolean): Promise<boolean> {
    try {
      await this.repo.insertMany([row]);
      return true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (mustSucceed) throw ImError.args(`userID ${row.userID} is used`);
      return false;
    }
  }
}
