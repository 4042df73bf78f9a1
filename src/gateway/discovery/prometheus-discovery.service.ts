import { Inject, Injectable } from '@nestjs/common';
import type { Cluster } from '../cluster';
import { CLUSTER } from '../gateway.tokens';
import type { NodeAdvert } from '../node-identity';

/** The services of `GET /prometheus_discovery/<name>` (the reference server's RPC services, API and transfer). */
export const DISCOVERY_NAMES = [
  'api',
  'user',
  'group',
  'msg',
  'friend',
  'conversation',
  'third',
  'auth',
  'push',
  'msg_gateway',
  'msg_transfer',
] as const;
export type DiscoveryName = (typeof DISCOVERY_NAMES)[number];

/** One entry of Prometheus' HTTP service discovery: targets `host:port` and the labels they get. */
export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/**
 * Which processes serve a name, and on which port their /metrics is. This server is one program: the REST API
 * (the reference's api and RPC services) runs in ROLE=all|api processes, the WebSocket gateway in ROLE=all|gateway;
 * every process writes the messages it accepts and routes their pushes (push, msg_transfer).
 */
function portFor(name: DiscoveryName, node: NodeAdvert): number {
  const api = node.role === 'gateway' ? 0 : node.apiPort;
  const ws = node.role === 'api' ? 0 : node.wsPort;
  if (name === 'msg_gateway') return ws;
  if (name === 'push' || name === 'msg_transfer') return api || ws;
  return api;
}

@Injectable()
export class PrometheusDiscoveryService {
  constructor(@Inject(CLUSTER) private readonly cluster: Cluster) {}

  /** One group per process (their labels differ), ordered by target; `[]` when no process serves the name. */
  async targets(name: DiscoveryName): Promise<TargetGroup[]> {
    const byTarget = new Map<string, TargetGroup>();
    for (const node of await this.cluster.nodes()) {
      const port = portFor(name, node);
      if (!port) continue;
      const target = `${node.host}:${port}`;
      if (!byTarget.has(target)) {
        byTarget.set(target, { targets: [target], labels: { job: name, instance: target, role: node.role } });
      }
    }
    return [...byTarget.keys()].sort().map((t) => byTarget.get(t)!);
  }
}
