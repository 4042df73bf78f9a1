import { Inject, Injectable } from '@nestjs/common';
import { PbCoder } from '@openim/protocol';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ImError } from '../common/errors/im-error';
import { assertSelfOrAdmin, type Caller } from '../common/http/caller';
import { exceedsDepth, MAX_BODY_DEPTH } from '../common/http/body-depth';
import { validateAs } from '../common/http/validation';
import { HeavyLimiter } from '../common/limits/heavy-limiter';
import { SESSION_LOGGED_OUT } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { GetConversationsHasReadAndMaxSeqReq, NewestSeqReq, PullMessageBySeqsReq } from '../msg/dto/msg-sync.dto';
import { MsgPullService, PullOrder, PullResult } from '../msg/msg-pull.service';
import { MsgSendService } from '../msg/msg-send.service';
import { toProtoMsg } from '../protocol/msg-proto';
import type { Options } from '../protocol/message';
import type { WsReq } from './codec';
import { PresenceService } from './presence.service';
import {
  decodeLastMessageReq,
  decodeProto,
  decodeUserAndNumber,
  encodeLastMessageResp,
  encodePullResp,
  varintField,
  withStrings,
} from './proto-wire';
import { WsCode, type WsConnection } from './ws-connection';
import {
  WsGetLastMessageReq,
  WsGetSeqMessageReq,
  WsSendMsgBody,
  WsSetBackgroundReq,
  WsSubUserOnlineStatus,
} from './ws-dto';

const EMPTY = new Uint8Array(0);

/** What a request answers: the protobuf reply, and what happens after it is written. */
export interface WsAnswer {
  data: Uint8Array;
  /** 2003: the connection closes after the reply */
  close?: boolean;
  /** 1003: the sender's own echo push may go out now */
  afterReply?: () => void;
}

/** Codes that read many rows: they take a slot of the heavy-request limiter, as their REST twins do. */
export const HEAVY_CODES: ReadonlySet<number> = new Set([
  WsCode.GetNewestSeq,
  WsCode.PullMsgByRange,
  WsCode.PullMsgBySeqList,
  WsCode.GetConvMaxReadSeq,
  WsCode.PullConvLastMessage,
]);

export const KNOWN_CODES: ReadonlySet<number> = new Set([
  ...HEAVY_CODES,
  WsCode.SendMsg,
  WsCode.SendSignalMsg,
  WsCode.Logout,
  WsCode.SetBackgroundStatus,
  WsCode.SubUserOnlineStatus,
]);

/**
 * The request codes of protocol.md §3, each on the service its REST twin uses. Payload errors answer 1001 naming
 * the field; the connection stays open.
 */
@Injectable()
export class WsRequests {
  private readonly admins: Set<string>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sender: MsgSendService,
    private readonly pull: MsgPullService,
    private readonly presence: PresenceService,
    private readonly heavy: HeavyLimiter,
    private readonly events: EventBus,
  ) {
    this.admins = new Set(config.adminUserIDs);
  }

  caller(conn: WsConnection): Caller {
    return { userID: conn.userID, platformID: conn.platformID, isAdmin: this.admins.has(conn.userID) };
  }

  /**
   * Who sends was settled with the frame (its envelope's sendID is the connected user, see WsDispatcher): every
   * handler acts as this one caller, and a payload naming another user is checked against it once, where its REST
   * twin checks it.
   */
  async handle(conn: WsConnection, req: WsReq): Promise<WsAnswer> {
    const caller = this.caller(conn);
    if (!HEAVY_CODES.has(req.reqIdentifier)) return this.light(conn, caller, req);
    // one connection runs its heavy requests one after the other (see GatewayServer), so it is not counted per user
    const release = await this.heavy.acquire(conn.userID, true);
    try {
      return { data: await this.read(caller, req) };
    } finally {
      release();
    }
  }

  private async light(conn: WsConnection, caller: Caller, req: WsReq): Promise<WsAnswer> {
    switch (req.reqIdentifier) {
      case WsCode.SendMsg:
        return this.send(conn, caller, req.data);
      case WsCode.SetBackgroundStatus: {
        const r = decodeUserAndNumber(req.data);
        const body = validateAs(WsSetBackgroundReq, { userID: r.userID, isBackground: r.value !== 0 });
        assertSelfOrAdmin(caller, body.userID);
        conn.background = body.isBackground;
        this.presence.touched(conn);
        return { data: EMPTY };
      }
      case WsCode.SubUserOnlineStatus: {
        const body = validateAs(
          WsSubUserOnlineStatus,
          decodeProto('SubUserOnlineStatus', PbCoder.SubUserOnlineStatus, req.data),
        );
        const statuses = await this.presence.subscribe(conn, body.subscribeUserID ?? [], body.unsubscribeUserID ?? []);
        return { data: this.presence.statusPayload(statuses) };
      }
      case WsCode.Logout: {
        const r = decodeUserAndNumber(req.data);
        if (r.userID) assertSelfOrAdmin(caller, r.userID);
        // the device stops getting offline pushes for this session, as after a kick
        this.events.publish(SESSION_LOGGED_OUT, { userID: conn.userID, tokenHash: conn.tokenHash });
        return { data: EMPTY, close: true };
      }
      case WsCode.SendSignalMsg:
        throw ImError.args('signal messages are not supported by this server');
      default:
        throw ImError.args(`unknown reqIdentifier ${req.reqIdentifier}`);
    }
  }

  private async read(caller: Caller, req: WsReq): Promise<Uint8Array> {
    switch (req.reqIdentifier) {
      case WsCode.GetNewestSeq: {
        const body = validateAs(NewestSeqReq, { userID: decodeUserAndNumber(req.data).userID });
        const maxSeqs = await this.pull.newestSeqs(caller, body.userID);
        return PbCoder.GetMaxSeqResp.encode({ maxSeqs, minSeqs: {} }).finish();
      }
      case WsCode.PullMsgByRange: {
        const body = validateAs(
          PullMessageBySeqsReq,
          decodeProto('PullMessageBySeqsReq', PbCoder.PullMessageBySeqsReq, req.data),
        );
        const r = await this.pull.pullRanges(caller, body.userID, body.seqRanges, body.order ?? PullOrder.Asc);
        return toProtoPull(r);
      }
      case WsCode.PullMsgBySeqList: {
        const body = validateAs(WsGetSeqMessageReq, {
          ...decodeProto('GetSeqMessageReq', PbCoder.GetSeqMessageReq, req.data),
          order: varintField(req.data, 3),
        });
        const r = await this.pull.pullSeqs(caller, body.userID, body.conversations, body.order ?? PullOrder.Asc);
        return toProtoPull(r);
      }
      case WsCode.GetConvMaxReadSeq: {
        const body = validateAs(GetConversationsHasReadAndMaxSeqReq, {
          ...decodeProto('GetConversationsHasReadAndMaxSeqReq', PbCoder.GetConversationsHasReadAndMaxSeqReq, req.data),
          returnPinned: varintField(req.data, 3) !== 0,
        });
        const r = await this.pull.hasReadAndMaxSeq(caller, body);
        const seqs = PbCoder.GetConversationsHasReadAndMaxSeqResp.encode({ seqs: r.seqs }).finish();
        // field 2, pinnedConversationIDs, is newer than the JS codecs
        return withStrings(seqs, 2, r.pinnedConversationIDs ?? []);
      }
      case WsCode.PullConvLastMessage: {
        const body = validateAs(WsGetLastMessageReq, decodeLastMessageReq(req.data));
        assertSelfOrAdmin(caller, body.userID);
        const { records } = await this.pull.readState(body.userID, body.conversationIDs);
        const last = await this.pull.lastMessages(body.userID, records);
        return encodeLastMessageResp(Object.fromEntries([...last].map(([id, m]) => [id, toProtoMsg(m)])));
      }
      default:
        throw ImError.args(`unknown reqIdentifier ${req.reqIdentifier}`);
    }
  }

  /** 1003: the MsgData itself; the reply comes after commit, before the sender's own echo (§5.2). */
  private async send(conn: WsConnection, caller: Caller, data: Uint8Array): Promise<WsAnswer> {
    const m = decodeProto('MsgData', PbCoder.MsgData, data);
    let content: unknown;
    try {
      content = JSON.parse(Buffer.from(m.content).toString('utf8'));
    } catch {
      throw ImError.args('content must be the JSON of the element');
    }
    if (exceedsDepth(content, MAX_BODY_DEPTH)) {
      throw ImError.args(`content is nested deeper than ${MAX_BODY_DEPTH} levels`);
    }
    const body = validateAs(WsSendMsgBody, {
      ...m,
      content,
      offlinePushInfo: m.offlinePushInfo ?? undefined,
    });
    const clientMsgID = body.clientMsgID ?? '';
    conn.holdPushesOf(clientMsgID);
    try {
      // MsgSendService refuses a sendID other than the caller's (1002), as for REST
      const r = await this.sender.send(caller, {
        sendID: body.sendID,
        recvID: body.recvID,
        groupID: body.groupID,
        sessionType: body.sessionType,
        contentType: body.contentType,
        content: body.content,
        clientMsgID: clientMsgID || undefined,
        senderPlatformID: conn.platformID,
        senderNickname: body.senderNickname,
        senderFaceURL: body.senderFaceURL,
        msgFrom: body.msgFrom,
        createTime: body.createTime,
        options: body.options as Options | undefined,
        offlinePushInfo: body.offlinePushInfo,
        attachedInfo: body.attachedInfo,
        ex: body.ex,
        atUserIDList: body.atUserIDList,
      });
      const reply = { serverMsgID: r.serverMsgID, clientMsgID: r.clientMsgID, sendTime: r.sendTime };
      return {
        data: PbCoder.UserSendMsgResp.encode(reply).finish(),
        afterReply: () => conn.releasePushesOf(clientMsgID),
      };
    } catch (err) {
      conn.releasePushesOf(clientMsgID);
      throw err;
    }
  }
}

function toProtoPull(r: PullResult): Buffer {
  const conv = (m: PullResult['msgs']) =>
    Object.fromEntries(
      Object.entries(m).map(([id, p]) => [id, { Msgs: p.Msgs.map(toProtoMsg), isEnd: p.isEnd, endSeq: p.endSeq }]),
    );
  return encodePullResp(conv(r.msgs), conv(r.notificationMsgs));
}
