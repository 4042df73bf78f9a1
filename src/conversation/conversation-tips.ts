import { Injectable, OnModuleInit } from '@nestjs/common';
import { CONVERSATIONS_FLAGGED } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { SessionType } from '../protocol/message';
import { NotificationType } from '../protocol/notification-type';
import { NotificationService } from '../notification/notification.service';

/**
 * The 1300 (conversation changed) each owner of a changed conversation record is owed: the SDKs fetch the
 * listed conversations again when it arrives. Sent for settings changed through the API and for the @-flags the
 * message writer sets (CONVERSATIONS_FLAGGED): without it an "@ me" showed only after the next login.
 */
@Injectable()
export class ConversationTips implements OnModuleInit {
  constructor(
    private readonly notifications: NotificationService,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.events.on(CONVERSATIONS_FLAGGED, (e) => this.changed(e.ownerUserIDs, [e.conversationID]));
  }

  /** One 1300 to each user (to their own `n_` stream); failures are logged by the notification service. */
  async changed(userIDs: readonly string[], conversationIDList: string[]): Promise<void> {
    await Promise.all(
      userIDs.map((userID) =>
        this.notifications.notify({
          sendID: userID,
          recvID: userID,
          sessionType: SessionType.Single,
          contentType: NotificationType.ConversationChange,
          tips: { userID, conversationIDList },
        }),
      ),
    );
  }
}
