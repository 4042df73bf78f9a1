import { Module } from '@nestjs/common';
import { NotificationModule } from '../notification/notification.module';
import { UserModule } from '../user/user.module';
import { MsgManageController } from './msg-manage.controller';
import { MsgManageService } from './msg-manage.service';
import { MsgPullService } from './msg-pull.service';
import { MsgReadController } from './msg-read.controller';
import { MsgReadService } from './msg-read.service';
import { MsgRestSendService } from './msg-rest-send.service';
import { MsgSearchController } from './msg-search.controller';
import { MsgSearchService } from './msg-search.service';
import { MsgSendService } from './msg-send.service';
import { MsgController } from './msg.controller';
import { MsgWebhooks } from './msg-webhooks';
import { ChatStoreModule } from '../chat-store/chat-store.module';

@Module({
  imports: [ChatStoreModule, NotificationModule, UserModule],
  controllers: [MsgController, MsgReadController, MsgManageController, MsgSearchController],
  providers: [
    MsgWebhooks,
    MsgSendService,
    MsgRestSendService,
    MsgPullService,
    MsgReadService,
    MsgManageService,
    MsgSearchService,
  ],
  exports: [MsgSendService, MsgPullService],
})
export class MsgModule {}
