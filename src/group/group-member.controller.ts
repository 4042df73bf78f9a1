import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { GroupIDReq, GetGroupMemberUserIDsResp } from './dto/group.dto';
import {
  CancelMuteGroupMemberReq,
  GetGroupMemberListReq,
  GetGroupMemberListResp,
  GetGroupMembersInfoReq,
  GetGroupMembersInfoResp,
  GetJoinedGroupListReq,
  GetJoinedGroupListResp,
  InviteUserToGroupReq,
  KickGroupMemberReq,
  MuteGroupMemberReq,
  QuitGroupReq,
  SetGroupMemberInfoReq,
} from './dto/member.dto';
import { GroupMemberAdminService } from './group-member-admin.service';
import { GroupMemberService } from './group-member.service';

@ApiTags('group')
@ApiSecurity('token')
@Controller('group')
export class GroupMemberController {
  constructor(
    private readonly members: GroupMemberService,
    private readonly admin: GroupMemberAdminService,
  ) {}

  @ApiRoute('invite_user_to_group', { summary: 'Add users to a group (or ask for approval where needed)' })
  invite(@CurrentCaller() caller: Caller, @Body() req: InviteUserToGroupReq): Promise<void> {
    return this.members.invite(caller, req);
  }

  @ApiRoute('quit_group', { summary: 'Leave a group (not the owner)' })
  quit(@CurrentCaller() caller: Caller, @Body() req: QuitGroupReq): Promise<void> {
    return this.members.quit(caller, req.groupID, req.userID || caller.userID);
  }

  @ApiRoute('kick_group', { summary: 'Remove members (owner: anyone; admins: ordinary members)' })
  kick(@CurrentCaller() caller: Caller, @Body() req: KickGroupMemberReq): Promise<void> {
    return this.members.kick(caller, req);
  }

  @ApiRoute('get_group_members_info', { summary: 'Some members of a group (members)', resp: GetGroupMembersInfoResp })
  async membersInfo(
    @CurrentCaller() caller: Caller,
    @Body() req: GetGroupMembersInfoReq,
  ): Promise<GetGroupMembersInfoResp> {
    return { members: await this.members.membersInfo(caller, req.groupID, req.userIDs) };
  }

  @ApiRoute('get_group_member_list', {
    summary: 'A page of members, by role, optionally filtered (members)',
    resp: GetGroupMemberListResp,
  })
  memberList(@CurrentCaller() caller: Caller, @Body() req: GetGroupMemberListReq): Promise<GetGroupMemberListResp> {
    return this.members.memberList(caller, req);
  }

  @ApiRoute('get_group_member_user_id', {
    summary: 'All member IDs of a group (members)',
    resp: GetGroupMemberUserIDsResp,
  })
  async memberIDs(@CurrentCaller() caller: Caller, @Body() req: GroupIDReq): Promise<GetGroupMemberUserIDsResp> {
    return { userIDs: await this.members.memberIDs(caller, req.groupID) };
  }

  @ApiRoute('get_joined_group_list', { summary: 'A page of the groups a user is in', resp: GetJoinedGroupListResp })
  joined(@CurrentCaller() caller: Caller, @Body() req: GetJoinedGroupListReq): Promise<GetJoinedGroupListResp> {
    return this.members.joined(caller, req.fromUserID, req.pagination);
  }

  @ApiRoute('mute_group_member', { summary: 'Mute a member for some seconds' })
  mute(@CurrentCaller() caller: Caller, @Body() req: MuteGroupMemberReq): Promise<void> {
    return this.admin.mute(caller, req.groupID, req.userID, req.mutedSeconds);
  }

  @ApiRoute('cancel_mute_group_member', { summary: "Lift a member's mute" })
  cancelMute(@CurrentCaller() caller: Caller, @Body() req: CancelMuteGroupMemberReq): Promise<void> {
    return this.admin.mute(caller, req.groupID, req.userID, 0);
  }

  @ApiRoute('set_group_member_info', { summary: "Change members' nickname, face, role or ex" })
  setInfo(@CurrentCaller() caller: Caller, @Body() req: SetGroupMemberInfoReq): Promise<void> {
    return this.admin.setInfo(caller, req.members);
  }
}
