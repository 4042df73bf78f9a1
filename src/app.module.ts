import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { DatabaseModule, DatabaseTestOptions } from './infra/database/database.module';
import { EventsModule } from './infra/events/events.module';
import { RedisModule } from './infra/redis/redis.module';
import { MetricsModule } from './metrics/metrics.module';
import { ConversationModule } from './conversation/conversation.module';
import { KvModule } from './infra/kv/kv.module';
import { JssdkModule } from './jssdk/jssdk.module';
import { GroupStoreModule } from './group/group-store.module';
import { MsgModule } from './msg/msg.module';
import { UserModule } from './user/user.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, test?: DatabaseTestOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, test),
        DatabaseModule,
        RedisModule,
        EventsModule,
        KvModule,
        MetricsModule,
        HealthModule,
        GroupStoreModule,
        UserModule,
        AuthModule,
        MsgModule,
        ConversationModule,
        JssdkModule,
      ],
    };
  }
}
