import { Module } from '@nestjs/common';
import { ChatStoreModule } from '../chat-store/chat-store.module';
import { NotificationModule } from '../notification/notification.module';
import { ConversationController } from './conversation.controller';
import { ConversationService } from './conversation.service';
import { ConversationTips } from './conversation-tips';

@Module({
  imports: [ChatStoreModule, NotificationModule],
  controllers: [ConversationController],
  providers: [ConversationService, ConversationTips],
  exports: [ConversationService],
})
export class ConversationModule {}
