import { Module } from '@nestjs/common';
import { GroupRepository } from './group.repository';

/** Group data without API: what the message path needs (membership, status, mutes). */
@Module({ providers: [GroupRepository], exports: [GroupRepository] })
export class GroupStoreModule {}
