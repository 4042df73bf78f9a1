import type { Server } from 'node:http';
import type { HttpLimits } from '../../config/app-config';

/** Node reads this at listen time to schedule its header/request timeout sweep (30 s by default). */
interface SweptServer extends Server {
  connectionsCheckingInterval: number;
}

/**
 * Caps connections and bounds how long a slow or silent client can hold one. Node enforces the header and request
 * timeouts only for connections that have started a request, so a connection that sends nothing gets an idle
 * timeout of the same length, lifted once its first request has arrived.
 */
export function applyHttpLimits(server: Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  (server as SweptServer).connectionsCheckingInterval = Math.min(1_000, limits.headersTimeoutMs);
  server.on('connection', (socket) => socket.setTimeout(limits.headersTimeoutMs));
  server.on('request', (req) => req.socket.setTimeout(0));
}
