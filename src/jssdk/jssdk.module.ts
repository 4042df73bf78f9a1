import { Module } from '@nestjs/common';
import { ChatStoreModule } from '../chat-store/chat-store.module';
import { FriendModule } from '../friend/friend.module';
import { MsgModule } from '../msg/msg.module';
import { UserModule } from '../user/user.module';
import { ConversationListController } from './conversation-list.controller';
import { ConversationListService } from './conversation-list.service';
import { ConversationViewService } from './conversation-view.service';
import { JssdkController } from './jssdk.controller';
import { JssdkService } from './jssdk.service';

/** Conversation lists with last messages, peers and groups: the JS SDK routes and the sorted conversation list. */
@Module({
  imports: [ChatStoreModule, FriendModule, MsgModule, UserModule],
  controllers: [JssdkController, ConversationListController],
  providers: [ConversationViewService, JssdkService, ConversationListService],
})
export class JssdkModule {}
