import { Module } from '@nestjs/common';
import { MsgStoreModule } from '../msg/store/msg-store.module';
import { NotificationService } from './notification.service';

@Module({ imports: [MsgStoreModule], providers: [NotificationService], exports: [NotificationService] })
export class NotificationModule {}
