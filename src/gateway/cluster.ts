import type { ConnectionRegistry, ConnInfo } from './connection-registry';
import type { NodeAdvert } from './node-identity';

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
  /** runs after this node rejoined the cluster when Redis came back (what it may have missed meanwhile) */
  onRejoin(listener: () => void): void;
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

  onRejoin(): void {}

  onNodesLost(): void {}
}
