import { Injectable } from '@nestjs/common';
import { currentOperationID } from '../common/context/request-context';
import { ErrCode } from '../common/errors/errcode';
import { ImError } from '../common/errors/im-error';
import { ContentType, isNotificationType, SessionType } from '../protocol/message';
import type { MsgData } from '../protocol/msg-data';
import { WebhookService } from '../webhook/webhook.service';
import { checkContent, MAX_CONTENT_BYTES } from './content-rules';

/** The message fields a beforeMsgModify receiver changed, by MsgData field name. */
export interface MsgModify {
  content?: string;
  ex?: string;
}

/**
 * The send path's webhooks (reference: internal/rpc/msg/callback.go): beforeSendSingleMsg / beforeSendGroupMsg may
 * refuse a message, beforeMsgModify may replace a text message's content, and the after-hooks are queued once
 * the message is committed. Typing and notification content types call no hook (the reference's default denied
 * types), nor do notification-session messages.
 */
@Injectable()
export class MsgWebhooks {
  /** any before-hook on: the one test the send path makes when hooks are off */
  readonly beforeOn: boolean;
  readonly afterOn: boolean;

  constructor(private readonly webhooks: WebhookService) {
    const on = (...hooks: Parameters<WebhookService['enabled']>[0][]) => hooks.some((h) => webhooks.enabled(h));
    this.beforeOn = on('beforeSendSingleMsg', 'beforeSendGroupMsg', 'beforeMsgModify');
    this.afterOn = on('afterSendSingleMsg', 'afterSendGroupMsg');
  }

  /**
   * Runs the before-hooks on a checked message that is not stored yet; answers its search text (changed if the
   * content was) and the fields the receiver changed (the send answer's `modify`). Throws the receiver's refusal.
   */
  async beforeSend(msg: MsgData, searchText: string): Promise<{ searchText: string; modify?: MsgModify }> {
    if (!hooked(msg)) return { searchText };
    if (msg.sessionType === SessionType.Single) {
      await this.webhooks.before('beforeSendSingleMsg', { ...common(msg), recvID: msg.recvID });
    } else {
      await this.webhooks.before('beforeSendGroupMsg', { ...common(msg), groupID: msg.groupID });
    }
    if (msg.contentType !== ContentType.Text || !this.webhooks.enabled('beforeMsgModify')) return { searchText };
    const resp = await this.webhooks.before('beforeMsgModify', common(msg));
    if (!resp) return { searchText };
    const modify: MsgModify = {};
    if (resp.content !== undefined && resp.content !== null) {
      const next = modifiedContent(resp.content, msg.contentType);
      msg.content = modify.content = next.content;
      searchText = next.searchText;
    }
    if (typeof resp.ex === 'string') msg.ex = modify.ex = resp.ex;
    return Object.keys(modify).length ? { searchText, modify } : { searchText };
  }

  /** Queues the after-hook of a committed (or pushed online-only) message; returns at once. */
  afterSend(msg: MsgData): void {
    if (!hooked(msg)) return;
    if (msg.sessionType === SessionType.Single) {
      if (this.webhooks.enabled('afterSendSingleMsg')) {
        this.webhooks.after('afterSendSingleMsg', { ...common(msg), recvID: msg.recvID });
      }
    } else if (this.webhooks.enabled('afterSendGroupMsg')) {
      this.webhooks.after('afterSendGroupMsg', { ...common(msg), groupID: msg.groupID });
    }
  }
}

function hooked(msg: MsgData): boolean {
  if (msg.sessionType !== SessionType.Single && msg.sessionType !== SessionType.Group) return false;
  return msg.contentType !== ContentType.Typing && !isNotificationType(msg.contentType);
}

/** The reference's CommonCallbackReq: the message's fields, `content` as the JSON text that is stored. */
function common(msg: MsgData): Record<string, unknown> {
  return {
    sendID: msg.sendID,
    serverMsgID: msg.serverMsgID,
    clientMsgID: msg.clientMsgID,
    operationID: currentOperationID() ?? '',
    senderPlatformID: msg.senderPlatformID,
    senderNickname: msg.senderNickname,
    sessionType: msg.sessionType,
    msgFrom: msg.msgFrom,
    contentType: msg.contentType,
    status: msg.status,
    createTime: msg.createTime,
    content: msg.content,
    seq: msg.seq,
    atUserList: msg.atUserIDList,
    faceURL: msg.senderFaceURL,
    ex: msg.ex,
  };
}

/** A receiver's replacement content must be a message of the same type, as a send would be checked. */
function modifiedContent(raw: unknown, contentType: number): { content: string; searchText: string } {
  const bad = (why: string) => new ImError(ErrCode.Data, `webhook beforeMsgModify: ${why}`);
  if (typeof raw !== 'string') throw bad('content must be a JSON string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw bad('content is not JSON');
  }
  let searchText: string;
  try {
    searchText = checkContent(contentType, parsed).searchText;
  } catch (err) {
    throw bad(err instanceof ImError ? err.detail : 'content does not fit its contentType');
  }
  const content = JSON.stringify(parsed);
  if (Buffer.byteLength(content) > MAX_CONTENT_BYTES) throw bad(`content is larger than ${MAX_CONTENT_BYTES} bytes`);
  return { content, searchText };
}
