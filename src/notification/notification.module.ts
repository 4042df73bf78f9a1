import { Module } from '@nestjs/common';
import { ChatStoreModule } from '../chat-store/chat-store.module';
import { NotificationService } from './notification.service';

@Module({ imports: [ChatStoreModule], providers: [NotificationService], exports: [NotificationService] })
export class NotificationModule {}
