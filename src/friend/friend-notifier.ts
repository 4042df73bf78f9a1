import { Injectable } from '@nestjs/common';
import { SessionType } from '../protocol/message';
import { NotificationType } from '../protocol/notification-type';
import { NotificationService } from '../notification/notification.service';
import type { FriendRequestTip, NotificationTips, TippedType } from '../notification/tips';
import { VersionLogRepository } from '../versionlog/version-log.repository';
import { friendLogKey } from './friend-views';

/** The friend notifications (spec/protocol.md §7.2, 1201–1210), each with the tips the SDKs parse. */
@Injectable()
export class FriendNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly versions: VersionLogRepository,
  ) {}

  /** 1203: applicant → target. */
  async applied(request: FriendRequestTip): Promise<void> {
    const { fromUserID, toUserID } = request;
    await this.single(fromUserID, toUserID, NotificationType.FriendApplication, {
      fromToUserID: { fromUserID, toUserID },
      request,
    });
  }

  /** 1201: responder → applicant (for an import: the new friend → the owner, without a request). */
  async approved(
    applicant: string,
    responder: string,
    handleMsg: string,
    request: FriendRequestTip | null,
  ): Promise<void> {
    await this.single(responder, applicant, NotificationType.FriendApplicationApproved, {
      fromToUserID: { fromUserID: applicant, toUserID: responder },
      handleMsg,
      ...(await this.version(applicant)),
      request,
    });
  }

  /** 1202: responder → applicant. */
  async rejected(applicant: string, responder: string, handleMsg: string, request: FriendRequestTip): Promise<void> {
    await this.single(responder, applicant, NotificationType.FriendApplicationRejected, {
      fromToUserID: { fromUserID: applicant, toUserID: responder },
      handleMsg,
      request,
    });
  }

  /** 1205: owner → the removed friend. */
  async deleted(owner: string, friend: string): Promise<void> {
    await this.single(owner, friend, NotificationType.FriendDeleted, {
      fromToUserID: { fromUserID: owner, toUserID: friend },
      ...(await this.version(owner)),
    });
  }

  /** 1206: owner → friend. */
  async remarkSet(owner: string, friend: string): Promise<void> {
    await this.single(owner, friend, NotificationType.FriendRemarkSet, {
      fromToUserID: { fromUserID: owner, toUserID: friend },
      ...(await this.version(owner)),
      friendSortVersion: 0,
    });
  }

  /** 1210: owner → owner (their other devices). */
  async infosUpdated(owner: string, friendIDs: string[]): Promise<void> {
    await this.single(owner, owner, NotificationType.FriendsInfoUpdate, {
      fromToUserID: { fromUserID: '', toUserID: owner },
      friendIDs,
      ...(await this.version(owner)),
    });
  }

  /** 1207 / 1208: owner → the (un)blocked user. */
  async black(owner: string, black: string, added: boolean): Promise<void> {
    const type = added ? NotificationType.BlackAdded : NotificationType.BlackDeleted;
    await this.single(owner, black, type, { fromToUserID: { fromUserID: owner, toUserID: black } });
  }

  /** 1209 to every user who has `changedUserID` as friend; the writer stores them in a few batched transactions. */
  async profileChanged(changedUserID: string, ownerUserIDs: readonly string[]): Promise<void> {
    await Promise.all(
      ownerUserIDs.map((owner) =>
        this.single(changedUserID, owner, NotificationType.FriendInfoUpdated, { userID: changedUserID }),
      ),
    );
  }

  private async version(owner: string): Promise<{ friendVersion: number; friendVersionID: string }> {
    const head = await this.versions.head(friendLogKey(owner));
    return { friendVersion: head.version, friendVersionID: head.logID };
  }

  private async single<T extends TippedType>(
    sendID: string,
    recvID: string,
    contentType: T,
    tips: NotificationTips[T],
  ): Promise<void> {
    await this.notifications.notify<T>({ sendID, recvID, sessionType: SessionType.Single, contentType, tips });
  }
}
