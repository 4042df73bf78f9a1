import { Module } from '@nestjs/common';
import { VersionLogModule } from '../versionlog/version-log.module';
import { ConversationRepository } from './conversation.repository';

/**
 * The conversation records and their version log, without any service: the message store writes them inside
 * its own transactions, and the conversation module serves them.
 */
@Module({
  imports: [VersionLogModule],
  providers: [ConversationRepository],
  exports: [ConversationRepository, VersionLogModule],
})
export class ConversationStoreModule {}
