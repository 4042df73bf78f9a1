import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { RedisService } from '../infra/redis/redis.service';
import type { ConnectionRegistry, ConnInfo } from './connection-registry';
import { isNodeAdvert, type NodeAdvert } from './node-identity';

/** This process's advert, for the node ID its cluster uses. */
export type Advertise = (nodeID: string) => NodeAdvert;

/** What one node asks another to do for users connected there. */
export type NodeMessage =
  | {
      t: 'push';
      /** recipients on the receiving node; absent = every local connection that follows the message's audience */
      users: string[];
      conversationID: string;
      operationID: string;
      clientMsgID: string;
      /** base64 of the protobuf PushMessages */
      pb: string;
      /** ms since the epoch when the sending node routed it (after the commit): the push latency's start */
      committedAt?: number;
    }
  | { t: 'status'; userID: string; platformIDs: number[] };

/**
 * Presence across the nodes of a cluster, and the per-node channels between them (issue: cluster routing). Without
 * Redis there is one node and everything is answered from the local registry.
 */
export interface Cluster {
  readonly nodeID: string;
  start(onMessage: (msg: NodeMessage) => void): Promise<void>;
  stop(): Promise<void>;
  /** This node's connections of a user changed (none = the user left this node). */
  publishPresence(userID: string): void;
  /** nodeID → the users among `userIDs` online there (this node included) */
  locate(userIDs: readonly string[]): Promise<Map<string, string[]>>;
  /** every node's connections of each user (users with none are absent) */
  connections(userIDs: readonly string[]): Promise<Map<string, ConnInfo[]>>;
  send(nodeID: string, msg: NodeMessage): void;
  /** this node follows (or no longer follows) a user's status for its connections */
  setFollowing(userID: string, following: boolean): void;
  /** nodes with connections that follow the user's status */
  followerNodes(userID: string): Promise<string[]>;
  /** every live node's advert, this one first */
  nodes(): Promise<NodeAdvert[]>;
  /** `listener` hears of nodes whose heartbeat stopped (killed, cut off): their connections just left presence */
  onNodesLost(listener: (nodeIDs: string[]) => void): void;
}

export class LocalCluster implements Cluster {
  readonly nodeID = 'local';

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly advertise: Advertise,
  ) {}

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  publishPresence(): void {}

  locate(userIDs: readonly string[]): Promise<Map<string, string[]>> {
    const here = userIDs.filter((u) => this.registry.of(u).size > 0);
    return Promise.resolve(new Map(here.length ? [[this.nodeID, here]] : []));
  }

  connections(userIDs: readonly string[]): Promise<Map<string, ConnInfo[]>> {
    const out = new Map<string, ConnInfo[]>();
    for (const u of userIDs) {
      const infos = this.registry.infos(u, this.nodeID);
      if (infos.length) out.set(u, infos);
    }
    return Promise.resolve(out);
  }

  send(): void {}

  setFollowing(): void {}

  followerNodes(): Promise<string[]> {
    return Promise.resolve([this.nodeID]);
  }

  nodes(): Promise<NodeAdvert[]> {
    return Promise.resolve([this.advertise(this.nodeID)]);
  }

  onNodesLost(): void {}
}

/** After how long without a heartbeat a node's presence is ignored (PRESENCE_TTL_MS); it beats four times as often. */
export const NODE_TTL_MS = 20_000;
/** Presence hashes outlive any node; live nodes rewrite theirs well before this. */
const PRESENCE_KEY_TTL_S = 3_600;
const PRESENCE_REFRESH_MS = 10 * 60_000;

/**
 * Redis layout (every key under the deployment prefix): `nodes` sorted set nodeID → last heartbeat (ms);
 * `nodeinfo:<nodeID>` the node's {@link NodeAdvert} (JSON), rewritten with each heartbeat and expiring with it;
 * `pres:<user>` hash nodeID → JSON of that node's {@link ConnInfo}s; `subn:<user>` set of nodes following the user;
 * channel `node:<nodeID>` carries {@link NodeMessage}s to exactly that node.
 */
export class RedisCluster implements Cluster {
  readonly nodeID = randomBytes(8).toString('hex');
  private readonly log = new Logger('Cluster');
  private timers: NodeJS.Timeout[] = [];
  private aliveCache?: { at: number; nodes: Set<string> };
  /** the live nodes as of this node's last heartbeat, to notice one that died */
  private lastAlive = new Set<string>();
  private lostListener: (nodeIDs: string[]) => void = () => undefined;

  constructor(
    private readonly redis: RedisService,
    private readonly registry: ConnectionRegistry,
    private readonly advertise: Advertise,
    private readonly ttlMs = NODE_TTL_MS,
  ) {}

  async start(onMessage: (msg: NodeMessage) => void): Promise<void> {
    const channel = this.redis.channel(`node:${this.nodeID}`);
    const sub = this.redis.subscriberConnection();
    sub.on('message', (ch: string, body: string) => {
      if (ch !== channel) return;
      try {
        onMessage(JSON.parse(body) as NodeMessage);
      } catch (err) {
        this.log.warn(`bad node message: ${(err as Error).message}`);
      }
    });
    await sub.subscribe(channel);
    await this.heartbeat();
    this.timers.push(setInterval(() => void this.heartbeat(), this.ttlMs / 4));
    this.timers.push(setInterval(() => this.refreshPresence(), PRESENCE_REFRESH_MS));
    for (const t of this.timers) t.unref();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    const c = this.redis.client;
    const users = [...this.registry.users()];
    await Promise.allSettled([
      c.zrem('nodes', this.nodeID),
      c.del(`nodeinfo:${this.nodeID}`),
      ...users.map((u) => c.hdel(`pres:${u}`, this.nodeID)),
      this.redis.subscriberConnection().unsubscribe(this.redis.channel(`node:${this.nodeID}`)),
    ]);
  }

  publishPresence(userID: string): void {
    const c = this.redis.client;
    const key = `pres:${userID}`;
    const infos = this.registry.infos(userID, this.nodeID);
    const done = infos.length
      ? Promise.all([c.hset(key, this.nodeID, JSON.stringify(infos)), c.expire(key, PRESENCE_KEY_TTL_S)])
      : c.hdel(key, this.nodeID);
    done.catch((err: Error) => this.log.warn(`presence of ${userID} not written: ${err.message}`));
  }

  async locate(userIDs: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const [userID, byNode] of await this.presence(userIDs)) {
      for (const nodeID of byNode.keys()) out.set(nodeID, [...(out.get(nodeID) ?? []), userID]);
    }
    return out;
  }

  async connections(userIDs: readonly string[]): Promise<Map<string, ConnInfo[]>> {
    const out = new Map<string, ConnInfo[]>();
    for (const [userID, byNode] of await this.presence(userIDs)) out.set(userID, [...byNode.values()].flat());
    return out;
  }

  send(nodeID: string, msg: NodeMessage): void {
    this.redis.client
      .publish(this.redis.channel(`node:${nodeID}`), JSON.stringify(msg))
      .catch((err: Error) => this.log.warn(`message to node ${nodeID} lost: ${err.message}`));
  }

  setFollowing(userID: string, following: boolean): void {
    const c = this.redis.client;
    const done = following ? c.sadd(`subn:${userID}`, this.nodeID) : c.srem(`subn:${userID}`, this.nodeID);
    done.catch((err: Error) => this.log.warn(`subscription of ${userID} not written: ${err.message}`));
  }

  async followerNodes(userID: string): Promise<string[]> {
    const [nodes, alive] = await Promise.all([this.redis.client.smembers(`subn:${userID}`), this.aliveNodes()]);
    return nodes.filter((n) => alive.has(n));
  }

  async nodes(): Promise<NodeAdvert[]> {
    const c = this.redis.client;
    const ids = await c.zrangebyscore('nodes', Date.now() - this.ttlMs, '+inf');
    const others = ids.filter((id) => id !== this.nodeID).sort();
    const adverts = others.length ? await c.mget(others.map((id) => `nodeinfo:${id}`)) : [];
    const out = [this.advertise(this.nodeID)];
    for (const json of adverts) {
      const a = json ? parseJson(json) : undefined;
      if (isNodeAdvert(a)) out.push(a);
    }
    return out;
  }

  onNodesLost(listener: (nodeIDs: string[]) => void): void {
    this.lostListener = listener;
  }

  /** userID → nodeID → connections, live nodes only (a dead node's entries are ignored once its TTL passed). */
  private async presence(userIDs: readonly string[]): Promise<Map<string, Map<string, ConnInfo[]>>> {
    const c = this.redis.client;
    const [alive, hashes] = await Promise.all([
      this.aliveNodes(),
      Promise.all(userIDs.map((u) => c.hgetall(`pres:${u}`))),
    ]);
    const out = new Map<string, Map<string, ConnInfo[]>>();
    userIDs.forEach((userID, i) => {
      const byNode = new Map<string, ConnInfo[]>();
      for (const [nodeID, json] of Object.entries(hashes[i])) {
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
    const nodes = await this.redis.client.zrangebyscore('nodes', now - this.ttlMs, '+inf');
    this.aliveCache = { at: now, nodes: new Set([...nodes, this.nodeID]) };
    return this.aliveCache.nodes;
  }

  private async heartbeat(): Promise<void> {
    const c = this.redis.client;
    const now = Date.now();
    try {
      await Promise.all([
        c.zadd('nodes', now, this.nodeID),
        c.set(`nodeinfo:${this.nodeID}`, JSON.stringify(this.advertise(this.nodeID)), 'PX', this.ttlMs),
      ]);
      await c.zremrangebyscore('nodes', '-inf', now - 10 * this.ttlMs);
      const alive = new Set(await c.zrangebyscore('nodes', now - this.ttlMs, '+inf'));
      const lost = [...this.lastAlive].filter((n) => !alive.has(n) && n !== this.nodeID);
      this.lastAlive = alive;
      if (lost.length) {
        this.aliveCache = undefined;
        this.lostListener(lost);
      }
    } catch (err) {
      this.log.warn(`heartbeat failed: ${(err as Error).message}`);
    }
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
