import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { Heavy } from '../common/limits/heavy.interceptor';
import { ConversationListService } from './conversation-list.service';
import { GetSortedConversationListReq, GetSortedConversationListResp } from './jssdk.dto';

/** The conversation list with last messages (a /conversation route, built from the same joins as /jssdk). */
@ApiTags('conversation')
@ApiSecurity('token')
@Controller('conversation')
export class ConversationListController {
  constructor(private readonly list: ConversationListService) {}

  @Heavy()
  @ApiRoute('get_sorted_conversation_list', {
    summary: 'Conversations pinned first, then by last message, with unread counts',
    resp: GetSortedConversationListResp,
  })
  sorted(
    @CurrentCaller() caller: Caller,
    @Body() req: GetSortedConversationListReq,
  ): Promise<GetSortedConversationListResp> {
    return this.list.sorted(caller, req);
  }
}
