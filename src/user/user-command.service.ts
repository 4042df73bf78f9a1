import { Injectable } from '@nestjs/common';
import { ImError } from '../common/errors/im-error';
import { SessionType } from '../protocol/message';
import { NotificationType } from '../protocol/notification-type';
import { NotificationService } from '../notification/notification.service';
import type { UserCommandTips } from '../notification/tips';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import {
  ProcessUserCommandAddReq,
  ProcessUserCommandDeleteReq,
  ProcessUserCommandGetAllReq,
  ProcessUserCommandGetReq,
  ProcessUserCommandGetResp,
  ProcessUserCommandUpdateReq,
} from './user-command.dto';
import { UserCommandRepository } from './user-command.repository';
import type { UserCommandRow } from './user.schema';
import { UserService } from './user.service';

/** The SDK's per-user records (`process_user_command_*`): a small key/value store keyed by (type, uuid). */
@Injectable()
export class UserCommandService {
  constructor(
    private readonly repo: UserCommandRepository,
    private readonly users: UserService,
    private readonly notifications: NotificationService,
  ) {}

  async add(caller: Caller, req: ProcessUserCommandAddReq): Promise<UserCommandRow> {
    assertSelfOrAdmin(caller, req.userID);
    await this.users.requireUser(req.userID);
    const row: UserCommandRow = {
      userID: req.userID,
      type: req.type,
      uuid: req.uuid,
      value: req.value ?? '',
      ex: req.ex ?? '',
      createTime: Math.floor(Date.now() / 1000),
    };
    await this.repo.upsert(row);
    await this.tell(req.userID, NotificationType.UserCommandAdd);
    return row;
  }

  async update(caller: Caller, req: ProcessUserCommandUpdateReq): Promise<void> {
    assertSelfOrAdmin(caller, req.userID);
    const patch: { value?: string; ex?: string } = {};
    if (req.value != null) patch.value = req.value;
    if (req.ex != null) patch.ex = req.ex;
    const found = await this.repo.update(req.userID, req.type, req.uuid, patch);
    if (!found) throw ImError.notFound(`no command record type=${req.type} uuid=${req.uuid}`);
    await this.tell(req.userID, NotificationType.UserCommandUpdate);
  }

  async delete(caller: Caller, req: ProcessUserCommandDeleteReq): Promise<void> {
    assertSelfOrAdmin(caller, req.userID);
    const found = await this.repo.delete(req.userID, req.type, req.uuid);
    if (!found) throw ImError.notFound(`no command record type=${req.type} uuid=${req.uuid}`);
    await this.tell(req.userID, NotificationType.UserCommandDelete);
  }

  /** The user's other devices refresh their records (1305–1307, user to themselves). */
  private async tell(
    userID: string,
    contentType:
      NotificationType.UserCommandAdd | NotificationType.UserCommandDelete | NotificationType.UserCommandUpdate,
  ): Promise<void> {
    const tips: UserCommandTips = { fromUserID: userID, toUserID: userID };
    await this.notifications.notify({
      sendID: userID,
      recvID: userID,
      sessionType: SessionType.Single,
      contentType,
      tips,
    });
  }

  async get(
    caller: Caller,
    req: ProcessUserCommandGetReq | ProcessUserCommandGetAllReq,
  ): Promise<ProcessUserCommandGetResp> {
    assertSelfOrAdmin(caller, req.userID);
    const rows = await this.repo.list(req.userID, 'type' in req ? req.type : undefined);
    return {
      CommandResp: rows.map((r) => ({
        type: r.type,
        createTime: r.createTime,
        uuid: r.uuid,
        value: r.value,
        ex: r.ex,
      })),
    };
  }
}
