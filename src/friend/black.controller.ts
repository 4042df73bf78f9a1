import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { AddBlackReq, BlacksResp, GetPaginationBlacksReq, GetSpecifiedBlacksReq, RemoveBlackReq } from './black.dto';
import { BlackService } from './black.service';
import { GetIncrementalBlacksResp, IncrementalReq } from './friend-sync.dto';
import { FriendSyncService } from './friend-sync.service';

@ApiTags('friend')
@ApiSecurity('token')
@Controller('friend')
export class BlackController {
  constructor(
    private readonly blacks: BlackService,
    private readonly sync: FriendSyncService,
  ) {}

  @ApiRoute('add_black', { summary: "Put a user on the owner's black list; 1207" })
  async addBlack(@CurrentCaller() caller: Caller, @Body() req: AddBlackReq): Promise<void> {
    await this.blacks.add(caller, req);
  }

  @ApiRoute('remove_black', { summary: "Take a user off the owner's black list; 1208" })
  async removeBlack(@CurrentCaller() caller: Caller, @Body() req: RemoveBlackReq): Promise<void> {
    await this.blacks.remove(caller, req);
  }

  @ApiRoute('get_black_list', { summary: 'A page of a black list, in the order users were added', resp: BlacksResp })
  getBlackList(@CurrentCaller() caller: Caller, @Body() req: GetPaginationBlacksReq): Promise<BlacksResp> {
    return this.blacks.page(caller, req.userID, req.pagination);
  }

  @ApiRoute('get_specified_blacks', { summary: 'Which of these users the owner has blocked', resp: BlacksResp })
  getSpecifiedBlacks(@CurrentCaller() caller: Caller, @Body() req: GetSpecifiedBlacksReq): Promise<BlacksResp> {
    return this.blacks.specified(caller, req.ownerUserID, req.userIDList);
  }

  @ApiRoute('get_incremental_blacks', {
    summary: 'Black-list changes since the client version',
    resp: GetIncrementalBlacksResp,
  })
  incremental(@CurrentCaller() caller: Caller, @Body() req: IncrementalReq): Promise<GetIncrementalBlacksResp> {
    return this.sync.incrementalBlacks(caller, req);
  }
}
