import { Module } from '@nestjs/common';
import { VersionLogModule } from '../versionlog/version-log.module';
import { ConversationRepository } from './conversation.repository';
import { MessageRepository } from './message.repository';
import { MessageWriter } from './message-writer';
import { MemberRecordsRepository } from './member-records.repository';
import { PushOutboxRepository } from './push-outbox.repository';
import { SeqRepository } from './seq.repository';

/**
 * The message store: messages, seqs, users' conversation records and the one writer that stores messages and
 * creates records in one transaction. Below msg/ and conversation/, which both build on it (ARCHITECTURE.md).
 * The group ports it asks for (GROUP_MEMBERS) come from a global module.
 */
@Module({
  imports: [VersionLogModule],
  providers: [
    MessageRepository,
    SeqRepository,
    ConversationRepository,
    MemberRecordsRepository,
    PushOutboxRepository,
    MessageWriter,
  ],
  exports: [
    MessageRepository,
    SeqRepository,
    ConversationRepository,
    MemberRecordsRepository,
    MessageWriter,
    PushOutboxRepository,
    VersionLogModule,
  ],
})
export class ChatStoreModule {}
