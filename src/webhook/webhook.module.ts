import { Global, Module } from '@nestjs/common';
import { WebhookService } from './webhook.service';

/** The webhook client, one per app; every feature module may call hooks through it. */
@Global()
@Module({ providers: [WebhookService], exports: [WebhookService] })
export class WebhookModule {}
