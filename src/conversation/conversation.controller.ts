import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import {
  ConversationIDsResp,
  ConversationResp,
  ConversationsResp,
  DeleteConversationsReq,
  GetConversationOfflinePushUserIDsReq,
  GetConversationReq,
  GetConversationsReq,
  GetFullConversationIDsReq,
  GetFullConversationIDsResp,
  GetIncrementalConversationReq,
  GetIncrementalConversationResp,
  GetOwnerConversationReq,
  GetOwnerConversationResp,
  OwnerReq,
  SetConversationsReq,
  UpdateConversationsByUserReq,
  UserIDsResp,
  UserReq,
} from './conversation.dto';
import { ConversationService } from './conversation.service';

@ApiTags('conversation')
@ApiSecurity('token')
@Controller('conversation')
export class ConversationController {
  constructor(private readonly conversations: ConversationService) {}

  @ApiRoute('get_all_conversations', { summary: "All of a user's conversations", resp: ConversationsResp })
  async getAll(@CurrentCaller() caller: Caller, @Body() req: OwnerReq): Promise<ConversationsResp> {
    return { conversations: await this.conversations.getAll(caller, req.ownerUserID) };
  }

  @ApiRoute('get_conversation', { summary: 'One conversation of a user (1004 if none)', resp: ConversationResp })
  async getConversation(@CurrentCaller() caller: Caller, @Body() req: GetConversationReq): Promise<ConversationResp> {
    return { conversation: await this.conversations.getOne(caller, req.ownerUserID, req.conversationID) };
  }

  @ApiRoute('get_conversations', {
    summary: 'Some conversations of a user (the existing ones)',
    resp: ConversationsResp,
  })
  async getConversations(
    @CurrentCaller() caller: Caller,
    @Body() req: GetConversationsReq,
  ): Promise<ConversationsResp> {
    return { conversations: await this.conversations.getMany(caller, req.ownerUserID, req.conversationIDs) };
  }

  @ApiRoute('set_conversations', { summary: 'Create or change conversation settings for users (1300 to each)' })
  async setConversations(@CurrentCaller() caller: Caller, @Body() req: SetConversationsReq): Promise<void> {
    await this.conversations.set(caller, req);
  }

  @ApiRoute('get_conversation_offline_push_user_ids', {
    summary: 'Of the users, those to push offline (admin)',
    resp: UserIDsResp,
  })
  @AdminOnly()
  async offlinePushUserIDs(@Body() req: GetConversationOfflinePushUserIDsReq): Promise<UserIDsResp> {
    return { userIDs: await this.conversations.offlinePushUserIDs(req.conversationID, req.userIDs) };
  }

  @ApiRoute('get_full_conversation_ids', {
    summary: "All of a user's conversation IDs unless the client's idHash matches",
    resp: GetFullConversationIDsResp,
  })
  getFullConversationIDs(
    @CurrentCaller() caller: Caller,
    @Body() req: GetFullConversationIDsReq,
  ): Promise<GetFullConversationIDsResp> {
    return this.conversations.fullIDs(caller, req.userID, req.idHash);
  }

  @ApiRoute('get_incremental_conversations', {
    summary: 'Conversation changes since a version',
    resp: GetIncrementalConversationResp,
  })
  getIncremental(
    @CurrentCaller() caller: Caller,
    @Body() req: GetIncrementalConversationReq,
  ): Promise<GetIncrementalConversationResp> {
    return this.conversations.incremental(caller, req);
  }

  @ApiRoute('get_owner_conversation', { summary: "A page of a user's conversations", resp: GetOwnerConversationResp })
  getOwnerConversation(
    @CurrentCaller() caller: Caller,
    @Body() req: GetOwnerConversationReq,
  ): Promise<GetOwnerConversationResp> {
    return this.conversations.pageOwner(caller, req.userID, req.pagination);
  }

  @ApiRoute('get_not_notify_conversation_ids', {
    summary: 'Conversations received without notification (recvMsgOpt 2)',
    resp: ConversationIDsResp,
  })
  async getNotNotifyIDs(@CurrentCaller() caller: Caller, @Body() req: UserReq): Promise<ConversationIDsResp> {
    return { conversationIDs: await this.conversations.notNotifyIDs(caller, req.userID) };
  }

  @ApiRoute('get_pinned_conversation_ids', { summary: 'Pinned conversations', resp: ConversationIDsResp })
  async getPinnedIDs(@CurrentCaller() caller: Caller, @Body() req: UserReq): Promise<ConversationIDsResp> {
    return { conversationIDs: await this.conversations.pinnedIDs(caller, req.userID) };
  }

  @ApiRoute('delete_conversations', {
    summary: 'Delete conversation records (by ID, or those idle for needDeleteTime days)',
  })
  async deleteConversations(@CurrentCaller() caller: Caller, @Body() req: DeleteConversationsReq): Promise<void> {
    await this.conversations.delete(caller, req);
  }

  @ApiRoute('update_conversations_by_user', { summary: "Set ex on all of a user's conversations" })
  async updateByUser(@CurrentCaller() caller: Caller, @Body() req: UpdateConversationsByUserReq): Promise<void> {
    await this.conversations.updateExForUser(caller, req.userID, req.ex);
  }
}
