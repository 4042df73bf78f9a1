import { randomBytes } from 'node:crypto';
import { PbCoder } from '@openim/protocol';
import { percentile } from '../../helpers/mixed-storm';
import { ResyncClient } from '../../helpers/resync-client';
import { until } from '../../helpers/send-storm';
import { httpPost, processStorage, spawnServer, type ProcessStorage } from '../../helpers/server-process';
import type { ServerProcess } from '../../helpers/server-process';
import { WsTestClient } from '../../helpers/ws-client';

// A cluster is several processes on one PostgreSQL and one Redis; the embedded database belongs to one process.
const clustered = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

/** PRESENCE_TTL_MS of the nodes: short, so that the dead node's presence expires within the test */
const TTL_MS = 3000;
/** what a loaded 2-core machine adds to the TTL (heartbeat phase, the nodes' one-second cache of live nodes) */
const SLACK_MS = 2500;
const PAIRS = 8;

interface OnlineStatus {
  userID: string;
  status: string;
  detailPlatformStatus: { connID: string }[];
}

clustered('a node killed (kill -9) under single-chat load', () => {
  let storage: ProcessStorage;
  let nodes: ServerProcess[] = [];
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    storage = await processStorage();
    const env = { ...storage.env, PRESENCE_TTL_MS: String(TTL_MS) };
    nodes = await Promise.all([spawnServer(env), spawnServer(env)]);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const n of nodes) n.child.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.exited));
    await storage?.cleanup();
  });

  it('its clients resync on the other node: every acknowledged message once, its presence gone within the TTL', async () => {
    const [dead, survivor] = nodes;
    const api = survivor.base;
    const admin = (await httpPost(api, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' })).data
      .token as string;
    const tag = randomBytes(3).toString('hex');
    const ids = Array.from({ length: 2 * PAIRS + 1 }, (_, i) => `k${tag}_${i}`);
    const reg = await httpPost(
      api,
      '/user/user_register',
      { users: ids.map((userID) => ({ userID, nickname: userID })) },
      admin,
    );
    expect(reg.errCode).toBe(0);
    const tokenOf = async (userID: string) =>
      (await httpPost(api, '/auth/get_user_token', { userID, platformID: 1 }, admin)).data.token as string;
    const urls = [dead.ws, survivor.ws];
    // sender i talks to receiver i, always across the two nodes; the ghost stays on the dead node and never returns
    const senders: ResyncClient[] = [];
    const receivers: ResyncClient[] = [];
    for (let i = 0; i < PAIRS; i++) {
      senders.push(await ResyncClient.connect(ids[i], await tokenOf(ids[i]), urls, i % 2));
      receivers.push(await ResyncClient.connect(ids[PAIRS + i], await tokenOf(ids[PAIRS + i]), urls, (i + 1) % 2));
    }
    clients.push(...senders, ...receivers);
    const ghostID = ids[2 * PAIRS];
    clients.push(
      await WsTestClient.connect(dead.ws, { userID: ghostID, token: await tokenOf(ghostID), platformID: 1 }),
    );
    const moved = [...senders, ...receivers].filter((c) => c.nodeIndex === 0);
    // a watcher on the surviving node follows the ghost's status (2005), as a contact list does
    const watcherID = receivers[0].userID;
    const watcher = await WsTestClient.connect(survivor.ws, {
      userID: watcherID,
      token: (await httpPost(api, '/auth/get_user_token', { userID: watcherID, platformID: 5 }, admin)).data
        .token as string,
      platformID: 5,
      sdkType: 'js',
    });
    clients.push(watcher);
    const sub = PbCoder.SubUserOnlineStatus.encode({ subscribeUserID: [ghostID], unsubscribeUserID: [] }).finish();
    const subscribed = PbCoder.SubUserOnlineStatusTips.decode((await watcher.request(2005, sub)).data);
    expect(subscribed.subscribers[0].onlinePlatformIDs).toEqual([1]);
    const ghostOffline = () =>
      watcher.pushes.some(
        (p) =>
          p.reqIdentifier === 2005 &&
          PbCoder.SubUserOnlineStatusTips.decode(p.data).subscribers.some(
            (u) => u.userID === ghostID && u.onlinePlatformIDs.length === 0,
          ),
      );

    const online = async (userIDs: string[]) =>
      (await httpPost(api, '/user/get_users_online_status', { userIDs }, admin)).data.successResult as OnlineStatus[];
    const [ghostBefore] = await online([ghostID]);
    expect(ghostBefore.status).toBe('online');
    const deadNodeID = ghostBefore.detailPlatformStatus[0].connID.split(':')[0];

    // each sender sends one message after the other; one without an answer is resent with its clientMsgID
    const acked = new Map<string, number>();
    let running = true;
    const loops = senders.map(async (s, i) => {
      const resend: string[] = [];
      for (let n = 0; running; n++) {
        try {
          await s.ensureConnected();
        } catch {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const clientMsgID = resend.shift() ?? `k-${i}-${n}-${tag}`;
        const r = await s.send(receivers[i].userID, clientMsgID);
        if (r.errCode === 0) acked.set(clientMsgID, i);
        else resend.push(clientMsgID);
      }
    });
    try {
      await until('200 acknowledged sends', () => acked.size >= 200, 30_000);
      const ackedBefore = acked.size;
      const killedAt = Date.now();
      dead.child.kill('SIGKILL');
      await dead.exited;
      // receivers notice too: a closed connection makes the client reconnect and resync
      const receiversMoving = receivers.map(async (r) => {
        await until(`${r.userID} sees its connection closed`, () => !r.connected || r.nodeIndex === 1, 10_000);
        await r.ensureConnected();
      });
      await until('every client of the dead node reconnected', () => moved.every((c) => c.nodeIndex === 1), 15_000);
      await Promise.all(receiversMoving);
      const movedMs = Date.now() - killedAt;

      await until(
        'the dead node’s presence gone',
        async () => (await online([ghostID]))[0].status === 'offline',
        TTL_MS + SLACK_MS + 5000,
      );
      const expiredMs = Date.now() - killedAt;
      await watcher.until(ghostOffline, 'the ghost offline (2005 push)', TTL_MS + SLACK_MS);
      const toldMs = Date.now() - killedAt;
      const listed = await online(moved.map((c) => c.userID));
      expect(
        listed.flatMap((u) => u.detailPlatformStatus.filter((c) => c.connID.startsWith(`${deadNodeID}:`))),
      ).toEqual([]);
      expect(listed.map((u) => u.detailPlatformStatus.length)).toEqual(moved.map(() => 1));

      // the survivor's latency with every client on it: sends started from now on (the loops may have done many
      // already while presence expired)
      const afterFrom = Date.now();
      const ackedAtAfter = acked.size;
      await until('100 more acknowledged', () => acked.size >= ackedAtAfter + 100, 30_000);
      running = false;
      await Promise.all(loops);

      // the SDK's sync: everyone asks for newest seqs and pulls what it lacks
      for (const r of receivers) await r.resync();
      const lost: string[] = [];
      for (const [clientMsgID, i] of acked) {
        const cid = `si_${[senders[i].userID, receivers[i].userID].sort().join('_')}`;
        const ids = [...(receivers[i].store.get(cid)?.values() ?? [])];
        if (!ids.includes(clientMsgID)) lost.push(clientMsgID);
      }
      const duplicates = receivers.flatMap((r) => r.duplicates());
      const gaps = receivers.flatMap((r) => r.gaps());
      const conflicts = receivers.flatMap((r) => r.conflicts);
      const storedCount = receivers.reduce((n, r) => n + [...r.store.values()].reduce((m, s) => m + s.size, 0), 0);

      const okOn = (from: number, to: number) =>
        senders
          .flatMap((s) => s.sent)
          .filter((r) => r.node === 1 && r.errCode === 0 && r.startedAt >= from && r.startedAt < to)
          .map((r) => r.ms);
      const before = okOn(0, killedAt);
      const after = okOn(afterFrom, Infinity);
      const unanswered = senders.flatMap((s) => s.sent).filter((r) => r.errCode !== 0).length;
      console.log(
        `node kill: ${acked.size} acknowledged (${ackedBefore} before the kill), ${unanswered} sends unanswered and ` +
          `resent; ${moved.length} clients reconnected and resynced within ${movedMs} ms; dead node's presence gone ` +
          `after ${expiredMs} ms (TTL ${TTL_MS} ms), its followers told after ${toldMs} ms; receivers hold ${storedCount} messages: ${lost.length} lost, ` +
          `${duplicates.length} duplicated, ${gaps.length} gaps; surviving node's send latency p50 ` +
          `${percentile(before, 50)} ms before (n=${before.length}), ${percentile(after, 50)} ms after ` +
          `(n=${after.length}); p90 ${percentile(before, 90)} / ${percentile(after, 90)} ms`,
      );
      expect({ lost, duplicates, gaps, conflicts }).toEqual({ lost: [], duplicates: [], gaps: [], conflicts: [] });
      expect(storedCount).toBe(acked.size);
      expect(expiredMs).toBeLessThan(TTL_MS + SLACK_MS);
      expect(toldMs).toBeLessThan(TTL_MS + SLACK_MS);
      expect(survivor.child.exitCode).toBeNull();
      // loosely: the survivor carries twice the clients now, its latency must not stay degraded
      expect(percentile(after, 50)).toBeLessThan(Math.max(4 * percentile(before, 50), percentile(before, 50) + 200));
    } finally {
      running = false;
      await Promise.all(loops);
    }
  }, 55_000);
});
