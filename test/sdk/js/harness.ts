import { CbEvents, getSDK, LogLevel, type ApiService, type MessageItem } from '@openim/client-sdk';
import { restCalls, traffic, type RestCall, type Traffic } from './browser';
import { registerUsers, startServer, userToken, type Server } from './server';

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

/** One user's official JS SDK, logged in to the spawned server, with every event it emitted recorded in order. */
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
