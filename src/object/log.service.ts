import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import { isValidPlatform, platformName } from '../protocol/platform';
import { UserService } from '../user/user.service';
import { DeleteLogsReq, SearchLogsReq, SearchLogsResp, UploadLogsReq } from './log.dto';
import { ClientLogRow } from './object.schema';
import { LogRepository } from './log.repository';

/** The reference's default start of a search without times. */
const SEARCH_EPOCH = Date.UTC(2019, 0, 1);

/** 10 digits, the first not 0 (the reference's log IDs). */
const newLogID = () => String(randomInt(1_000_000_000, 10_000_000_000));

/** Client log files (`/third/logs/*`): a user records the files it uploaded; admins search them. */
@Injectable()
export class LogService {
  constructor(
    private readonly repo: LogRepository,
    private readonly users: UserService,
  ) {}

  async upload(caller: Caller, req: UploadLogsReq): Promise<void> {
    if (!isValidPlatform(req.platform)) throw ImError.args(`platform ${req.platform} is not a platform ID`);
    const now = Date.now();
    let rows: ClientLogRow[] = req.fileURLs.map((f) => ({
      logID: newLogID(),
      userID: caller.userID,
      platform: platformName(req.platform),
      url: f.URL,
      fileName: f.filename,
      appFramework: req.appFramework ?? '',
      version: req.version ?? '',
      ex: req.ex ?? '',
      systemType: '',
      createTime: now,
    }));
    // a taken ID (one in 9·10^9) is drawn again
    for (let attempt = 0; rows.length && attempt < 5; attempt++) {
      const taken = new Set(await this.repo.insertNew(rows));
      rows = rows.filter((r) => taken.has(r.logID)).map((r) => ({ ...r, logID: newLogID() }));
    }
    if (rows.length) throw new Error('could not draw free log IDs');
  }

  /** Every listed log must exist (1004 names the missing); a non-admin may delete only its own (1002). */
  async delete(caller: Caller, req: DeleteLogsReq): Promise<void> {
    const ids = [...new Set(req.logIDs)];
    const owners = await this.repo.owners(ids);
    const missing = ids.filter((id) => !owners.has(id));
    if (missing.length) throw ImError.notFound(`logs not found: ${missing.join(',')}`);
    const foreign = ids.filter((id) => owners.get(id) !== caller.userID);
    if (!caller.isAdmin && foreign.length) throw ImError.noPermission(`logs of other users: ${foreign.join(',')}`);
    await this.repo.delete(ids);
  }

  async search(req: SearchLogsReq): Promise<SearchLogsResp> {
    const { offset, limit } = pageOf(req.pagination);
    let start = req.startTime ?? 0;
    let end = req.endTime ?? 0;
    if (start === 0 && end === 0) start = SEARCH_EPOCH;
    if (end === 0) end = Date.now();
    if (start > end) throw ImError.args('startTime must not be after endTime');
    const { total, rows } = await this.repo.search({ keyword: req.keyword ?? '', start, end, offset, limit });
    const names = new Map((await this.users.getUsersInfo(rows.map((r) => r.userID))).map((u) => [u.userID, u]));
    return {
      total,
      logsInfos: rows.map((r) => ({
        userID: r.userID,
        platform: r.platform,
        url: r.url,
        createTime: r.createTime,
        nickname: names.get(r.userID)?.nickname ?? '',
        logID: r.logID,
        filename: r.fileName,
        systemType: r.systemType,
        ex: r.ex,
        version: r.version,
      })),
    };
  }
}
