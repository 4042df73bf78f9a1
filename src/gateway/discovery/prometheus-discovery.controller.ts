import { applyDecorators, Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public, RawResponse } from '../../common/decorators/access';
import { type DiscoveryName, PrometheusDiscoveryService, type TargetGroup } from './prometheus-discovery.service';

class TargetGroupDoc implements TargetGroup {
  @ApiProperty({ example: ['im-1.internal:10002'], description: '`host:port` of each process (ADVERTISE_HOST)' })
  targets!: string[];

  @ApiProperty({
    example: { job: 'api', instance: 'im-1.internal:10002', role: 'all' },
    description: 'job = the service name, instance = the target, role = the process ROLE',
  })
  labels!: Record<string, string>;
}

/** A discovery route: public, plain JSON (Prometheus reads it), no envelope. */
function Discovery(name: DiscoveryName, what: string): MethodDecorator {
  return applyDecorators(
    Get(name),
    Public(),
    RawResponse(),
    ApiOperation({ summary: `Prometheus HTTP service discovery: ${what} (plain JSON array, no envelope)` }),
    ApiOkResponse({ type: TargetGroupDoc, isArray: true }),
  );
}

@ApiTags('prometheus_discovery')
@Controller('prometheus_discovery')
export class PrometheusDiscoveryController {
  constructor(private readonly discovery: PrometheusDiscoveryService) {}

  @Discovery('api', 'the REST API processes')
  api(): Promise<TargetGroup[]> {
    return this.discovery.targets('api');
  }

  @Discovery('user', 'the processes serving the user service (the REST API processes)')
  user(): Promise<TargetGroup[]> {
    return this.discovery.targets('user');
  }

  @Discovery('group', 'the processes serving the group service (the REST API processes)')
  group(): Promise<TargetGroup[]> {
    return this.discovery.targets('group');
  }

  @Discovery('msg', 'the processes serving the msg service (the REST API processes)')
  msg(): Promise<TargetGroup[]> {
    return this.discovery.targets('msg');
  }

  @Discovery('friend', 'the processes serving the friend service (the REST API processes)')
  friend(): Promise<TargetGroup[]> {
    return this.discovery.targets('friend');
  }

  @Discovery('conversation', 'the processes serving the conversation service (the REST API processes)')
  conversation(): Promise<TargetGroup[]> {
    return this.discovery.targets('conversation');
  }

  @Discovery('third', 'the processes serving the third service (the REST API processes)')
  third(): Promise<TargetGroup[]> {
    return this.discovery.targets('third');
  }

  @Discovery('auth', 'the processes serving the auth service (the REST API processes)')
  auth(): Promise<TargetGroup[]> {
    return this.discovery.targets('auth');
  }

  @Discovery('push', 'the processes routing online pushes (every process)')
  push(): Promise<TargetGroup[]> {
    return this.discovery.targets('push');
  }

  @Discovery('msg_gateway', 'the WebSocket gateway processes (their WS port serves /metrics)')
  msgGateway(): Promise<TargetGroup[]> {
    return this.discovery.targets('msg_gateway');
  }

  @Discovery('msg_transfer', 'the processes writing messages (every process)')
  msgTransfer(): Promise<TargetGroup[]> {
    return this.discovery.targets('msg_transfer');
  }
}
