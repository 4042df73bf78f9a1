import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RedisService } from '../infra/redis/redis.service';
import { MsgModule } from '../msg/msg.module';
import { LocalCluster, RedisCluster, type Cluster } from './cluster';
import { ConnectionRegistry } from './connection-registry';
import { GatewayServer } from './gateway.server';
import { CLUSTER } from './gateway.tokens';
import { PresenceService } from './presence.service';
import { PushService } from './push.service';
import { WsDispatcher } from './ws-dispatcher';
import { WsRequests } from './ws-requests';
import { UserStatusController } from './status/user-status.controller';
import { UserStatusService } from './status/user-status.service';

/**
 * The real-time side: the WebSocket gateway (unless ROLE=api) and the push router, which every role runs so that a
 * message committed on an API-only node still reaches the nodes its recipients are connected to.
 */
@Module({
  imports: [MsgModule, AuthModule],
  controllers: [UserStatusController],
  providers: [
    UserStatusService,
    ConnectionRegistry,
    {
      provide: CLUSTER,
      inject: [ConnectionRegistry, { token: RedisService, optional: true }],
      useFactory: (registry: ConnectionRegistry, redis: RedisService | null): Cluster =>
        redis ? new RedisCluster(redis, registry) : new LocalCluster(registry),
    },
    PushService,
    PresenceService,
    WsRequests,
    WsDispatcher,
    GatewayServer,
  ],
  exports: [PresenceService, GatewayServer],
})
export class GatewayModule {}
