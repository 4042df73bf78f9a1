import { Inject, Injectable } from '@nestjs/common';
import { ImError } from '../common/errors/im-error';
import type { Caller } from '../common/http/caller';
import { validateAs } from '../common/http/validation';
import { GROUP_ACCESS, GroupAccess } from '../chat-store/ports';
import { NotificationType } from '../protocol/notification-type';
import { NotificationService } from '../notification/notification.service';
import type { BusinessTips } from '../notification/tips';
import { UserService } from '../user/user.service';
import { MsgFrom, SessionType } from '../protocol/message';
import { checkSendContent } from './content-rules';
import { MsgSendService, SendInput, SendResult } from './msg-send.service';
import {
  BatchSendMsgReq,
  BatchSendMsgResp,
  SendBusinessNotificationReq,
  SendMsgBody,
  SendMsgReq,
  SendMsgResp,
} from './dto/send-msg.dto';

const BATCH_CONCURRENCY = 500;

/** The admin send routes of the REST API, on top of the one send path. */
@Injectable()
export class MsgRestSendService {
  constructor(
    private readonly sender: MsgSendService,
    private readonly users: UserService,
    @Inject(GROUP_ACCESS) private readonly groups: GroupAccess,
    private readonly notifications: NotificationService,
  ) {}

  async sendMsg(caller: Caller, req: SendMsgReq): Promise<SendMsgResp> {
    const body = this.body(req);
    const r = await this.sender.send(caller, this.input(body, req.recvID));
    return pick(r);
  }

  /** One message per recipient; a recipient that fails is listed in failedUserIDs, the others still get theirs. */
  async batchSend(caller: Caller, req: BatchSendMsgReq): Promise<BatchSendMsgResp> {
    const body = this.body(req);
    if (!req.isSendAll && !req.recvIDs?.length) throw ImError.args('recvIDs is required unless isSendAll is true');
    if (body.sessionType !== SessionType.Single && body.sessionType !== SessionType.Notification) {
      throw ImError.args('batch_send_msg sends to users (sessionType 1 or 4); use send_msg for a group');
    }
    const resp: BatchSendMsgResp = { results: [], failedUserIDs: [] };
    const sendTo = async (recvIDs: string[]) => {
      const settled = await Promise.allSettled(
        recvIDs.map((recvID) => this.sender.send(caller, this.input({ ...body, clientMsgID: undefined }, recvID))),
      );
      settled.forEach((s, i) => {
        if (s.status === 'fulfilled') resp.results.push({ ...pick(s.value), recvID: recvIDs[i] });
        else resp.failedUserIDs.push(recvIDs[i]);
      });
    };
    if (req.isSendAll) {
      for (let page = 1; ; page++) {
        const { userIDs } = await this.users.getAllUserIDs({
          pagination: { pageNumber: page, showNumber: BATCH_CONCURRENCY },
        });
        const targets = userIDs.filter((id) => id !== body.sendID);
        if (targets.length) await sendTo(targets);
        if (userIDs.length < BATCH_CONCURRENCY) break;
      }
    } else {
      const ids = [...new Set(req.recvIDs)];
      for (let i = 0; i < ids.length; i += BATCH_CONCURRENCY) await sendTo(ids.slice(i, i + BATCH_CONCURRENCY));
    }
    return resp;
  }

  /** A business notification (contentType 2001) to one user or one group, as the SDKs' OnRecvCustomBusinessMessage. */
  async businessNotification(req: SendBusinessNotificationReq): Promise<SendMsgResp> {
    if (!!req.recvUserID === !!req.recvGroupID) {
      throw ImError.args('exactly one of recvUserID and recvGroupID must be given');
    }
    await this.users.requireUsers(req.recvUserID ? [req.sendUserID, req.recvUserID] : [req.sendUserID]);
    if (req.recvGroupID && !(await this.groups.findGroups([req.recvGroupID])).length) {
      throw ImError.notFound(`group ${req.recvGroupID} not found`);
    }
    const tips: BusinessTips = { key: req.key ?? '', data: req.data ?? '' };
    const { msg } = await this.notifications.emit({
      sendID: req.sendUserID,
      recvID: req.recvUserID ?? req.recvGroupID ?? '',
      sessionType: req.recvUserID ? SessionType.Single : SessionType.Group,
      contentType: NotificationType.BusinessNotification,
      tips,
      isSendMsg: req.sendMsg ?? false,
      reliable: (req.reliabilityLevel ?? 1) === 2,
    });
    return { serverMsgID: msg.serverMsgID, clientMsgID: msg.clientMsgID, sendTime: msg.sendTime };
  }

  /** The nested `sendMsg` of the API document, or the flat form of the reference server. */
  /**
   * The message of a send route, its content checked against the element shapes the reference's REST API
   * validates (pkg/apistruct/msg.go). Bad content is the request's fault, not one recipient's: a batch is refused
   * before anyone gets it. The gateway's sends (the SDKs') are not held to these shapes, as in the reference.
   */
  private body(req: SendMsgReq | BatchSendMsgReq): SendMsgBody {
    const { sendMsg: _nested, ...flat } = req;
    const body = req.sendMsg ?? validateAs(SendMsgBody, flat, 'sendMsg');
    checkSendContent(body.contentType, body.content);
    return body;
  }

  private input(b: SendMsgBody, recvID: string | undefined): SendInput {
    return {
      sendID: b.sendID,
      recvID,
      groupID: b.groupID,
      sessionType: b.sessionType,
      contentType: b.contentType,
      content: b.content,
      clientMsgID: b.clientMsgID,
      senderPlatformID: b.senderPlatformID,
      senderNickname: b.senderNickname,
      senderFaceURL: b.senderFaceURL,
      // Messages sent through the admin API are system messages, as in the reference server.
      msgFrom: MsgFrom.System,
      sendTime: b.sendTime,
      offlinePushInfo: b.offlinePushInfo,
      ex: b.ex,
      isOnlineOnly: b.isOnlineOnly,
      notOfflinePush: b.notOfflinePush,
    };
  }
}

function pick(r: SendResult): SendMsgResp {
  return {
    serverMsgID: r.serverMsgID,
    clientMsgID: r.clientMsgID,
    sendTime: r.sendTime,
    ...(r.modify && { modify: r.modify }),
  };
}
