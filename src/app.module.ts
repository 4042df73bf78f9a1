import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { DatabaseModule, type DatabaseTestOptions } from './infra/database/database.module';
import { EventsModule } from './infra/events/events.module';
import { RedisModule } from './infra/redis/redis.module';
import { MetricsModule } from './metrics/metrics.module';
import { ConversationModule } from './conversation/conversation.module';
import { KvModule } from './infra/kv/kv.module';
import { JssdkModule } from './jssdk/jssdk.module';
import { GatewayModule } from './gateway/gateway.module';
import { FriendModule } from './friend/friend.module';
import { GroupStoreModule } from './group/group-store.module';
import { GroupModule } from './group/group.module';
import { MsgModule } from './msg/msg.module';
import { ObjectModule } from './object/object.module';
import { PushModule } from './push/push.module';
import { UserModule } from './user/user.module';
import { loggerParams } from './common/context/logger';
import { LimitsModule } from './common/limits/limits.module';
import { WebhookModule } from './webhook/webhook.module';

/** What a test may replace: the databases, and where log lines go (stdout by default). */
export interface AppTestOptions extends DatabaseTestOptions {
  logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  static register(config: AppConfig, test?: AppTestOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config.logLevel, test?.logStream)),
        ConfigModule.forRoot(config, test),
        DatabaseModule,
        RedisModule,
        EventsModule,
        KvModule,
        WebhookModule,
        MetricsModule,
        LimitsModule,
        HealthModule,
        GroupStoreModule,
        UserModule,
        FriendModule,
        AuthModule,
        MsgModule,
        ConversationModule,
        JssdkModule,
        GatewayModule,
        GroupModule,
        ObjectModule,
        PushModule,
      ],
    };
  }
}
