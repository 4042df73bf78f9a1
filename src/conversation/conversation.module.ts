import { Module } from '@nestjs/common';
import { MsgStoreModule } from '../msg/store/msg-store.module';
import { NotificationModule } from '../notification/notification.module';
import { ConversationController } from './conversation.controller';
import { ConversationService } from './conversation.service';

@Module({
  imports: [MsgStoreModule, NotificationModule],
  controllers: [ConversationController],
  providers: [ConversationService],
  exports: [ConversationService],
})
export class ConversationModule {}
