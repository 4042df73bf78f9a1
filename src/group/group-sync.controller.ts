import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import {
  GetFullGroupMemberUserIDsReq,
  GetFullGroupMemberUserIDsResp,
  GetFullJoinGroupIDsReq,
  GetFullJoinGroupIDsResp,
  GetIncrementalGroupMemberBatchReq,
  GetIncrementalGroupMemberBatchResp,
  GetIncrementalGroupMemberReq,
  GetIncrementalGroupMemberResp,
  GetIncrementalJoinGroupReq,
  GetIncrementalJoinGroupResp,
} from './dto/sync.dto';
import { GroupSyncService } from './group-sync.service';

@ApiTags('group')
@ApiSecurity('token')
@Controller('group')
export class GroupSyncController {
  constructor(private readonly sync: GroupSyncService) {}

  @ApiRoute('get_incremental_join_groups', {
    summary: "Changes of a user's groups since a version",
    resp: GetIncrementalJoinGroupResp,
  })
  joined(
    @CurrentCaller() caller: Caller,
    @Body() req: GetIncrementalJoinGroupReq,
  ): Promise<GetIncrementalJoinGroupResp> {
    return this.sync.joinedGroups(caller, req);
  }

  @ApiRoute('get_incremental_group_members', {
    summary: "Changes of a group's members since a version (members)",
    resp: GetIncrementalGroupMemberResp,
  })
  members(
    @CurrentCaller() caller: Caller,
    @Body() req: GetIncrementalGroupMemberReq,
  ): Promise<GetIncrementalGroupMemberResp> {
    return this.sync.groupMembers(caller, req);
  }

  @ApiRoute('get_incremental_group_members_batch', {
    summary: 'Member changes of many groups at once',
    resp: GetIncrementalGroupMemberBatchResp,
  })
  async membersBatch(
    @CurrentCaller() caller: Caller,
    @Body() req: GetIncrementalGroupMemberBatchReq,
  ): Promise<GetIncrementalGroupMemberBatchResp> {
    return { respList: await this.sync.membersBatch(caller, req.userID, req.reqList) };
  }

  @ApiRoute('get_full_group_member_user_ids', {
    summary: "All member IDs of a group with the log's version (members)",
    resp: GetFullGroupMemberUserIDsResp,
  })
  fullMemberIDs(
    @CurrentCaller() caller: Caller,
    @Body() req: GetFullGroupMemberUserIDsReq,
  ): Promise<GetFullGroupMemberUserIDsResp> {
    return this.sync.fullMemberIDs(caller, req.groupID, req.idHash);
  }

  @ApiRoute('get_full_join_group_ids', {
    summary: "All group IDs of a user with the log's version",
    resp: GetFullJoinGroupIDsResp,
  })
  fullJoinedIDs(
    @CurrentCaller() caller: Caller,
    @Body() req: GetFullJoinGroupIDsReq,
  ): Promise<GetFullJoinGroupIDsResp> {
    return this.sync.fullJoinedIDs(caller, req.userID, req.idHash);
  }
}
