import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import {
  httpPost,
  processStorage,
  spawnServer,
  type ProcessStorage,
  type ServerProcess,
} from '../../helpers/server-process';
import { startAssetServer, type AssetServer } from './assets';
import { chromiumPath, launchChromium } from './browser';
import { WasmUser } from './user';

const SECRET = 'wasm-tier-secret';
const ADMIN = 'imAdmin';

/** An answer of the REST API. */
export interface Answer<T = Record<string, unknown>> {
  errCode: number;
  errDlt: string;
  data: T;
}

/**
 * Everything one test file needs: the built server as in production (its own database, real API and gateway
 * ports), the SDK's files on a local HTTP server, one chromium, and the REST admin API for setup.
 */
export class WasmWorld {
  private server!: ServerProcess;
  private storage!: ProcessStorage;
  private assets!: AssetServer;
  private browser!: Browser;
  private adminToken = '';
  private readonly users: WasmUser[] = [];

  get apiAddr(): string {
    return this.server.base;
  }

  get wsAddr(): string {
    return this.server.ws.replace(/\/$/, '');
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    this.storage = await processStorage();
    this.server = await spawnServer({ ...this.storage.env, IM_SECRET: SECRET, IM_ADMIN_USER_IDS: ADMIN, ...env });
    this.assets = await startAssetServer();
    this.browser = await launchChromium(chromiumPath() ?? 'chromium');
    const res = await httpPost(this.apiAddr, '/auth/get_admin_token', { userID: ADMIN, secret: SECRET });
    this.adminToken = (res.data as { token: string }).token;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.users.map((u) => u.close()));
    await this.browser?.close();
    await this.assets?.close();
    if (this.server) {
      this.server.child.kill('SIGTERM');
      await this.server.exited;
    }
    await this.storage?.cleanup();
  }

  /** A REST call, with the admin token unless another is given. */
  async post<T = Record<string, unknown>>(route: string, body: unknown, token?: string): Promise<Answer<T>> {
    return (await httpPost(this.apiAddr, route, body, token ?? this.adminToken)) as unknown as Answer<T>;
  }

  /** Like post, but throws unless errCode is 0. */
  async ok<T = Record<string, unknown>>(route: string, body: unknown, token?: string): Promise<T> {
    const res = await this.post<T>(route, body, token);
    if (res.errCode !== 0) throw new Error(`${route}: ${JSON.stringify(res)}`);
    return res.data;
  }

  /** Registers users with fresh IDs (`<prefix>_<random>`), nickname `N<id>`. */
  async register(...prefixes: string[]): Promise<string[]> {
    const users = prefixes.map((p) => {
      const userID = `${p}_${randomBytes(3).toString('hex')}`;
      return { userID, nickname: `N${userID}`, faceURL: '' };
    });
    await this.ok('/user/user_register', { users });
    return users.map((u) => u.userID);
  }

  /** A token of `userID` for `platformID` (5: web). */
  async token(userID: string, platformID = 5): Promise<string> {
    return (await this.ok<{ token: string }>('/auth/get_user_token', { userID, platformID })).token;
  }

  /** Makes two users friends through the admin API (import_friend). */
  async befriend(ownerUserID: string, ...friendUserIDs: string[]): Promise<void> {
    await this.ok('/friend/import_friend', { ownerUserID, friendUserIDs });
  }

  /**
   * A new browser context (its own local database) with the SDK logged in as `userID`, first sync done. Another
   * platform than web (5) makes a second device that does not replace the first.
   */
  async login(userID: string, platformID = 5): Promise<WasmUser> {
    const context = await this.browser.newContext();
    const user = new WasmUser(this, userID, context, platformID);
    this.users.push(user);
    await user.open();
    await user.login();
    return user;
  }

  get origin(): string {
    return this.assets.origin;
  }
}
