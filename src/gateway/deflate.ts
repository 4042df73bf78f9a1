import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer, type PerMessageDeflateOptions, type ServerOptions } from 'ws';

/**
 * permessage-deflate (RFC 7692) for the gateway's large frames. Browsers and the JS SDK's `ws` always offer it and
 * cannot use the protocol's own `compression=gzip`, so without it a login sync of 20,000 messages is about 6 MB of
 * base64 JSON where deflate makes it 1.7 MB.
 *
 * Memory is the cost to watch: `ws` keeps a zlib context per direction for the connection's life once it was first
 * used, about 110 KiB each even with a small window, and an SDK's login sync touches it on every connection. So
 * neither side carries context from one message to the next (`*_no_context_takeover`), and `releaseZlib` frees the
 * contexts after each message; frames under the threshold (pushes, acks, heartbeats) are never compressed at all.
 */
export const DEFLATE_WINDOW_BITS = 11;

function options(minBytes: number, limitClientWindow: boolean): PerMessageDeflateOptions {
  return {
    threshold: minBytes,
    serverMaxWindowBits: DEFLATE_WINDOW_BITS,
    // only when the client offered `client_max_window_bits`: ws refuses the whole offer otherwise
    clientMaxWindowBits: limitClientWindow ? DEFLATE_WINDOW_BITS : undefined,
    // messages independent of each other, so each one's zlib context can be freed once it is done
    serverNoContextTakeover: true,
    clientNoContextTakeover: true,
    zlibDeflateOptions: { memLevel: 4 },
  };
}

type ZlibCallback = (err: Error | null, out?: Buffer) => void;
/** The parts of `ws`'s PerMessageDeflate (8.x, private) that `releaseZlib` wraps. */
interface DeflateInternals {
  _compress(data: Buffer, fin: boolean, cb: ZlibCallback): void;
  _decompress(data: Buffer, fin: boolean, cb: ZlibCallback): void;
  _deflate: { close(): void } | null;
  _inflate: { close(): void } | null;
}

/**
 * Frees a connection's zlib contexts after each whole message instead of keeping them for its life (`ws` creates
 * them again when the next large message comes). Safe because no context is taken over between messages, and `ws`
 * runs one compression per connection at a time. Does nothing if `ws`'s internals are not what it expects.
 */
export function releaseZlib(ws: WebSocket): void {
  const extensions = (ws as unknown as { _extensions?: Record<string, Partial<DeflateInternals>> })._extensions;
  const pmd = extensions?.['permessage-deflate'];
  if (typeof pmd?._compress !== 'function' || typeof pmd._decompress !== 'function') return;
  const d = pmd as DeflateInternals;
  type Run = DeflateInternals['_compress'];
  const freeingAfter =
    (run: Run, free: () => void): Run =>
    (data, fin, cb) =>
      run(data, fin, (err, out) => {
        if (fin) free();
        cb(err, out);
      });
  d._compress = freeingAfter(d._compress.bind(d), () => {
    d._deflate?.close();
    d._deflate = null;
  });
  d._decompress = freeingAfter(d._decompress.bind(d), () => {
    d._inflate?.close();
    d._inflate = null;
  });
}

/** What `Sec-WebSocket-Extensions` offers, as far as choosing a server goes. */
function offerOf(req: IncomingMessage): { deflate: boolean; clientWindow: boolean; smallServerWindow: boolean } {
  const header = req.headers['sec-websocket-extensions'];
  const offer = typeof header === 'string' ? header.toLowerCase() : '';
  const serverBits = /server_max_window_bits\s*=\s*"?(\d+)/.exec(offer);
  return {
    deflate: offer.includes('permessage-deflate'),
    clientWindow: offer.includes('client_max_window_bits'),
    smallServerWindow: serverBits !== null && Number(serverBits[1]) < DEFLATE_WINDOW_BITS,
  };
}

/**
 * The `ws` servers for one gateway: deflate options are per server in `ws`, so there is one for clients that let
 * the server bound their window and one for those that do not, plus a plain one.
 */
export class UpgradeServers {
  private readonly plain: WebSocketServer;
  private readonly deflate?: { boundClient: WebSocketServer; freeClient: WebSocketServer };

  constructor(base: ServerOptions, minBytes: number) {
    this.plain = new WebSocketServer({ ...base, perMessageDeflate: false });
    if (minBytes <= 0) return;
    this.deflate = {
      boundClient: new WebSocketServer({ ...base, perMessageDeflate: options(minBytes, true) }),
      freeClient: new WebSocketServer({ ...base, perMessageDeflate: options(minBytes, false) }),
    };
  }

  /**
   * The server to upgrade this request with. A connection that gzips frames itself (`compression=gzip`) gets no
   * deflate: compressing gzip again only costs CPU. An offer this server cannot honour (a server window under ours)
   * is answered without the extension rather than refused, as `ws` would do.
   */
  for(req: IncomingMessage, gzipFrames: boolean): WebSocketServer {
    const offer = offerOf(req);
    if (!this.deflate || !offer.deflate || gzipFrames || offer.smallServerWindow) {
      delete req.headers['sec-websocket-extensions'];
      return this.plain;
    }
    return offer.clientWindow ? this.deflate.boundClient : this.deflate.freeClient;
  }

  close(): void {
    this.plain.close();
    this.deflate?.boundClient.close();
    this.deflate?.freeClient.close();
  }
}
