import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import {
  CreateGroupReq,
  CreateGroupResp,
  DismissGroupReq,
  GetGroupAbstractInfoReq,
  GetGroupAbstractInfoResp,
  GetGroupsInfoReq,
  GetGroupsInfoResp,
  GetGroupsReq,
  GetGroupsResp,
  GroupActiveReq,
  GroupActiveResp,
  GroupCreateCountReq,
  GroupCreateCountResp,
  GroupIDReq,
  SetGroupInfoExReq,
  SetGroupInfoReq,
  TransferGroupOwnerReq,
} from './dto/group.dto';
import { GroupInfoService } from './group-info.service';
import { GroupLifecycleService } from './group-lifecycle.service';
import { GroupStatisticsService } from './group-statistics.service';

@ApiTags('group')
@ApiSecurity('token')
@Controller()
export class GroupController {
  constructor(
    private readonly lifecycle: GroupLifecycleService,
    private readonly info: GroupInfoService,
    private readonly stats: GroupStatisticsService,
  ) {}

  @ApiRoute('group/create_group', {
    summary: 'Create a group with its owner, admins and members',
    resp: CreateGroupResp,
  })
  async create(@CurrentCaller() caller: Caller, @Body() req: CreateGroupReq): Promise<CreateGroupResp> {
    return { groupInfo: await this.lifecycle.create(caller, req) };
  }

  @ApiRoute('group/set_group_info', { summary: 'Change group info (owner/admin; empty strings are unchanged)' })
  setInfo(@CurrentCaller() caller: Caller, @Body() req: SetGroupInfoReq): Promise<void> {
    return this.info.setInfo(caller, req.groupInfoForSet);
  }

  @ApiRoute('group/set_group_info_ex', { summary: 'Change group info (owner/admin; null = unchanged, "" clears)' })
  setInfoEx(@CurrentCaller() caller: Caller, @Body() req: SetGroupInfoExReq): Promise<void> {
    return this.info.setInfoEx(caller, req);
  }

  @ApiRoute('group/get_groups_info', { summary: 'Groups by ID (unknown IDs left out)', resp: GetGroupsInfoResp })
  async getInfos(@Body() req: GetGroupsInfoReq): Promise<GetGroupsInfoResp> {
    return { groupInfos: await this.info.infos(req.groupIDs) };
  }

  @ApiRoute('group/transfer_group', { summary: 'Hand the group to another member (owner)' })
  transfer(@CurrentCaller() caller: Caller, @Body() req: TransferGroupOwnerReq): Promise<void> {
    return this.lifecycle.transfer(caller, req);
  }

  @ApiRoute('group/dismiss_group', { summary: 'Dismiss the group (owner)' })
  dismiss(@CurrentCaller() caller: Caller, @Body() req: DismissGroupReq): Promise<void> {
    return this.lifecycle.dismiss(caller, req);
  }

  @ApiRoute('group/mute_group', { summary: 'Only owner and admins may speak (owner/admin)' })
  mute(@CurrentCaller() caller: Caller, @Body() req: GroupIDReq): Promise<void> {
    return this.lifecycle.mute(caller, req.groupID, true);
  }

  @ApiRoute('group/cancel_mute_group', { summary: 'Everyone may speak again (owner/admin)' })
  cancelMute(@CurrentCaller() caller: Caller, @Body() req: GroupIDReq): Promise<void> {
    return this.lifecycle.mute(caller, req.groupID, false);
  }

  @ApiRoute('group/get_group_abstract_info', {
    summary: 'Member count and member-list hash of groups (members)',
    resp: GetGroupAbstractInfoResp,
  })
  abstractInfo(
    @CurrentCaller() caller: Caller,
    @Body() req: GetGroupAbstractInfoReq,
  ): Promise<GetGroupAbstractInfoResp> {
    return this.info.abstractInfo(caller, req.groupIDs);
  }

  @ApiRoute('group/get_groups', { summary: 'Search groups by ID or name (admin)', resp: GetGroupsResp })
  @AdminOnly()
  list(@Body() req: GetGroupsReq): Promise<GetGroupsResp> {
    return this.info.list(req);
  }

  @ApiTags('statistics')
  @ApiRoute('statistics/group/create', { summary: 'Groups created per day (admin)', resp: GroupCreateCountResp })
  @AdminOnly()
  created(@Body() req: GroupCreateCountReq): Promise<GroupCreateCountResp> {
    return this.stats.created(req);
  }

  @ApiTags('statistics')
  @ApiRoute('statistics/group/active', { summary: 'Most active groups in [start, end] (admin)', resp: GroupActiveResp })
  @AdminOnly()
  active(@Body() req: GroupActiveReq): Promise<GroupActiveResp> {
    return this.stats.active(req);
  }
}
