import type { BrowserContext, Page } from 'playwright-core';
import type { WasmWorld } from './world';

/** One event the SDK emitted, as the app's listener receives it. */
export interface ImEvent<T = unknown> {
  event: string;
  errCode: number;
  errMsg: string;
  data: T;
}

/** A rejected SDK call: the core's error code and message. */
export class SdkError extends Error {
  constructor(
    readonly method: string,
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(`${method} failed: ${errCode} ${errMsg}`);
  }
}

type Waiter = { test: (e: ImEvent) => boolean; resolve: (e: ImEvent) => void };

const WAIT_MS = 20_000;

/**
 * One user's app: a browser context (its own IndexedDB, so its own local SQLite) with a page running the SDK.
 * `call` invokes an SDK method in the page; every event the SDK emits lands in `events`, and `waitEvent` waits
 * for one (events already received count, so an event that beat the wait is not missed).
 */
export class WasmUser {
  readonly events: ImEvent[] = [];
  private waiters: Waiter[] = [];
  private page!: Page;

  constructor(
    private readonly world: WasmWorld,
    readonly userID: string,
    readonly context: BrowserContext,
    readonly platformID = 5,
  ) {}

  /** Loads the app page in a new tab of this user's context (the local database stays with the context). */
  async open(): Promise<void> {
    this.page = await this.context.newPage();
    this.page.on('pageerror', (err) => console.error(`[${this.userID}] page error:`, err.message));
    // WASM_TIER_CONSOLE=1 shows the page's console (the core's own log lines) when a test needs explaining
    if (process.env.WASM_TIER_CONSOLE) this.page.on('console', (m) => console.log(`[${this.userID}] ${m.text()}`));
    await this.page.exposeFunction('__imEvent', (json: string) => this.receive(JSON.parse(json) as ImEvent));
    await this.page.goto(this.world.origin);
    await this.page.waitForFunction(() => (window as unknown as { __imReady?: boolean }).__imReady === true);
  }

  /** Logs in with a fresh web token and waits for the first sync to finish. */
  async login(): Promise<void> {
    const token = await this.world.token(this.userID, this.platformID);
    const since = this.events.length;
    await this.call('login', {
      userID: this.userID,
      token,
      platformID: this.platformID,
      apiAddr: this.world.apiAddr,
      wsAddr: this.world.wsAddr,
      // the core's own log on the console only when asked for (it is long)
      logLevel: process.env.WASM_TIER_CONSOLE ? 6 : 2,
      isLogStandardOutput: !!process.env.WASM_TIER_CONSOLE,
    });
    await this.waitEvent('OnSyncServerFinish', () => true, since);
  }

  /** Closes the tab and opens the app again in the same context, then logs in: a restart on the same device. */
  async restart(): Promise<void> {
    await this.page.close();
    await this.open();
    await this.login();
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  private receive(e: ImEvent): void {
    this.events.push(e);
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.test(e)) w.resolve(e);
      else still.push(w);
    }
    this.waiters = still;
  }

  /** The data of the events of this name received so far. */
  dataOf<T>(event: string): T[] {
    return this.events.filter((e) => e.event === event).map((e) => e.data as T);
  }

  /** The first event of this name (from index `since` on) whose data passes `test`; waits for it. */
  waitEvent<T>(event: string, test: (data: T) => boolean = () => true, since = 0): Promise<T> {
    const match = (e: ImEvent) => e.event === event && test(e.data as T);
    const seen = this.events.slice(since).find(match);
    if (seen) return Promise.resolve(seen.data as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const names = this.events.slice(since).map((e) => e.event);
        reject(new Error(`[${this.userID}] no ${event} within ${WAIT_MS} ms; got ${names.join(', ')}`));
      }, WAIT_MS);
      const waiter: Waiter = {
        test: match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e.data as T);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Index of the next event, for waits that must ignore what came before. */
  mark(): number {
    return this.events.length;
  }

  /** Calls an SDK method in the page; resolves with its `data`, rejects with SdkError. */
  async call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const res = await this.page.evaluate(
      async ([m, a]) => {
        const sdk = (window as unknown as { __im: Record<string, (...x: unknown[]) => Promise<{ data: unknown }>> })
          .__im;
        try {
          return { ok: true, data: (await sdk[m](...a)).data };
        } catch (err) {
          const e = err as { errCode?: number; errMsg?: string };
          return { ok: false, errCode: e.errCode ?? -1, errMsg: e.errMsg ?? String(err) };
        }
      },
      [method, args] as [string, unknown[]],
    );
    if (!res.ok) throw new SdkError(method, res.errCode ?? -1, res.errMsg ?? '');
    return res.data as T;
  }

  /**
   * Calls the core's own function (`window.<name>`, what the wrapper calls), for the wrapper methods that pass it
   * the wrong arguments; arguments are given as the core takes them (JSON strings), the answer is parsed.
   */
  async core<T = unknown>(name: string, ...args: unknown[]): Promise<T> {
    const res = await this.page.evaluate(
      async ([n, a]) => {
        const fn = (window as unknown as Record<string, (...x: unknown[]) => Promise<string>>)[n];
        try {
          const out = await fn(`op-${n}-${Date.now()}`, ...a);
          return { ok: true, data: out ? (JSON.parse(out) as unknown) : undefined };
        } catch (err) {
          const e = err as { errCode?: number; errMsg?: string };
          return { ok: false, errCode: e.errCode ?? -1, errMsg: e.errMsg ?? String(err) };
        }
      },
      [name, args] as [string, unknown[]],
    );
    if (!res.ok) throw new SdkError(name, res.errCode ?? -1, res.errMsg ?? '');
    return res.data as T;
  }

  /** The error code a call fails with (fails the test when it succeeds). */
  async callError(method: string, ...args: unknown[]): Promise<SdkError> {
    try {
      await this.call(method, ...args);
    } catch (err) {
      if (err instanceof SdkError) return err;
      throw err;
    }
    throw new Error(`${method} succeeded, expected an error`);
  }

  /**
   * Calls an SDK method whose parameters carry browser File objects: each entry of `files` becomes a File (from
   * base64 bytes) put at that key of `params`.
   */
  async callWithFiles<T = unknown>(
    method: string,
    params: Record<string, unknown>,
    files: Record<string, { name: string; type: string; base64: string }>,
  ): Promise<T> {
    const res = await this.page.evaluate(
      async ([m, p, f]) => {
        const sdk = (window as unknown as { __im: Record<string, (x: unknown) => Promise<{ data: unknown }>> }).__im;
        for (const [key, spec] of Object.entries(f)) {
          const bytes = Uint8Array.from(atob(spec.base64), (ch) => ch.charCodeAt(0));
          p[key] = new File([bytes], spec.name, { type: spec.type });
        }
        try {
          return { ok: true, data: (await sdk[m](p)).data };
        } catch (err) {
          const e = err as { errCode?: number; errMsg?: string };
          return { ok: false, errCode: e.errCode ?? -1, errMsg: e.errMsg ?? String(err) };
        }
      },
      [method, params, files] as [string, Record<string, unknown>, typeof files],
    );
    if (!res.ok) throw new SdkError(method, res.errCode ?? -1, res.errMsg ?? '');
    return res.data as T;
  }

  /** Downloads a URL from the page (cross-origin, as the app's <img> or fetch would): status and bytes. */
  download(url: string): Promise<{ status: number; base64: string }> {
    return this.page.evaluate(async (u) => {
      const res = await fetch(u);
      const buf = new Uint8Array(await res.arrayBuffer());
      let bin = '';
      for (const byte of buf) bin += String.fromCharCode(byte);
      return { status: res.status, base64: btoa(bin) };
    }, url);
  }

  /** Runs page code with the SDK (for calls taking browser objects such as File). */
  evaluate<R, A>(fn: (arg: { sdk: unknown; arg: A }) => R | Promise<R>, arg: A): Promise<R> {
    return this.page.evaluate(
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- fn's source, rebuilt in the page
      ([src, a]) => (new Function(`return (${src})`)() as typeof fn)({ sdk: (window as never)['__im'], arg: a }),
      [fn.toString(), arg] as [string, A],
    );
  }
}
