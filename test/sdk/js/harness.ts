import { CbEvents, getSDK, LogLevel, type ApiService, type MessageItem } from '@openim/client-sdk';
import { PbCoder } from '@openim/protocol';
import { File as NodeFile } from 'node:buffer';
import WebSocket from 'ws';
import { registerUsers, startServer, userToken, type Server } from './server';

/** What the SDK of one token did on the wire: REST calls in flight, and the clientMsgIDs of pushes it handled. */
interface Traffic {
  inFlight: number;
  /** the SDK's current socket */
  socket?: WebSocket;
  pushed: Set<string>;
  wake(): void;
}
const traffic = new Map<string, Traffic>();

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

/**
 * Silences what the SDK prints on its own, whatever its log level: a banner per instance (console.info) and every
 * active-conversation answer (console.warn). Call in a test file's beforeAll.
 */
export function quietSdkConsole(): void {
  jest.spyOn(console, 'info').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
}

/** One event as the SDK emits it. */
export interface SdkEvent {
  event: CbEvents;
  data: unknown;
  errCode: number;
  errMsg: string;
  operationID: string;
}

/**
 * Runs `make` with every interval it starts unref'd: each SDK instance starts two 15 s intervals (its typing
 * state) that nothing ever clears, and they must not keep the test process alive.
 */
function withUnrefIntervals<T>(make: () => T): T {
  const original = globalThis.setInterval;
  globalThis.setInterval = (...args: Parameters<typeof setInterval>) => original(...args).unref();
  try {
    return make();
  } finally {
    globalThis.setInterval = original;
  }
}

/** The SDK as getSDK() makes it: its API, and the emitter methods its declared type leaves out. */
export type Sdk = ApiService & { on(event: CbEvents, listener: (e: SdkEvent) => void): void };

/** One user's official JS SDK, logged in to the test app, with every event it emitted recorded in order. */
export class SdkUser {
  readonly sdk: Sdk;
  readonly events: SdkEvent[] = [];
  token = '';
  private readonly traffic: Traffic;
  private readonly waiters: (() => void)[] = [];

  constructor(
    readonly server: Server,
    readonly userID: string,
    readonly platformID: number,
  ) {
    this.sdk = withUnrefIntervals(() => getSDK() as Sdk);
    this.traffic = { inFlight: 0, pushed: new Set(), wake: () => this.wake() };
    for (const event of Object.values(CbEvents)) {
      this.sdk.on(event, (e: SdkEvent) => {
        this.events.push(e);
        this.wake();
      });
    }
  }

  /** Logs in with a fresh token and waits until the SDK's initial sync ended (finished or failed). */
  async login(token?: string): Promise<SdkEvent> {
    const from = this.events.length;
    const connected = await this.connect(token);
    if (connected.event !== CbEvents.OnConnectSuccess) throw new Error(`login refused: ${connected.errCode}`);
    return this.next([CbEvents.OnSyncServerFinish, CbEvents.OnSyncServerFailed], from);
  }

  /** Logs in (a fresh token unless given) and waits for the handshake's verdict: connected, or refused. */
  async connect(token?: string): Promise<SdkEvent> {
    const from = this.events.length;
    this.token = token ?? (await userToken(this.server, this.userID, this.platformID));
    traffic.set(this.token, this.traffic);
    await this.sdk.login({
      userID: this.userID,
      token: this.token,
      platformID: this.platformID,
      apiAddr: this.server.base,
      wsAddr: this.server.ws,
      logLevel: LogLevel.Silent,
    });
    return this.next([CbEvents.OnConnectSuccess, CbEvents.OnConnectFailed], from);
  }

  /** The first event of one of these kinds emitted at or after index `from` (waits for it). */
  async next(kinds: CbEvents | CbEvents[], from = 0, ms = 10_000): Promise<SdkEvent> {
    const list = Array.isArray(kinds) ? kinds : [kinds];
    const find = () => this.events.slice(from).find((e) => list.includes(e.event));
    await this.until(() => find() !== undefined, list.join('|'), ms);
    return find()!;
  }

  /** The data of every event of this kind so far. */
  dataOf<T>(kind: CbEvents): T[] {
    return this.events.filter((e) => e.event === kind).map((e) => e.data as T);
  }

  /** Waits until the SDK has handled the push of this message (its own sends come back as an echo). */
  handledPush(clientMsgID: string): Promise<void> {
    return this.until(() => this.traffic.pushed.has(clientMsgID), `the push of ${clientMsgID}`);
  }

  /** Waits (event-driven, bounded) until the condition holds. */
  async until(cond: () => boolean, what = 'condition', ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.userID}: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The REST calls this user's SDK made (with its current token). */
  restCalls(): RestCall[] {
    return restCalls.filter((c) => c.token === this.token);
  }

  /** Cuts the SDK's socket as a lost network would (no close handshake: the server and the SDK see 1006). */
  dropSocket(): void {
    this.traffic.socket?.terminate();
  }

  /** Lets REST calls in flight finish (the app may close next), then logs out. */
  async logout(): Promise<void> {
    await this.until(() => this.traffic.inFlight === 0, 'REST calls in flight').catch(() => undefined);
    await this.sdk.logout().catch(() => undefined);
    // After a refused handshake the SDK counts as logged out, so logout() does nothing, yet its socket manager
    // keeps reconnecting every 5 s with the refused token: stop it.
    (this.sdk as unknown as { wsManager?: { close(): void } }).wsManager?.close();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/**
 * The hooks of an SDK test file: the built server spawned on its own storage, every SDK logged out after each
 * test. Call at the top of a describe; `loggedIn` logs a user in (Web by default), `users` registers new ones.
 */
export interface SdkSuite {
  server: () => Server;
  users: (n: number) => Promise<string[]>;
  loggedIn: (userID: string, platformID?: number) => Promise<SdkUser>;
  /** logs the SDK out after the test (for SDKs a test logs in by itself) */
  track: (s: SdkUser) => SdkUser;
}

export function sdkSuite(): SdkSuite {
  let server: Server;
  const sdks: SdkUser[] = [];
  beforeAll(async () => {
    quietSdkConsole();
    server = await startServer();
  }, 60_000);
  afterEach(async () => {
    for (const s of sdks.splice(0)) await s.logout();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const track = (s: SdkUser) => {
    sdks.push(s);
    return s;
  };
  return {
    server: () => server,
    users: (n) => registerUsers(server, n),
    track,
    loggedIn: async (userID, platformID = 5) => {
      const s = track(new SdkUser(server, userID, platformID));
      await s.login();
      return s;
    },
  };
}

/** The messages the SDK handed to the app through OnRecvNewMessages, in order. */
export function received(s: SdkUser): MessageItem[] {
  return s.dataOf<MessageItem[]>(CbEvents.OnRecvNewMessages).flat();
}

/** Sends a message the SDK made (a text unless given) and returns it as the send answered. */
export async function send(
  s: SdkUser,
  to: { recvID?: string; groupID?: string },
  message: MessageItem | string,
): Promise<MessageItem> {
  const msg = typeof message === 'string' ? (await s.sdk.createTextMessage(message)).data : message;
  return (await s.sdk.sendMessage({ recvID: to.recvID ?? '', groupID: to.groupID ?? '', message: msg })).data;
}

/** Every REST call these SDKs made that the server did not answer with success. */
export function failedCalls(...sdks: SdkUser[]): RestCall[] {
  return sdks
    .flatMap((s) => s.restCalls())
    .filter((c) => c.status !== 200 || (c.errCode !== 0 && c.errCode !== undefined));
}
