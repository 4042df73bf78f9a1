import { Global, Module } from '@nestjs/common';
import { GROUP_ACCESS, GROUP_MEMBERS } from '../chat-store/ports';
import { GroupDirectory } from './group-directory';
import { GroupRepository } from './group.repository';

/**
 * Group data without API yet: the implementation of the group ports (membership, status, mutes) that the
 * message store and features depend on. Global so that those modules never import this one.
 */
@Global()
@Module({
  providers: [
    GroupRepository,
    GroupDirectory,
    { provide: GROUP_ACCESS, useExisting: GroupDirectory },
    { provide: GROUP_MEMBERS, useExisting: GroupDirectory },
  ],
  exports: [GroupRepository, GROUP_ACCESS, GROUP_MEMBERS],
})
export class GroupStoreModule {}
