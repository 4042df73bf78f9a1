import type { IncomingMessage } from 'node:http';

/** Protobuf request bodies (the JS SDK's /jssdk calls); every other body is read as JSON. */
export function isProtobuf(req: IncomingMessage): boolean {
  return /^application\/(x-)?protobuf\b/i.test(req.headers['content-type'] ?? '');
}
