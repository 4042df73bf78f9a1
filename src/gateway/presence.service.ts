import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PbCoder } from '@openim/protocol';
import { wsResp, type CodecName } from './codec';
import type { Cluster, NodeMessage } from './cluster';
import { ConnectionRegistry, type ConnInfo } from './connection-registry';
import { CLUSTER } from './gateway.tokens';
import { WsCode, type WsConnection } from './ws-connection';
import { ImError } from '../common/errors/im-error';
import { platformName } from '../protocol/platform';
import { MAX_IDS } from '../user/user.dto';
import { WebhookService } from '../webhook/webhook.service';

export interface UserStatus {
  userID: string;
  /** sorted; empty = offline */
  platformIDs: number[];
}

/**
 * Online status (protocol.md §5.6): who is online on which platforms across the cluster, the 2005 subscriptions of
 * connections, and the status push to every follower when a user's set of platforms changes anywhere.
 */
@Injectable()
export class PresenceService implements OnModuleInit {
  private readonly log = new Logger('Presence');

  constructor(
    private readonly registry: ConnectionRegistry,
    @Inject(CLUSTER) private readonly cluster: Cluster,
    private readonly webhooks: WebhookService,
  ) {}

  onModuleInit(): void {
    this.registry.onChange((userID, platformsChanged) => {
      this.cluster.publishPresence(userID);
      if (!platformsChanged) return;
      this.announce(userID).catch((err: Error) => this.log.warn(`status of ${userID} not sent: ${err.message}`));
    });
    this.cluster.onNodesLost((nodeIDs) => {
      this.log.warn(`node(s) ${nodeIDs.join(', ')} stopped their heartbeat: their connections are offline`);
      this.recheckFollowed().catch((err: Error) => this.log.warn(`statuses after a lost node: ${err.message}`));
    });
  }

  /**
   * A dead node announces nothing: every node tells its own followers the current status of the users they follow
   * (some statuses unchanged: a lost node is rare, and knowing whose connections it held would cost a lookup each).
   */
  private async recheckFollowed(): Promise<void> {
    const users = [...this.registry.followed()];
    for (let i = 0; i < users.length; i += 500) {
      for (const status of await this.statuses(users.slice(i, i + 500))) this.pushLocal(status);
    }
  }

  /** Every live connection of each user, on any node. */
  connections(userIDs: readonly string[]): Promise<Map<string, ConnInfo[]>> {
    return this.cluster.connections([...new Set(userIDs)]);
  }

  async statuses(userIDs: readonly string[]): Promise<UserStatus[]> {
    const byUser = await this.connections(userIDs);
    return userIDs.map((userID) => {
      const platforms = new Set((byUser.get(userID) ?? []).map((c) => c.platformID));
      return { userID, platformIDs: [...platforms].sort((a, b) => a - b) };
    });
  }

  /**
   * 2005 request: follow and unfollow users; answers the current status of the newly followed ones. A user follows
   * at most `MAX_IDS` users over its connections on this node, as its REST twin caps a user's list; a request that
   * would go over changes nothing.
   */
  async subscribe(conn: WsConnection, subscribe: string[], unsubscribe: string[]): Promise<UserStatus[]> {
    const dropped = new Set(unsubscribe);
    const followed = new Set([...conn.subscriptions].filter((id) => !dropped.has(id)));
    for (const other of this.registry.of(conn.userID)) {
      if (other !== conn) for (const id of other.subscriptions) followed.add(id);
    }
    for (const id of subscribe) followed.add(id);
    if (followed.size > MAX_IDS) {
      throw ImError.args(`subscribeUserID: a user follows at most ${MAX_IDS} users' status`);
    }
    for (const userID of unsubscribe) {
      if (this.registry.unfollow(conn, userID)) this.cluster.setFollowing(userID, false);
    }
    for (const userID of subscribe) {
      if (this.registry.follow(conn, userID)) this.cluster.setFollowing(userID, true);
    }
    return this.statuses(subscribe);
  }

  /** A connection opened (afterUserOnline, per connection as the reference calls it). */
  connected(conn: WsConnection, operationID: string): void {
    if (!this.webhooks.enabled('afterUserOnline')) return;
    this.webhooks.after('afterUserOnline', {
      ...this.hookBase(conn, operationID),
      isAppBackground: conn.background,
    });
  }

  /** A connection closed (afterUserOffline). */
  disconnected(conn: WsConnection, operationID: string): void {
    if (this.webhooks.enabled('afterUserOffline')) {
      this.webhooks.after('afterUserOffline', this.hookBase(conn, operationID));
    }
  }

  private hookBase(conn: WsConnection, operationID: string): Record<string, unknown> {
    const { userID, platformID } = conn;
    const platform = platformName(platformID);
    return { operationID, platformID, platform, userID, seq: Date.now(), connID: String(conn.id) };
  }

  /** A connection changed its background flag: presence shows it. */
  touched(conn: WsConnection): void {
    this.registry.touched(conn);
  }

  /** A connection is gone: its subscriptions go with it. */
  dropSubscriptions(conn: WsConnection): void {
    for (const userID of [...conn.subscriptions]) {
      if (this.registry.unfollow(conn, userID)) this.cluster.setFollowing(userID, false);
    }
  }

  statusPayload(statuses: UserStatus[]): Uint8Array {
    return PbCoder.SubUserOnlineStatusTips.encode({
      subscribers: statuses.map((s) => ({ userID: s.userID, onlinePlatformIDs: s.platformIDs })),
    }).finish();
  }

  /** A status change routed here by the node where it happened. */
  fromNode(m: Extract<NodeMessage, { t: 'status' }>): void {
    this.pushLocal({ userID: m.userID, platformIDs: m.platformIDs });
  }

  private async announce(userID: string): Promise<void> {
    const nodes = await this.cluster.followerNodes(userID);
    if (!nodes.length && !this.registry.followersOf(userID).size) return;
    const [status] = await this.statuses([userID]);
    this.pushLocal(status);
    for (const nodeID of nodes) {
      if (nodeID !== this.cluster.nodeID) this.cluster.send(nodeID, { t: 'status', ...status });
    }
  }

  private pushLocal(status: UserStatus): void {
    const followers = this.registry.followersOf(status.userID);
    if (!followers.size) return;
    const data = this.statusPayload([status]);
    const frames = new Map<CodecName, Buffer>();
    for (const conn of followers) {
      let frame = frames.get(conn.codec.name);
      if (!frame) {
        frame = conn.codec.encodeResponse(wsResp({ reqIdentifier: WsCode.SubUserOnlineStatus, data }));
        frames.set(conn.codec.name, frame);
      }
      conn.write(frame);
    }
  }
}
