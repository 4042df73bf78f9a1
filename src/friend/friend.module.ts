import { Global, Module } from '@nestjs/common';
import { RELATION_CHECKER } from '../chat-store/ports';
import { NotificationModule } from '../notification/notification.module';
import { UserModule } from '../user/user.module';
import { VersionLogModule } from '../versionlog/version-log.module';
import { BlackController } from './black.controller';
import { BlackRepository } from './black.repository';
import { BlackService } from './black.service';
import { FriendApplyController } from './friend-apply.controller';
import { FriendApplyService } from './friend-apply.service';
import { FriendLinks } from './friend-links';
import { FriendNotifier } from './friend-notifier';
import { FriendRequestRepository } from './friend-request.repository';
import { FriendSyncService } from './friend-sync.service';
import { FriendController } from './friend.controller';
import { FriendRepository } from './friend.repository';
import { FriendService } from './friend.service';
import { RelationCache } from './relation-cache';

/**
 * Friends, applications and black lists. Global because it binds RELATION_CHECKER, the port the send path
 * (msg/) asks, which must not import this module.
 */
@Global()
@Module({
  imports: [NotificationModule, UserModule, VersionLogModule],
  controllers: [FriendApplyController, FriendController, BlackController],
  providers: [
    FriendRepository,
    FriendRequestRepository,
    BlackRepository,
    FriendLinks,
    FriendNotifier,
    RelationCache,
    FriendService,
    FriendApplyService,
    BlackService,
    FriendSyncService,
    { provide: RELATION_CHECKER, useExisting: RelationCache },
  ],
  exports: [RELATION_CHECKER, FriendService],
})
export class FriendModule {}
