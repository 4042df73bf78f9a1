import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../common/decorators/access';
import { Caller, CurrentCaller } from '../../common/http/caller';
import { ApiRoute } from '../../common/http/route';
import {
  GetSubscribeUsersStatusReq,
  GetUsersOnlineStatusResp,
  GetUsersStatusReq,
  SubscribeUsersStatusReq,
  UserIDsReq,
  UserStatusListResp,
} from './user-status.dto';
import { TokenDetail, UserStatusService } from './user-status.service';

/** The online-status routes of /user, answered from live presence (every node of the cluster). */
@ApiTags('user')
@ApiSecurity('token')
@Controller('user')
export class UserStatusController {
  constructor(private readonly status: UserStatusService) {}

  @ApiRoute('get_users_online_status', {
    summary: 'Online status of users with each connection (admin)',
    resp: GetUsersOnlineStatusResp,
  })
  @AdminOnly()
  onlineStatus(@Body() req: UserIDsReq): Promise<GetUsersOnlineStatusResp> {
    return this.status.onlineStatus(req.userIDs);
  }

  @ApiRoute('get_users_online_token_detail', {
    summary: 'Connections per platform of the online users among the given ones (admin)',
    description: 'An array of `{userID, status: 1, singlePlatformToken: [{platformID, total, token: []}]}`.',
  })
  @AdminOnly()
  tokenDetail(@Body() req: UserIDsReq): Promise<TokenDetail[]> {
    return this.status.tokenDetail(req.userIDs);
  }

  @ApiRoute('get_users_status', {
    summary: 'Whether users are online, and on which platforms',
    resp: UserStatusListResp,
  })
  usersStatus(@Body() req: GetUsersStatusReq): Promise<UserStatusListResp> {
    return this.status.usersStatus(req.userIDs);
  }

  @ApiRoute('subscribe_users_status', {
    summary: 'Follow (genre 1) or stop following (genre 2) users’ status; answers the followed users’ status',
    resp: UserStatusListResp,
  })
  subscribe(@CurrentCaller() caller: Caller, @Body() req: SubscribeUsersStatusReq): Promise<UserStatusListResp> {
    return this.status.subscribe(caller, req);
  }

  @ApiRoute('get_subscribe_users_status', {
    summary: 'Status of the users a user follows',
    resp: UserStatusListResp,
  })
  subscribed(@CurrentCaller() caller: Caller, @Body() req: GetSubscribeUsersStatusReq): Promise<UserStatusListResp> {
    return this.status.subscribed(caller, req.userID);
  }
}
