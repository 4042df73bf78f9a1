import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import {
  ApplyToAddFriendReq,
  DesignatedFriendsApplyResp,
  FriendRequestsResp,
  GetDesignatedFriendsApplyReq,
  GetPaginationFriendsApplyReq,
  GetPaginationFriendsApplyToResp,
  GetSelfUnhandledApplyCountReq,
  GetSelfUnhandledApplyCountResp,
  RespondFriendApplyReq,
} from './friend-apply.dto';
import { FriendApplyService } from './friend-apply.service';

@ApiTags('friend')
@ApiSecurity('token')
@Controller('friend')
export class FriendApplyController {
  constructor(private readonly applies: FriendApplyService) {}

  @ApiRoute('add_friend', { summary: 'Apply to befriend a user (again: the application is renewed); 1203' })
  async addFriend(@CurrentCaller() caller: Caller, @Body() req: ApplyToAddFriendReq): Promise<void> {
    await this.applies.apply(caller, req);
  }

  @ApiRoute('add_friend_response', { summary: 'Agree (1) or refuse (-1) an application to you; 1201 / 1202' })
  async addFriendResponse(@CurrentCaller() caller: Caller, @Body() req: RespondFriendApplyReq): Promise<void> {
    await this.applies.respond(caller, req);
  }

  @ApiRoute('get_friend_apply_list', {
    summary: 'Applications to a user, newest first',
    resp: GetPaginationFriendsApplyToResp,
  })
  async applyTo(
    @CurrentCaller() caller: Caller,
    @Body() req: GetPaginationFriendsApplyReq,
  ): Promise<GetPaginationFriendsApplyToResp> {
    const { total, rows } = await this.applies.pageTo(caller, req);
    return { FriendRequests: rows, total };
  }

  @ApiRoute('get_self_friend_apply_list', {
    summary: 'Applications from a user, newest first',
    resp: FriendRequestsResp,
  })
  async applyFrom(
    @CurrentCaller() caller: Caller,
    @Body() req: GetPaginationFriendsApplyReq,
  ): Promise<FriendRequestsResp> {
    const { total, rows } = await this.applies.pageFrom(caller, req);
    return { friendRequests: rows, total };
  }

  @ApiRoute('get_designated_friend_apply', {
    summary: 'The applications between two users, both directions',
    resp: DesignatedFriendsApplyResp,
  })
  designated(
    @CurrentCaller() caller: Caller,
    @Body() req: GetDesignatedFriendsApplyReq,
  ): Promise<DesignatedFriendsApplyResp> {
    return this.applies.designated(caller, req.fromUserID, req.toUserID);
  }

  @ApiRoute('get_self_unhandled_apply_count', {
    summary: 'Pending applications to a user (created after `time` when given)',
    resp: GetSelfUnhandledApplyCountResp,
  })
  async unhandledCount(
    @CurrentCaller() caller: Caller,
    @Body() req: GetSelfUnhandledApplyCountReq,
  ): Promise<GetSelfUnhandledApplyCountResp> {
    return { count: await this.applies.unhandledCount(caller, req) };
  }
}
