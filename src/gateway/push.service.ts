import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PbCoder } from '@openim/protocol';
import { GROUP_MEMBERS, GroupMembers } from '../chat-store/ports';
import { MESSAGE_ONLINE, MESSAGE_STORED, MessageEvent } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { ImMetrics } from '../infra/metrics/im-metrics';
import { isNotificationConversation } from '../protocol/conversation-id';
import { Opt, optionOn, SessionType } from '../protocol/message';
import { toProtoMsg } from '../protocol/msg-proto';
import { wsResp, type CodecName } from './codec';
import { CLUSTER } from './gateway.tokens';
import type { Cluster, NodeMessage } from './cluster';
import { ConnectionRegistry } from './connection-registry';
import { WsCode } from './ws-connection';

/**
 * Online push (protocol.md §5): every committed or online-only message goes, as one 2001 frame, to each connection
 * of each recipient, wherever in the cluster it is. The node that committed the message routes it: its own
 * connections directly, other nodes' through their channel. A frame is encoded once per codec.
 */
@Injectable()
export class PushService implements OnModuleInit {
  private readonly log = new Logger('Push');

  constructor(
    private readonly events: EventBus,
    @Inject(GROUP_MEMBERS) private readonly members: GroupMembers,
    private readonly registry: ConnectionRegistry,
    @Inject(CLUSTER) private readonly cluster: Cluster,
    private readonly metrics: ImMetrics,
  ) {}

  onModuleInit(): void {
    const route = (e: MessageEvent) =>
      this.route(e).catch((err: Error) => {
        this.metrics.pushNotWritten('route');
        this.log.warn(`push of ${e.conversationID} failed: ${err.message}`);
      });
    this.events.on(MESSAGE_STORED, route);
    this.events.on(MESSAGE_ONLINE, route);
  }

  /** Who gets the push (§5.3): a group's members; otherwise the receiver and, with senderSync, the sender. */
  async recipients(e: MessageEvent): Promise<string[]> {
    const { msg } = e;
    const users = new Set<string>(e.extraUserIDs ?? []);
    if (msg.sessionType === SessionType.Group || msg.sessionType === SessionType.WriteGroup) {
      for (const id of await this.members.memberIDs(msg.groupID || msg.recvID)) users.add(id);
    } else {
      if (msg.recvID) users.add(msg.recvID);
      if (msg.sendID !== msg.recvID && optionOn(msg.options, Opt.senderSync)) users.add(msg.sendID);
    }
    return [...users];
  }

  async route(e: MessageEvent): Promise<void> {
    // events are dispatched as they are published, right after the commit: the push latency starts here
    const committedAt = Date.now();
    const recipients = await this.recipients(e);
    if (!recipients.length) return;
    const entry = { [e.conversationID]: { Msgs: [toProtoMsg(e.msg)], isEnd: false, endSeq: 0 } };
    const payload = isNotificationConversation(e.conversationID)
      ? { msgs: {}, notificationMsgs: entry }
      : { msgs: entry, notificationMsgs: {} };
    const pb = PbCoder.PushMessages.encode(payload).finish();
    for (const [nodeID, users] of await this.cluster.locate(recipients)) {
      if (nodeID === this.cluster.nodeID) {
        this.deliver(users, pb, e.operationID, e.msg.clientMsgID, committedAt);
      } else {
        this.cluster.send(nodeID, {
          t: 'push',
          users,
          conversationID: e.conversationID,
          operationID: e.operationID,
          clientMsgID: e.msg.clientMsgID,
          pb: Buffer.from(pb).toString('base64'),
          committedAt,
        });
      }
    }
  }

  /** A push routed here by another node. */
  fromNode(m: Extract<NodeMessage, { t: 'push' }>): void {
    this.deliver(m.users, Buffer.from(m.pb, 'base64'), m.operationID, m.clientMsgID, m.committedAt);
  }

  /** Writes the push to every connection of the users on this node; returns how many connections took it. */
  deliver(
    userIDs: readonly string[],
    pb: Uint8Array,
    operationID: string,
    clientMsgID: string,
    committedAt?: number,
  ): number {
    const frames = new Map<CodecName, Buffer>();
    let delivered = 0;
    let failed = 0;
    for (const userID of userIDs) {
      for (const conn of this.registry.of(userID)) {
        if (!conn.takesPush) continue;
        let frame = frames.get(conn.codec.name);
        if (!frame) {
          frame = conn.codec.encodeResponse(wsResp({ reqIdentifier: WsCode.PushMsg, operationID, data: pb }));
          frames.set(conn.codec.name, frame);
        }
        if (conn.push(frame, clientMsgID)) delivered++;
        else failed++;
      }
    }
    if (delivered) {
      this.metrics.pushDelivered.inc(delivered);
      // across nodes the two clocks differ by their skew; a negative span is counted as 0
      if (committedAt) this.metrics.pushLatency.observe(Math.max(0, Date.now() - committedAt) / 1000);
    }
    if (failed) this.metrics.pushNotWritten('write', failed);
    return delivered;
  }
}
