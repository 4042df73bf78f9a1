import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { httpPost, processStorage, spawnServer, type Envelope } from '../../helpers/server-process';

/** The built server (dist/main.js) as production runs it, on its own fresh storage, and an admin's REST access. */
export interface Server {
  /** REST address, `http://127.0.0.1:<port>` */
  base: string;
  /** WebSocket gateway address */
  ws: string;
  /** POST with the admin token; throws unless errCode is 0 */
  admin<T = Record<string, unknown>>(route: string, body: unknown): Promise<T>;
  /** POST with any token (or none); the envelope as answered */
  post(route: string, body: unknown, token?: string): Promise<Envelope>;
  stop(): Promise<void>;
}

/**
 * PGlite's initdb and the migrations take seconds in a new process; the test run's migrated image
 * (test/global-setup.ts, a tar of the data directory) unpacked where the server keeps its data lets it start on a
 * ready database.
 */
function seedDataDir(dataDir: string): void {
  const template = process.env.IM_TEST_PGLITE_TEMPLATE;
  if (!template || !fs.existsSync(template)) return;
  const pgdata = path.join(dataDir, 'pgdata');
  fs.mkdirSync(pgdata, { recursive: true });
  execFileSync('tar', ['-xf', template, '-C', pgdata], { stdio: 'ignore' });
}

export async function startServer(): Promise<Server> {
  const storage = await processStorage();
  if (storage.env.DATA_DIR) seedDataDir(storage.env.DATA_DIR);
  const proc = await spawnServer(storage.env);
  const post = (route: string, body: unknown, token?: string) => httpPost(proc.base, route, body, token);
  const adminToken = (await post('/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' })).data
    .token as string;
  return {
    base: proc.base,
    ws: proc.ws.replace(/\/$/, ''),
    post,
    admin: async <T>(route: string, body: unknown): Promise<T> => {
      const res = await post(route, body, adminToken);
      if (res.errCode !== 0) throw new Error(`${route}: ${res.errCode} ${res.errDlt}`);
      return res.data as T;
    },
    stop: async () => {
      proc.child.kill('SIGTERM');
      await proc.exited;
      await storage.cleanup();
    },
  };
}

let counter = 0;
/** Registers `n` users with IDs no other test uses; returns their IDs. */
export async function registerUsers(server: Server, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => `js${++counter}_${randomBytes(3).toString('hex')}`);
  await server.admin('/user/user_register', { users: ids.map((userID) => ({ userID, nickname: `nick-${userID}` })) });
  return ids;
}

/** A user token for this platform, as an app's own login service would fetch it. */
export async function userToken(server: Server, userID: string, platformID: number): Promise<string> {
  return (await server.admin<{ token: string }>('/auth/get_user_token', { userID, platformID })).token;
}

/** Makes `owner` and each of `others` friends both ways (admin import, as an app's back office would). */
export async function makeFriends(server: Server, owner: string, others: string[]): Promise<void> {
  await server.admin('/friend/import_friend', { ownerUserID: owner, friendUserIDs: others });
}

/** The single-chat conversation ID of two users. */
export function si(a: string, b: string): string {
  return a < b ? `si_${a}_${b}` : `si_${b}_${a}`;
}
