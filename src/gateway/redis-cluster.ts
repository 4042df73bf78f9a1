import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { RedisService } from '../infra/redis/redis.service';
import type { Advertise, Cluster, NodeMessage } from './cluster';
import type { ConnectionRegistry, ConnInfo } from './connection-registry';
import { isNodeAdvert, type NodeAdvert } from './node-identity';

/** Presence hashes outlive any node; live nodes rewrite theirs well before this. */
const PRESENCE_KEY_TTL_S = 3_600;
const PRESENCE_REFRESH_MS = 10 * 60_000;
/**
 * From this many recipients a push goes to every live node with the whole list rather than to the nodes that the
 * recipients' presence names: one publish per node (the list is about 20 B a member) instead of an HGETALL each.
 */
export const BROADCAST_MIN_RECIPIENTS = 256;

/**
 * Redis layout (every key under the deployment prefix): `nodes` sorted set nodeID → last heartbeat (ms);
 * `nodeinfo:<nodeID>` the node's {@link NodeAdvert} (JSON), rewritten with each heartbeat and expiring with it;
 * `pres:<user>` hash nodeID → JSON of that node's {@link ConnInfo}s; `subn:<user>` set of nodes following the user;
 * channel `node:<nodeID>` carries {@link NodeMessage}s to exactly that node. Every command names one key, so the
 * layout works unchanged on a Redis Cluster.
 *
 * While Redis is away, this node answers from its own connections (as a single node does) and remembers the users
 * whose presence it could not write; when Redis is back it heartbeats, writes the presence of those users and of every
 * user connected here, and its follows again. A node that died meanwhile stops counting after `ttlMs`.
 */
export class RedisCluster implements Cluster {
  readonly nodeID = randomBytes(8).toString('hex');
  private readonly log = new Logger('Cluster');
  private timers: NodeJS.Timeout[] = [];
  private aliveCache?: { at: number; nodes: Set<string> };
  /** users whose presence write failed: written again when Redis is back (a leave not written is a ghost) */
  private readonly unwritten = new Set<string>();
  private readonly rejoinListeners: (() => void)[] = [];
  /** the live nodes as of this node's last heartbeat, to notice one that died */
  private lastAlive = new Set<string>();
  private lostListener: (nodeIDs: string[]) => void = () => undefined;

  constructor(
    private readonly redis: RedisService,
    private readonly registry: ConnectionRegistry,
    private readonly advertise: Advertise,
    private readonly ttlMs: number,
  ) {}

  start(onMessage: (msg: NodeMessage) => void): Promise<void> {
    this.redis.subscribe(this.redis.channel(`node:${this.nodeID}`), (_ch: string, body: string) => {
      try {
        onMessage(JSON.parse(body) as NodeMessage);
      } catch (err) {
        this.log.warn(`bad node message: ${(err as Error).message}`);
      }
    });
    this.redis.onReconnect(() => void this.rejoin());
    this.timers.push(setInterval(() => void this.heartbeat(), Math.max(250, Math.floor(this.ttlMs / 4))));
    this.timers.push(setInterval(() => this.refreshPresence(), PRESENCE_REFRESH_MS));
    for (const t of this.timers) t.unref();
    return this.heartbeat();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    const users = [...this.registry.users()];
    await Promise.allSettled([
      this.redis.run((c) => c.zrem('nodes', this.nodeID)),
      this.redis.run((c) => c.del(`nodeinfo:${this.nodeID}`)),
      ...users.map((u) => this.redis.run((c) => c.hdel(`pres:${u}`, this.nodeID))),
      this.redis.unsubscribe(this.redis.channel(`node:${this.nodeID}`)),
    ]);
  }

  publishPresence(userID: string): void {
    const key = `pres:${userID}`;
    const infos = this.registry.infos(userID, this.nodeID);
    const done = infos.length
      ? this.redis.run((c) =>
          Promise.all([c.hset(key, this.nodeID, JSON.stringify(infos)), c.expire(key, PRESENCE_KEY_TTL_S)]),
        )
      : this.redis.run((c) => c.hdel(key, this.nodeID));
    done.then(
      () => this.unwritten.delete(userID),
      () => this.unwritten.add(userID),
    );
  }

  async locate(userIDs: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    // alone in the cluster: the registry knows everything, and asking Redis for a 10,000-member group's presence
    // cost a command per member on every message
    const alive = await this.aliveOrNone();
    if (alive.size === 1 && alive.has(this.nodeID)) {
      const here = userIDs.filter((u) => this.registry.of(u).size > 0);
      if (here.length) out.set(this.nodeID, here);
      return out;
    }
    // a large group: every live node gets the whole list and writes to the members it holds, one publish per node
    // instead of a presence lookup per member
    if (alive.size && userIDs.length >= BROADCAST_MIN_RECIPIENTS) {
      for (const nodeID of alive) {
        const users = nodeID === this.nodeID ? userIDs.filter((u) => this.registry.of(u).size > 0) : [...userIDs];
        if (users.length) out.set(nodeID, users);
      }
      return out;
    }
    for (const [userID, byNode] of await this.presence(userIDs)) {
      for (const nodeID of byNode.keys()) {
        const users = out.get(nodeID);
        if (users) users.push(userID);
        else out.set(nodeID, [userID]);
      }
    }
    return out;
  }

  /** The live nodes by the heartbeat view `presence` applies; none while Redis is away. */
  private async aliveOrNone(): Promise<Set<string>> {
    try {
      return await this.aliveNodes();
    } catch {
      return new Set();
    }
  }

  async connections(userIDs: readonly string[]): Promise<Map<string, ConnInfo[]>> {
    const out = new Map<string, ConnInfo[]>();
    for (const [userID, byNode] of await this.presence(userIDs)) out.set(userID, [...byNode.values()].flat());
    return out;
  }

  send(nodeID: string, msg: NodeMessage): void {
    this.redis
      .run((c) => c.publish(this.redis.channel(`node:${nodeID}`), JSON.stringify(msg)))
      .catch((err: Error) => this.log.warn(`message to node ${nodeID} lost: ${err.message}`));
  }

  setFollowing(userID: string, following: boolean): void {
    const key = `subn:${userID}`;
    this.redis
      .run((c) => (following ? c.sadd(key, this.nodeID) : c.srem(key, this.nodeID)))
      .catch((err: Error) => this.log.warn(`subscription of ${userID} not written: ${err.message}`));
  }

  async followerNodes(userID: string): Promise<string[]> {
    try {
      const [nodes, alive] = await Promise.all([
        this.redis.run((c) => c.smembers(`subn:${userID}`)),
        this.aliveNodes(),
      ]);
      return nodes.filter((n) => alive.has(n));
    } catch {
      return this.registry.followersOf(userID).size ? [this.nodeID] : [];
    }
  }

  async nodes(): Promise<NodeAdvert[]> {
    const out = [this.advertise(this.nodeID)];
    try {
      const ids = await this.redis.run((c) => c.zrangebyscore('nodes', Date.now() - this.ttlMs, '+inf'));
      const others = ids.filter((id) => id !== this.nodeID).sort();
      // one GET per node rather than MGET: on a Redis Cluster the keys live in different slots
      const adverts = await this.redis.run((c) => Promise.all(others.map((id) => c.get(`nodeinfo:${id}`))));
      for (const json of adverts) {
        const a = json ? parseJson(json) : undefined;
        if (isNodeAdvert(a)) out.push(a);
      }
    } catch (err) {
      this.log.warn(`other nodes unknown while Redis is away: ${(err as Error).message}`);
    }
    return out;
  }

  /** userID → nodeID → connections, live nodes only (a dead node's entries are ignored once its TTL passed). */
  private async presence(userIDs: readonly string[]): Promise<Map<string, Map<string, ConnInfo[]>>> {
    let alive = new Set<string>();
    let hashes: Record<string, string>[] = [];
    try {
      [alive, hashes] = await Promise.all([
        this.aliveNodes(),
        this.redis.run((c) => Promise.all(userIDs.map((u) => c.hgetall(`pres:${u}`)))),
      ]);
    } catch {
      // Redis away: the users connected here are all this node can see (a push to another node would be lost anyway)
    }
    const out = new Map<string, Map<string, ConnInfo[]>>();
    userIDs.forEach((userID, i) => {
      const byNode = new Map<string, ConnInfo[]>();
      for (const [nodeID, json] of Object.entries(hashes[i] ?? {})) {
        if (!alive.has(nodeID) || nodeID === this.nodeID) continue;
        const infos = parseInfos(json);
        if (infos.length) byNode.set(nodeID, infos);
      }
      // this node answers for itself from memory: its Redis entry may lag a connect by one round trip
      const here = this.registry.infos(userID, this.nodeID);
      if (here.length) byNode.set(this.nodeID, here);
      if (byNode.size) out.set(userID, byNode);
    });
    return out;
  }

  private async aliveNodes(): Promise<Set<string>> {
    const now = Date.now();
    if (this.aliveCache && now - this.aliveCache.at < 1_000) return this.aliveCache.nodes;
    const nodes = await this.redis.run((c) => c.zrangebyscore('nodes', now - this.ttlMs, '+inf'));
    this.aliveCache = { at: now, nodes: new Set([...nodes, this.nodeID]) };
    return this.aliveCache.nodes;
  }

  private async heartbeat(): Promise<void> {
    const now = Date.now();
    const advert = JSON.stringify(this.advertise(this.nodeID));
    try {
      await this.redis.run((c) =>
        Promise.all([c.zadd('nodes', now, this.nodeID), c.set(`nodeinfo:${this.nodeID}`, advert, 'PX', this.ttlMs)]),
      );
      await this.redis.run((c) => c.zremrangebyscore('nodes', '-inf', now - 10 * this.ttlMs));
      const alive = new Set(await this.redis.run((c) => c.zrangebyscore('nodes', now - this.ttlMs, '+inf')));
      const lost = [...this.lastAlive].filter((n) => !alive.has(n) && n !== this.nodeID);
      this.lastAlive = alive;
      if (lost.length) {
        this.aliveCache = undefined;
        this.lostListener(lost);
      }
    } catch (err) {
      if (this.redis.available) this.log.warn(`heartbeat failed: ${(err as Error).message}`);
    }
  }

  onNodesLost(listener: (nodeIDs: string[]) => void): void {
    this.lostListener = listener;
  }

  onRejoin(listener: () => void): void {
    this.rejoinListeners.push(listener);
  }

  /** Redis is back: it may have lost everything (a restart) or hold what was true before the outage. */
  private async rejoin(): Promise<void> {
    await this.heartbeat();
    const users = new Set([...this.unwritten, ...this.registry.users()]);
    this.unwritten.clear();
    for (const userID of users) this.publishPresence(userID);
    for (const userID of this.registry.followed()) this.setFollowing(userID, true);
    this.log.log(`rejoined the cluster: presence of ${users.size} users written again`);
    for (const listener of this.rejoinListeners) listener();
  }

  private refreshPresence(): void {
    for (const userID of this.registry.users()) this.publishPresence(userID);
  }
}

function parseInfos(json: string): ConnInfo[] {
  const v = parseJson(json);
  return Array.isArray(v) ? (v as ConnInfo[]) : [];
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}
