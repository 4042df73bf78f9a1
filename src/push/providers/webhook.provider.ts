import type { PushNotification, PushOutcome, PushProvider } from './push-provider';

const TIMEOUT_MS = 10_000;

/**
 * Each notification is POSTed as JSON (the {@link PushNotification} fields) to a URL of the deployment's choosing,
 * which forwards it to APNs, FCM or a vendor. 2xx = delivered; 410 Gone = the token is invalid (it is deleted);
 * anything else is retried.
 */
export class WebhookPushProvider implements PushProvider {
  readonly name = 'webhook';

  constructor(private readonly url: string) {}

  async send(n: PushNotification): Promise<PushOutcome> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(n),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.arrayBuffer();
    if (res.ok) return 'sent';
    if (res.status === 410) return 'invalid-token';
    throw new Error(`webhook answered HTTP ${res.status}`);
  }
}
