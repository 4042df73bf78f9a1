import { Body, Controller, Inject } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { Heavy } from '../common/limits/heavy.interceptor';
import { currentOperationID } from '../common/context/request-context';
import { KV_STORE, KvStore } from '../infra/kv/kv-store';
import {
  BatchSendMsgReq,
  BatchSendMsgResp,
  SendBusinessNotificationReq,
  SendMsgReq,
  SendMsgResp,
} from './dto/send-msg.dto';
import {
  CheckMsgIsSendSuccessResp,
  GetServerTimeResp,
  NewestSeqReq,
  NewestSeqResp,
  PullMessageBySeqsReq,
  PullMessageBySeqsResp,
} from './dto/msg-sync.dto';
import { MsgPullService, PullOrder } from './msg-pull.service';
import { MsgRestSendService } from './msg-rest-send.service';
import { sendStatusKey } from './msg-send.service';
import { toWire } from '../protocol/msg-data';

@ApiTags('msg')
@ApiSecurity('token')
@Controller('msg')
export class MsgController {
  constructor(
    private readonly send: MsgRestSendService,
    private readonly pull: MsgPullService,
    @Inject(KV_STORE) private readonly kv: KvStore,
  ) {}

  @ApiRoute('send_msg', {
    summary: 'Send a message as any user (admin); answered after it is stored',
    resp: SendMsgResp,
  })
  @AdminOnly()
  sendMsg(@CurrentCaller() caller: Caller, @Body() req: SendMsgReq): Promise<SendMsgResp> {
    return this.send.sendMsg(caller, req);
  }

  @Heavy()
  @ApiRoute('batch_send_msg', { summary: 'Send one message to many users, or to all (admin)', resp: BatchSendMsgResp })
  @AdminOnly()
  batchSendMsg(@CurrentCaller() caller: Caller, @Body() req: BatchSendMsgReq): Promise<BatchSendMsgResp> {
    return this.send.batchSend(caller, req);
  }

  @ApiRoute('send_business_notification', {
    summary: 'Send a business notification (2001) to a user or group (admin)',
    resp: SendMsgResp,
  })
  @AdminOnly()
  sendBusinessNotification(@Body() req: SendBusinessNotificationReq): Promise<SendMsgResp> {
    return this.send.businessNotification(req);
  }

  @Heavy()
  @ApiRoute('newest_seq', {
    summary: "Max seq of each of the user's conversations and notification streams",
    resp: NewestSeqResp,
  })
  async newestSeq(@CurrentCaller() caller: Caller, @Body() req: NewestSeqReq): Promise<NewestSeqResp> {
    return { maxSeqs: await this.pull.newestSeqs(caller, req.userID), minSeqs: null };
  }

  @Heavy()
  @ApiRoute('pull_msg_by_seq', {
    summary: 'Pull messages by seq ranges (content is base64)',
    resp: PullMessageBySeqsResp,
  })
  async pullMsgBySeq(
    @CurrentCaller() caller: Caller,
    @Body() req: PullMessageBySeqsReq,
  ): Promise<PullMessageBySeqsResp> {
    const r = await this.pull.pullRanges(
      caller,
      req.userID,
      req.seqRanges,
      req.order === 1 ? PullOrder.Desc : PullOrder.Asc,
    );
    const wire = (m: typeof r.msgs) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { ...v, Msgs: v.Msgs.map(toWire) }]));
    return { msgs: wire(r.msgs), notificationMsgs: wire(r.notificationMsgs) };
  }

  @ApiRoute('check_msg_is_send_success', {
    summary: 'Whether the send request with this operationID succeeded',
    resp: CheckMsgIsSendSuccessResp,
  })
  async checkMsgIsSendSuccess(): Promise<CheckMsgIsSendSuccessResp> {
    const op = currentOperationID();
    const status = op ? await this.kv.get(sendStatusKey(op)) : undefined;
    return { status: status ? Number(status) : 0 };
  }

  @ApiRoute('get_server_time', { summary: 'Server time in ms', resp: GetServerTimeResp })
  getServerTime(): GetServerTimeResp {
    return { serverTime: Date.now() };
  }
}
