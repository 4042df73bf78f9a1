import { Inject, Injectable, Logger } from '@nestjs/common';
import { connectionConflicts, type ActiveToken } from '../auth/token-policy';
import { TokenService } from '../auth/token.service';
import { APP_CONFIG, type AppConfig, MultiLoginPolicy } from '../config/app-config';
import type { Cluster } from './cluster';
import { ConnectionRegistry } from './connection-registry';
import { CLUSTER } from './gateway.tokens';
import type { WsConnection } from './ws-connection';

/**
 * The multi-login policy at connect time (protocol.md §5.5): a new connection wins against the user's live
 * connections its policy puts in conflict with it. Issuing a token already kicks the older ones, so a conflict is
 * rare (tokens from before a policy change, several tokens under policy 0 then a switch): the token store is asked
 * only when a conflicting connection is visible here or in the cluster's presence, and decides by token.
 */
@Injectable()
export class LoginPolicy {
  private readonly log = new Logger('LoginPolicy');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly registry: ConnectionRegistry,
    @Inject(CLUSTER) private readonly cluster: Cluster,
  ) {}

  /** Never throws: a failed check leaves both connections, as a policy-0 server would. */
  async onConnect(conn: WsConnection): Promise<void> {
    if (this.config.multiLoginPolicy === MultiLoginPolicy.DefaultNotKick) return;
    try {
      if (!(await this.conflictVisible(conn))) return;
      await this.tokens.applyPolicyOnConnect(conn.userID, conn.platformID, conn.tokenHash);
    } catch (err) {
      this.log.warn(`login policy on connect of ${conn.userID} failed: ${(err as Error).message}`);
    }
  }

  private async conflictVisible(conn: WsConnection): Promise<boolean> {
    const others: ActiveToken[] = [];
    for (const c of this.registry.of(conn.userID)) {
      if (c !== conn) others.push({ tokenHash: c.tokenHash, platformID: c.platformID, createTime: 0 });
    }
    const local = `${this.cluster.nodeID}:`;
    for (const info of (await this.cluster.connections([conn.userID])).get(conn.userID) ?? []) {
      // a remote connection's token is not known here: the token store tells a same-token reconnect apart
      if (!info.connID.startsWith(local)) {
        others.push({ tokenHash: info.connID, platformID: info.platformID, createTime: 0 });
      }
    }
    return connectionConflicts(others, conn.platformID, conn.tokenHash, this.config.multiLoginPolicy).length > 0;
  }
}
