import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { GetSpecifiedFriendsInfoResp } from './black.dto';
import {
  DeleteFriendReq,
  FriendsInfoResp,
  GetDesignatedFriendsReq,
  GetFriendIDsReq,
  GetFriendIDsResp,
  GetPaginationFriendsReq,
  GetPaginationFriendsResp,
  GetSpecifiedFriendsInfoReq,
  ImportFriendReq,
  IsFriendReq,
  IsFriendResp,
  SetFriendRemarkReq,
  UpdateFriendsReq,
} from './friend.dto';
import {
  GetFullFriendUserIDsReq,
  GetFullFriendUserIDsResp,
  GetIncrementalFriendsResp,
  IncrementalReq,
} from './friend-sync.dto';
import { FriendService } from './friend.service';
import { FriendSyncService } from './friend-sync.service';

@ApiTags('friend')
@ApiSecurity('token')
@Controller('friend')
export class FriendController {
  constructor(
    private readonly friends: FriendService,
    private readonly sync: FriendSyncService,
  ) {}

  @ApiRoute('delete_friend', { summary: "Remove a friend from the owner's list (one direction); 1205" })
  async deleteFriend(@CurrentCaller() caller: Caller, @Body() req: DeleteFriendReq): Promise<void> {
    await this.friends.delete(caller, req);
  }

  @ApiRoute('get_friend_list', { summary: 'A page of a friend list, pinned first', resp: GetPaginationFriendsResp })
  getFriendList(
    @CurrentCaller() caller: Caller,
    @Body() req: GetPaginationFriendsReq,
  ): Promise<GetPaginationFriendsResp> {
    return this.friends.page(caller, req.userID, req.pagination);
  }

  @ApiRoute('get_designated_friends', { summary: 'The owner’s entries of these friends', resp: FriendsInfoResp })
  async getDesignatedFriends(
    @CurrentCaller() caller: Caller,
    @Body() req: GetDesignatedFriendsReq,
  ): Promise<FriendsInfoResp> {
    return { friendsInfo: await this.friends.designated(caller, req.ownerUserID, req.friendUserIDs) };
  }

  @ApiRoute('set_friend_remark', { summary: 'Set the remark of a friend (1004 if not a friend); 1206' })
  async setFriendRemark(@CurrentCaller() caller: Caller, @Body() req: SetFriendRemarkReq): Promise<void> {
    await this.friends.setRemark(caller, req);
  }

  @ApiRoute('update_friends', { summary: 'Set pin, remark and ex of friends (null = unchanged); 1210' })
  async updateFriends(@CurrentCaller() caller: Caller, @Body() req: UpdateFriendsReq): Promise<void> {
    await this.friends.update(caller, req);
  }

  @ApiRoute('import_friend', { summary: 'Make users friends of the owner in both directions (admin); 1201' })
  @AdminOnly()
  async importFriend(@CurrentCaller() caller: Caller, @Body() req: ImportFriendReq): Promise<void> {
    await this.friends.import(caller, req);
  }

  @ApiRoute('is_friend', { summary: "Whether each user is in the other's friend list", resp: IsFriendResp })
  isFriend(@CurrentCaller() caller: Caller, @Body() req: IsFriendReq): Promise<IsFriendResp> {
    return this.friends.isFriend(caller, req.userID1, req.userID2);
  }

  @ApiRoute('get_friend_id', { summary: 'All friend IDs of a user', resp: GetFriendIDsResp })
  async getFriendIDs(@CurrentCaller() caller: Caller, @Body() req: GetFriendIDsReq): Promise<GetFriendIDsResp> {
    return { friendIDs: await this.friends.ids(caller, req.userID) };
  }

  @ApiRoute('get_specified_friends_info', {
    summary: 'Users with the owner’s friend and black entries of each',
    resp: GetSpecifiedFriendsInfoResp,
  })
  getSpecifiedFriendsInfo(
    @CurrentCaller() caller: Caller,
    @Body() req: GetSpecifiedFriendsInfoReq,
  ): Promise<GetSpecifiedFriendsInfoResp> {
    return this.friends.specifiedInfo(caller, req.ownerUserID, req.userIDList);
  }

  @ApiRoute('get_incremental_friends', {
    summary: 'Friend-list changes since the client version',
    resp: GetIncrementalFriendsResp,
  })
  incremental(@CurrentCaller() caller: Caller, @Body() req: IncrementalReq): Promise<GetIncrementalFriendsResp> {
    return this.sync.incrementalFriends(caller, req);
  }

  @ApiRoute('get_full_friend_user_ids', {
    summary: 'All friend IDs, or equal: true when the client hash matches',
    resp: GetFullFriendUserIDsResp,
  })
  fullIDs(@CurrentCaller() caller: Caller, @Body() req: GetFullFriendUserIDsReq): Promise<GetFullFriendUserIDsResp> {
    return this.sync.fullFriendIDs(caller, req.userID, req.idHash);
  }
}
