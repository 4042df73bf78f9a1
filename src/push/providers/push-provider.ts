/** One notification for one device, as the providers get it (also the stored form of a queued delivery). */
export interface PushNotification {
  userID: string;
  platformID: number;
  /** the device's push token (FCM registration token) */
  token: string;
  title: string;
  desc: string;
  /** the app icon badge after this message */
  badge: number;
  /** offlinePushInfo.ex of the message */
  ex: string;
  iOSPushSound: string;
  iOSBadgeCount: boolean;
  conversationID: string;
  seq: number;
  clientMsgID: string;
  serverMsgID: string;
  sendID: string;
  sessionType: number;
  contentType: number;
}

/**
 * What a provider answered: delivered, or the token is no longer valid (the device uninstalled the app; its token
 * is deleted). Anything else is thrown and the delivery is retried later.
 */
export type PushOutcome = 'sent' | 'invalid-token';

export interface PushProvider {
  readonly name: string;
  send(n: PushNotification): Promise<PushOutcome>;
}

/** Injection token of the configured {@link PushProvider}. */
export const PUSH_PROVIDER = Symbol('PUSH_PROVIDER');
