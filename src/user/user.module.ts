import { Module } from '@nestjs/common';
import { NotificationModule } from '../notification/notification.module';
import { NotificationAccountController } from './notification-account.controller';
import { NotificationAccountService } from './notification-account.service';
import { UserCommandController } from './user-command.controller';
import { UserCommandRepository } from './user-command.repository';
import { UserCommandService } from './user-command.service';
import { UserStatisticsController } from './user-statistics.controller';
import { UserController } from './user.controller';
import { UserCache } from './user-cache';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

@Module({
  imports: [NotificationModule],
  controllers: [UserController, UserCommandController, NotificationAccountController, UserStatisticsController],
  providers: [
    UserRepository,
    UserCache,
    UserCommandRepository,
    UserService,
    UserCommandService,
    NotificationAccountService,
  ],
  exports: [UserService],
})
export class UserModule {}
