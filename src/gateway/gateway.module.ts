import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RedisService } from '../infra/redis/redis.service';
import { MsgModule } from '../msg/msg.module';
import { LocalCluster, type Cluster } from './cluster';
import { RedisCluster } from './redis-cluster';
import { PrometheusDiscoveryController } from './discovery/prometheus-discovery.controller';
import { PrometheusDiscoveryService } from './discovery/prometheus-discovery.service';
import { NodeIdentity } from './node-identity';
import { ConnectionRegistry } from './connection-registry';
import { GatewayServer } from './gateway.server';
import { LoginPolicy } from './login-policy';
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
  controllers: [UserStatusController, PrometheusDiscoveryController],
  providers: [
    UserStatusService,
    ConnectionRegistry,
    NodeIdentity,
    {
      provide: CLUSTER,
      inject: [APP_CONFIG, ConnectionRegistry, NodeIdentity, { token: RedisService, optional: true }],
      useFactory: (
        config: AppConfig,
        registry: ConnectionRegistry,
        identity: NodeIdentity,
        redis: RedisService | null,
      ): Cluster => {
        const advertise = (nodeID: string) => identity.advert(nodeID);
        return redis
          ? new RedisCluster(redis, registry, advertise, config.redis.presenceTtlMs)
          : new LocalCluster(registry, advertise);
      },
    },
    PrometheusDiscoveryService,
    PushService,
    PresenceService,
    WsRequests,
    WsDispatcher,
    LoginPolicy,
    GatewayServer,
  ],
  exports: [PresenceService, GatewayServer],
})
export class GatewayModule {}
