import { Module } from '@nestjs/common';
import { ConversationStoreModule } from '../../conversation/conversation-store.module';
import { GroupStoreModule } from '../../group/group-store.module';
import { MessageRepository } from './message.repository';
import { MessageWriter } from './message-writer';

/** Stored messages: the writer (seq allocation, batching) and the reads. */
@Module({
  imports: [ConversationStoreModule, GroupStoreModule],
  providers: [MessageRepository, MessageWriter],
  exports: [MessageRepository, MessageWriter, ConversationStoreModule, GroupStoreModule],
})
export class MsgStoreModule {}
