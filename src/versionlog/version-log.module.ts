import { Module } from '@nestjs/common';
import { VersionLogRepository } from './version-log.repository';

@Module({ providers: [VersionLogRepository], exports: [VersionLogRepository] })
export class VersionLogModule {}
