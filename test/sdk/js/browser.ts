import { PbCoder } from '@openim/protocol';
import { File as NodeFile } from 'node:buffer';
import WebSocket from 'ws';

// What a browser gives the SDK and Node 20 does not, installed on import: a browser-like WebSocket, File and
// FileReader; and a fetch that records every REST call the SDKs make.

/** What the SDK of one token did on the wire: REST calls in flight, and the clientMsgIDs of pushes it handled. */
export interface Traffic {
  inFlight: number;
  /** the SDK's current socket */
  socket?: WebSocket;
  pushed: Set<string>;
  wake(): void;
}
export const traffic = new Map<string, Traffic>();

/**
 * A browser's WebSocket as the SDK expects it: binary frames arrive as ArrayBuffer (ws hands out Buffers by
 * default, which the SDK cannot read), and each message is its own task, so promise callbacks run between two
 * messages (ws would otherwise dispatch every frame of one TCP read synchronously, and the SDK would see the echo
 * of its own send before it has noted the reply). Node 20 has no global WebSocket; the SDK looks for one at login.
 */
class BrowserWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { allowSynchronousEvents: false });
    this.binaryType = 'arraybuffer';
    dropMessagesUnlessOpen(this);
    const seen = traffic.get(new URL(url).searchParams.get('token') ?? '');
    if (!seen) return;
    seen.socket = this;
    // The SDK handles a push synchronously in its own listener (added after this one): note it one task later.
    this.addEventListener('message', ({ data }) => {
      if (!(data instanceof ArrayBuffer)) return;
      setImmediate(() => {
        for (const id of pushedClientMsgIDs(data)) seen.pushed.add(id);
        seen.wake();
      });
    });
  }
}
Object.assign(globalThis, { WebSocket: BrowserWebSocket });

/**
 * A browser's File and FileReader, which the SDK's uploads use (File.slice, FileReader.readAsArrayBuffer with
 * onload); Node 20 has File only in node:buffer and no FileReader.
 */
class BrowserFileReader {
  onload: ((e: { target: { result: ArrayBuffer } }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  readAsArrayBuffer(blob: Blob): void {
    blob.arrayBuffer().then(
      (result) => this.onload?.({ target: { result } }),
      (err: unknown) => this.onerror?.(err),
    );
  }
}
Object.assign(globalThis, { File: globalThis.File ?? NodeFile, FileReader: BrowserFileReader });

/**
 * A browser delivers no message once close() was called (readyState CLOSING); ws still does, and the SDK, logged
 * out by then, would handle pushes with nothing left to answer them.
 */
function dropMessagesUnlessOpen(ws: WebSocket): void {
  const inherited = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
  Object.defineProperty(ws, 'onmessage', {
    get: () => inherited.get!.call(ws) as unknown,
    set: (handler: ((e: WebSocket.MessageEvent) => void) | null) =>
      inherited.set!.call(ws, handler && ((e: WebSocket.MessageEvent) => ws.readyState === ws.OPEN && handler(e))),
  });
}

function pushedClientMsgIDs(frame: ArrayBuffer): string[] {
  const env = JSON.parse(Buffer.from(frame).toString('utf8')) as { reqIdentifier: number; data: string | null };
  if (env.reqIdentifier !== 2001 || !env.data) return [];
  const push = PbCoder.PushMessages.decode(Buffer.from(env.data, 'base64'));
  return Object.values(push.msgs).flatMap((p) => p.Msgs.map((m) => m.clientMsgID));
}

/** One REST call an SDK made, as the server answered it. */
export interface RestCall {
  path: string;
  token: string;
  status: number;
  errCode?: number;
}

/** Every REST call the SDKs made in this process, in order, as the server answered it. */
export const restCalls: RestCall[] = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const href = input instanceof Request ? input.url : String(input);
  // After logout the SDK still finishes work it had started, with its address gone ("undefined/…"); the
  // rejection would surface nowhere but as an unhandled one that ends the test process. Such a request never answers.
  if (!URL.canParse(href)) return new Promise<Response>(() => undefined);
  const token = new Headers(init?.headers).get('token') ?? '';
  const seen = traffic.get(token);
  if (seen) seen.inFlight++;
  try {
    const res = await realFetch(input, init);
    const path = new URL(href).pathname;
    const call: RestCall = { path, token, status: res.status };
    restCalls.push(call);
    // uploads PUT their parts to the storage's signed URLs, which answer no JSON envelope
    const isJson = res.headers.get('content-type')?.includes('json');
    if (res.ok && isJson) call.errCode = ((await res.clone().json()) as { errCode?: number }).errCode;
    return res;
  } finally {
    if (seen) {
      seen.inFlight--;
      seen.wake();
    }
  }
};
