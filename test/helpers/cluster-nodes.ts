import { randomBytes } from 'node:crypto';
import { PbCoder } from '@openim/protocol';
import { freshDatabase } from './database';
import { httpPost, spawnServer, type ServerProcess } from './server-process';
import { textMsg, WsTestClient } from './ws-client';

/**
 * Server processes on one fresh database of DATABASE_URL and a Redis the test chose (its own redis-server or
 * cluster), for tests that stop Redis under them. Closes everything it made.
 */
export class ClusterNodes {
  readonly nodes: ServerProcess[] = [];
  readonly clients: WsTestClient[] = [];
  private admin = '';
  private dropDb = (): Promise<void> => Promise.resolve();

  private constructor(readonly env: Record<string, string>) {}

  /** `redisEnv`: REDIS_URL or REDIS_CLUSTER_NODES, plus any setting of the test's (a short PRESENCE_TTL_MS) */
  static async start(count: number, redisEnv: Record<string, string>): Promise<ClusterNodes> {
    const db = await freshDatabase(process.env.DATABASE_URL!);
    const prefix = `imrf:${randomBytes(4).toString('hex')}:`;
    // REDIS_URL blank unless given: the test process' own (the shared Redis) must not reach the servers
    const c = new ClusterNodes({ DATABASE_URL: db.url, REDIS_URL: '', REDIS_PREFIX: prefix, ...redisEnv });
    c.dropDb = db.drop;
    try {
      c.nodes.push(...(await Promise.all(Array.from({ length: count }, () => spawnServer(c.env)))));
      const r = await httpPost(c.nodes[0].base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' });
      c.admin = (r.data as { token: string }).token;
    } catch (err) {
      await c.close();
      throw err;
    }
    return c;
  }

  get adminToken(): string {
    return this.admin;
  }

  async users(n: number, node = this.nodes[0]): Promise<string[]> {
    const tag = randomBytes(3).toString('hex');
    const users = Array.from({ length: n }, (_, i) => ({ userID: `rf${tag}_${i}`, nickname: `rf${i}` }));
    const r = await httpPost(node.base, '/user/user_register', { users }, this.admin);
    if (r.errCode !== 0) throw new Error(`register failed: ${JSON.stringify(r)}`);
    return users.map((u) => u.userID);
  }

  async token(userID: string, platformID: number, node = this.nodes[0]): Promise<string> {
    const r = await httpPost(node.base, '/auth/get_user_token', { userID, platformID }, this.admin);
    if (r.errCode !== 0) throw new Error(`token failed: ${JSON.stringify(r)}`);
    return (r.data as { token: string }).token;
  }

  async connect(node: ServerProcess, userID: string, platformID: number, token?: string): Promise<WsTestClient> {
    const t = token ?? (await this.token(userID, platformID));
    const c = await WsTestClient.connect(node.ws, { userID, token: t, platformID, sdkType: 'js' });
    this.clients.push(c);
    return c;
  }

  /** The users among `userIDs` that `node` sees online (on any node). */
  async online(node: ServerProcess, userIDs: string[]): Promise<string[]> {
    const r = await httpPost(node.base, '/user/get_users_online_status', { userIDs }, this.admin);
    if (r.errCode !== 0) throw new Error(`online status failed: ${JSON.stringify(r)}`);
    const list = (r.data as { successResult: { userID: string; status: string }[] }).successResult;
    return list
      .filter((s) => s.status === 'online')
      .map((s) => s.userID)
      .sort();
  }

  async close(): Promise<void> {
    for (const c of this.clients.splice(0)) c.close();
    for (const n of this.nodes) n.child.kill('SIGKILL');
    await Promise.all(this.nodes.map((n) => n.exited));
    await this.dropDb();
  }
}

/** Sends a text message over a client's WebSocket; resolves with the errCode and, when acknowledged, its seq. */
export async function wsSend(
  client: WsTestClient,
  recvID: string,
  text: string,
): Promise<{ errCode: number; clientMsgID: string; serverMsgID?: string }> {
  const msg = textMsg(client.opts.userID, recvID, text);
  const resp = await client.sendMsg(msg);
  const serverMsgID = resp.errCode === 0 ? PbCoder.UserSendMsgResp.decode(resp.data).serverMsgID : undefined;
  return { errCode: resp.errCode, clientMsgID: msg.clientMsgID, serverMsgID };
}

/** Polls until `cond` holds, failing after `timeoutMs`; answers how long it took. */
export async function waitFor(what: string, cond: () => Promise<boolean> | boolean, timeoutMs: number) {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - t0;
}
