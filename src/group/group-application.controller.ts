import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import {
  GetGroupApplicationListReq,
  GetGroupApplicationUnhandledCountReq,
  GetGroupApplicationUnhandledCountResp,
  GetGroupUsersReqApplicationListReq,
  GetSpecifiedUserGroupRequestInfoReq,
  GetUserReqApplicationListReq,
  GroupApplicationResponseReq,
  GroupRequestListResp,
  JoinGroupReq,
} from './dto/request.dto';
import { GroupApplicationService } from './group-application.service';

@ApiTags('group')
@ApiSecurity('token')
@Controller('group')
export class GroupApplicationController {
  constructor(private readonly applications: GroupApplicationService) {}

  @ApiRoute('join_group', { summary: 'Join a group, or apply where approval is needed' })
  join(@CurrentCaller() caller: Caller, @Body() req: JoinGroupReq): Promise<void> {
    return this.applications.join(caller, req);
  }

  @ApiRoute('group_application_response', { summary: 'Accept (1) or refuse (-1) an application (owner/admin)' })
  respond(@CurrentCaller() caller: Caller, @Body() req: GroupApplicationResponseReq): Promise<void> {
    return this.applications.respond(caller, req);
  }

  @ApiRoute('get_recv_group_applicationList', {
    summary: 'Applications to the groups a user owns or administers',
    resp: GroupRequestListResp,
  })
  received(@CurrentCaller() caller: Caller, @Body() req: GetGroupApplicationListReq): Promise<GroupRequestListResp> {
    return this.applications.received(caller, req);
  }

  @ApiRoute('get_user_req_group_applicationList', {
    summary: "A user's own applications",
    resp: GroupRequestListResp,
  })
  sent(@CurrentCaller() caller: Caller, @Body() req: GetUserReqApplicationListReq): Promise<GroupRequestListResp> {
    return this.applications.sent(caller, req);
  }

  @ApiRoute('get_group_users_req_application_list', {
    summary: 'Applications of some users to a group (owner/admin)',
    resp: GroupRequestListResp,
  })
  ofUsers(
    @CurrentCaller() caller: Caller,
    @Body() req: GetGroupUsersReqApplicationListReq,
  ): Promise<GroupRequestListResp> {
    return this.applications.ofUsers(caller, req.groupID, req.userIDs);
  }

  @ApiRoute('get_specified_user_group_request_info', {
    summary: "One user's application to a group (that user, or owner/admin)",
    resp: GroupRequestListResp,
  })
  specified(
    @CurrentCaller() caller: Caller,
    @Body() req: GetSpecifiedUserGroupRequestInfoReq,
  ): Promise<GroupRequestListResp> {
    return this.applications.specified(caller, req.groupID, req.userID);
  }

  @ApiRoute('get_group_application_unhandled_count', {
    summary: 'Pending applications to the groups a user owns or administers',
    resp: GetGroupApplicationUnhandledCountResp,
  })
  async unhandled(
    @CurrentCaller() caller: Caller,
    @Body() req: GetGroupApplicationUnhandledCountReq,
  ): Promise<GetGroupApplicationUnhandledCountResp> {
    return { count: await this.applications.unhandledCount(caller, req.userID, req.time) };
  }
}
