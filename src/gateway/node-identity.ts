import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, type AppConfig, type Role } from '../config/app-config';

/** What a process tells the others about itself (`nodeinfo:<nodeID>` in Redis): where Prometheus finds it. */
export interface NodeAdvert {
  nodeID: string;
  /** ADVERTISE_HOST */
  host: string;
  role: Role;
  /** the REST port (its /metrics); 0 on a gateway-only node */
  apiPort: number;
  /** the WebSocket gateway's port (its /metrics too); 0 on an API-only node */
  wsPort: number;
}

/** This process's advert, with the ports it really listens on (API_PORT / WS_PORT may be 0 = any). */
@Injectable()
export class NodeIdentity {
  /** set by the gateway once it listens */
  wsPort?: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapter: HttpAdapterHost,
  ) {}

  advert(nodeID: string): NodeAdvert {
    const { role } = this.config;
    return {
      nodeID,
      host: this.config.advertiseHost,
      role,
      apiPort: role === 'gateway' ? 0 : (this.listeningApiPort() ?? this.config.apiPort),
      wsPort: role === 'api' ? 0 : (this.wsPort ?? this.config.wsPort),
    };
  }

  private listeningApiPort(): number | undefined {
    const server = this.adapter.httpAdapter?.getHttpServer() as { address?: () => AddressInfo | string | null };
    const address = server?.address?.();
    return typeof address === 'object' && address ? address.port : undefined;
  }
}

export function isNodeAdvert(v: unknown): v is NodeAdvert {
  const a = v as Partial<NodeAdvert> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.nodeID === 'string' &&
    typeof a.host === 'string' &&
    (a.role === 'all' || a.role === 'api' || a.role === 'gateway') &&
    Number.isInteger(a.apiPort) &&
    Number.isInteger(a.wsPort)
  );
}
