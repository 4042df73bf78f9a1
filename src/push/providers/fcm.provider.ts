import { FcmTokenSource, type ServiceAccount } from './fcm-auth';
import type { PushNotification, PushOutcome, PushProvider } from './push-provider';

const TIMEOUT_MS = 10_000;

interface FcmError {
  error?: { status?: string; details?: { '@type'?: string; errorCode?: string }[] };
}

/**
 * Firebase Cloud Messaging, HTTP v1 API: one `messages:send` per device with a Bearer token from the service account.
 * An UNREGISTERED answer (the app was uninstalled, the token rotated) deletes the token; other failures are retried.
 */
export class FcmPushProvider implements PushProvider {
  readonly name = 'fcm';
  private readonly tokens: FcmTokenSource;
  private readonly sendUrl: string;

  constructor(account: ServiceAccount, baseUrl: string, tokenUrl?: string) {
    this.tokens = new FcmTokenSource(account, tokenUrl);
    this.sendUrl = `${baseUrl.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
  }

  async send(n: PushNotification): Promise<PushOutcome> {
    const token = await this.tokens.get();
    const res = await fetch(this.sendUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(fcmMessage(n)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as FcmError;
    if (res.ok) return 'sent';
    if (res.status === 401) this.tokens.invalidate();
    const codes = [body.error?.status, ...(body.error?.details ?? []).map((d) => d.errorCode)];
    if (codes.includes('UNREGISTERED')) return 'invalid-token';
    throw new Error(`FCM answered HTTP ${res.status} ${codes.filter(Boolean).join(' ')}`);
  }
}

/** The HTTP v1 body: the visible notification, the message's identity as data, the badge and sound per platform. */
export function fcmMessage(n: PushNotification): { message: Record<string, unknown> } {
  const aps: Record<string, unknown> = { sound: n.iOSPushSound || 'default' };
  if (n.iOSBadgeCount) aps.badge = n.badge;
  return {
    message: {
      token: n.token,
      notification: { title: n.title, body: n.desc },
      data: {
        conversationID: n.conversationID,
        clientMsgID: n.clientMsgID,
        serverMsgID: n.serverMsgID,
        sendID: n.sendID,
        sessionType: String(n.sessionType),
        contentType: String(n.contentType),
        seq: String(n.seq),
        ex: n.ex,
      },
      android: { notification: { notification_count: n.badge } },
      apns: { payload: { aps } },
    },
  };
}
