import { Global, Module } from '@nestjs/common';
import { GROUP_ACCESS, GROUP_MEMBERS } from '../chat-store/ports';
import { GroupDirectory } from './group-directory';
import { GroupMemberRepository } from './group-member.repository';
import { GroupRepository } from './group.repository';

/**
 * The group tables and the implementation of the group ports (membership, status, mutes, cached) that the message
 * store and features depend on. Global so that those modules never import the group module.
 */
@Global()
@Module({
  providers: [
    GroupRepository,
    GroupMemberRepository,
    GroupDirectory,
    { provide: GROUP_ACCESS, useExisting: GroupDirectory },
    { provide: GROUP_MEMBERS, useExisting: GroupDirectory },
  ],
  exports: [GroupRepository, GroupMemberRepository, GroupDirectory, GROUP_ACCESS, GROUP_MEMBERS],
})
export class GroupStoreModule {}
