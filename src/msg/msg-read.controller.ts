import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { Heavy } from '../common/limits/heavy.interceptor';
import {
  GetConversationsHasReadAndMaxSeqReq,
  GetConversationsHasReadAndMaxSeqResp,
  MarkConversationAsReadReq,
  MarkMsgsAsReadReq,
  SetConversationHasReadSeqReq,
} from './dto/msg-sync.dto';
import { MsgPullService } from './msg-pull.service';
import { MsgReadService } from './msg-read.service';

@ApiTags('msg')
@ApiSecurity('token')
@Controller('msg')
export class MsgReadController {
  constructor(
    private readonly read: MsgReadService,
    private readonly pull: MsgPullService,
  ) {}

  @ApiRoute('mark_msgs_as_read', {
    summary: 'Mark messages read; the last seq becomes the read position (2200 to the peer)',
  })
  async markMsgsAsRead(@CurrentCaller() caller: Caller, @Body() req: MarkMsgsAsReadReq): Promise<void> {
    await this.read.markMsgsAsRead(caller, req);
  }

  @Heavy()
  @ApiRoute('mark_conversation_as_read', { summary: 'Read a conversation up to hasReadSeq (2200 receipt)' })
  async markConversationAsRead(@CurrentCaller() caller: Caller, @Body() req: MarkConversationAsReadReq): Promise<void> {
    await this.read.markConversationAsRead(caller, req);
  }

  @ApiRoute('set_conversation_has_read_seq', { summary: 'Set the read position exactly (at most the max seq)' })
  async setConversationHasReadSeq(
    @CurrentCaller() caller: Caller,
    @Body() req: SetConversationHasReadSeqReq,
  ): Promise<void> {
    await this.read.setHasReadSeq(caller, req);
  }

  @Heavy()
  @ApiRoute('get_conversations_has_read_and_max_seq', {
    summary: 'Max seq and read position per conversation',
    resp: GetConversationsHasReadAndMaxSeqResp,
  })
  getConversationsHasReadAndMaxSeq(
    @CurrentCaller() caller: Caller,
    @Body() req: GetConversationsHasReadAndMaxSeqReq,
  ): Promise<GetConversationsHasReadAndMaxSeqResp> {
    return this.pull.hasReadAndMaxSeq(caller, req);
  }
}
