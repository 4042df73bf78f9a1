import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { ApiRoute } from '../common/http/route';
import { Heavy } from '../common/limits/heavy.interceptor';
import { SearchMsgReq, SearchMsgResp, UserActiveReq, UserActiveResp } from './dto/msg-search.dto';
import { MsgSearchService } from './msg-search.service';

@ApiSecurity('token')
@AdminOnly()
@Controller()
export class MsgSearchController {
  constructor(private readonly search: MsgSearchService) {}

  @ApiTags('msg')
  @Heavy()
  @ApiRoute('msg/search_msg', {
    summary: 'Search messages by sender, receiver, text, type and time (admin)',
    resp: SearchMsgResp,
  })
  searchMsg(@Body() req: SearchMsgReq): Promise<SearchMsgResp> {
    return this.search.search(req);
  }

  @ApiTags('statistics')
  @Heavy()
  @ApiRoute('statistics/user/active', { summary: 'Most active senders in [start, end] (admin)', resp: UserActiveResp })
  userActive(@Body() req: UserActiveReq): Promise<UserActiveResp> {
    return this.search.userActive(req);
  }
}
