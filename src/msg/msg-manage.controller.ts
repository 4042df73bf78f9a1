import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { Heavy } from '../common/limits/heavy.interceptor';
import {
  ClearConversationsMsgReq,
  DeleteMsgPhysicalBySeqReq,
  DeleteMsgPhysicalReq,
  DeleteMsgsReq,
  RevokeMsgReq,
  UserClearAllMsgReq,
} from './dto/msg-sync.dto';
import { MsgManageService } from './msg-manage.service';

@ApiTags('msg')
@ApiSecurity('token')
@Controller('msg')
export class MsgManageController {
  constructor(private readonly manage: MsgManageService) {}

  @ApiRoute('revoke_msg', { summary: 'Revoke a message (2101 to the peer or group)' })
  async revokeMsg(@CurrentCaller() caller: Caller, @Body() req: RevokeMsgReq): Promise<void> {
    await this.manage.revoke(caller, req);
  }

  @ApiRoute('delete_msgs', { summary: 'Delete messages for oneself, or for everyone with deleteSyncOpt.IsSyncOther' })
  async deleteMsgs(@CurrentCaller() caller: Caller, @Body() req: DeleteMsgsReq): Promise<void> {
    await this.manage.deleteMsgs(caller, req);
  }

  @Heavy()
  @ApiRoute('clear_conversation_msg', {
    summary: 'Clear conversations (history hidden; for everyone with IsSyncOther)',
  })
  async clearConversationMsg(@CurrentCaller() caller: Caller, @Body() req: ClearConversationsMsgReq): Promise<void> {
    await this.manage.clearConversations(caller, req);
  }

  @Heavy()
  @ApiRoute('user_clear_all_msg', { summary: "Clear all of a user's conversations" })
  async userClearAllMsg(@CurrentCaller() caller: Caller, @Body() req: UserClearAllMsgReq): Promise<void> {
    await this.manage.clearAll(caller, req);
  }

  @ApiRoute('delete_msg_phsical_by_seq', { summary: 'Delete messages from storage by seq (admin)' })
  @AdminOnly()
  async deleteMsgPhysicalBySeq(@Body() req: DeleteMsgPhysicalBySeqReq): Promise<void> {
    await this.manage.deletePhysicalBySeq(req);
  }

  @Heavy()
  @ApiRoute('delete_msg_physical', { summary: 'Delete messages sent before a time from storage (admin)' })
  @AdminOnly()
  async deleteMsgPhysical(@Body() req: DeleteMsgPhysicalReq): Promise<void> {
    await this.manage.deletePhysicalBefore(req);
  }
}
