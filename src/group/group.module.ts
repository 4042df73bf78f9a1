import { Module } from '@nestjs/common';
import { ChatStoreModule } from '../chat-store/chat-store.module';
import { NotificationModule } from '../notification/notification.module';
import { UserModule } from '../user/user.module';
import { GroupApplicationController } from './group-application.controller';
import { GroupApplicationService } from './group-application.service';
import { GroupApplications } from './group-applications';
import { GroupInfoService } from './group-info.service';
import { GroupLifecycleService } from './group-lifecycle.service';
import { GroupMemberAdminService } from './group-member-admin.service';
import { GroupMemberController } from './group-member.controller';
import { GroupMemberService } from './group-member.service';
import { GroupMembership } from './group-membership';
import { GroupNotifier } from './group-notifier';
import { GroupProfileFanout } from './group-profile-fanout';
import { GroupRequestRepository } from './group-request.repository';
import { GroupRules } from './group-rules';
import { GroupStatisticsService } from './group-statistics.service';
import { GroupSyncController } from './group-sync.controller';
import { GroupSyncService } from './group-sync.service';
import { GroupViews } from './group-views';
import { GroupController } from './group.controller';

/** The /group API and group statistics. Storage and the ports live in the global GroupStoreModule. */
@Module({
  imports: [ChatStoreModule, NotificationModule, UserModule],
  controllers: [GroupController, GroupMemberController, GroupApplicationController, GroupSyncController],
  providers: [
    GroupRequestRepository,
    GroupMembership,
    GroupRules,
    GroupViews,
    GroupNotifier,
    GroupApplications,
    GroupLifecycleService,
    GroupInfoService,
    GroupMemberService,
    GroupMemberAdminService,
    GroupApplicationService,
    GroupSyncService,
    GroupStatisticsService,
    GroupProfileFanout,
  ],
})
export class GroupModule {}
