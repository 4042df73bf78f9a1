import { Module } from '@nestjs/common';
import { ChatStoreModule } from '../chat-store/chat-store.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { GatewayModule } from '../gateway/gateway.module';
import { UserModule } from '../user/user.module';
import { readServiceAccount } from './providers/fcm-auth';
import { FcmPushProvider } from './providers/fcm.provider';
import { PUSH_PROVIDER, type PushProvider } from './providers/push-provider';
import { WebhookPushProvider } from './providers/webhook.provider';
import { PushMetrics } from './push-metrics';
import { PushPlanner } from './push-planner';
import { PushTokenService } from './push-token.service';
import { PushWorker } from './push-worker';
import { PushRepository } from './push.repository';
import { ThirdPushController } from './third-push.controller';

function providerFor(config: AppConfig): PushProvider | null {
  const p = config.push;
  switch (p.provider) {
    case 'webhook':
      return new WebhookPushProvider(p.webhookUrl!);
    case 'fcm':
      return new FcmPushProvider(readServiceAccount(p.fcmServiceAccountFile!), p.fcmBaseUrl, p.fcmTokenUrl);
    case 'none':
      return null;
  }
}

/**
 * Offline push (layer 6: it asks the gateway's presence, the message store and users): device tokens and badges
 * (`/third/fcm_update_token`, `/third/set_app_badge`) and the worker that drains the push queue into a provider.
 */
@Module({
  imports: [ChatStoreModule, GatewayModule, UserModule],
  controllers: [ThirdPushController],
  providers: [
    PushRepository,
    PushTokenService,
    PushPlanner,
    PushMetrics,
    PushWorker,
    { provide: PUSH_PROVIDER, inject: [APP_CONFIG], useFactory: providerFor },
  ],
})
export class PushModule {}
