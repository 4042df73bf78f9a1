import { Injectable } from '@nestjs/common';
import { PbCoder, type JsSdkProto } from '@openim/protocol';
import type { Caller } from '../common/http/caller';
import { toProtoMsg } from '../protocol/msg-proto';
import { toWire } from '../protocol/msg-data';
import { ConversationView, ConversationViewService } from './conversation-view.service';

export const DEFAULT_ACTIVE = 100;
export const MAX_ACTIVE = 500;

interface ConversationsResult {
  unreadCount: number;
  views: ConversationView[];
}

/** The two helper routes of the JS SDK (spec/rest-semantics.md §9f): always about the caller's own conversations. */
@Injectable()
export class JssdkService {
  constructor(private readonly view: ConversationViewService) {}

  /** The caller's conversations among those listed that have at least one message. */
  async conversations(caller: Caller, conversationIDs: string[]): Promise<ConversationsResult> {
    if (!conversationIDs.length) return { unreadCount: 0, views: [] };
    const views = (
      await this.view.views(caller.userID, await this.view.records(caller.userID, conversationIDs))
    ).filter((v) => v.lastMsg);
    return { unreadCount: sumUnread(views), views };
  }

  /** The caller's `count` most recent conversations with messages, pinned first; unread over all of them. */
  async active(caller: Caller, count: number | undefined): Promise<ConversationsResult> {
    const limit = count && count > 0 && count <= MAX_ACTIVE ? count : DEFAULT_ACTIVE;
    const all = (await this.view.views(caller.userID, await this.view.records(caller.userID))).filter((v) => v.lastMsg);
    return { unreadCount: sumUnread(all), views: ConversationViewService.sort(all).slice(0, limit) };
  }

  toJson(r: ConversationsResult) {
    return {
      unreadCount: r.unreadCount,
      conversations: r.views.map((v) => ({
        conversation: v.conversation,
        lastMsg: v.lastMsg ? toWire(v.lastMsg) : null,
        user: v.user,
        friend: v.friend,
        group: v.group,
        maxSeq: v.maxSeq,
        readSeq: v.readSeq,
      })),
    };
  }

  /** The protobuf answer (`data` is its base64), as the JS SDK asks with `application/x-protobuf`. */
  toProtobuf(r: ConversationsResult): string {
    const resp: JsSdkProto.GetConversationsResp = {
      unreadCount: r.unreadCount,
      conversations: r.views.map((v) => ({
        conversation: v.conversation,
        lastMsg: v.lastMsg ? toProtoMsg(v.lastMsg) : undefined,
        user: v.user ?? undefined,
        friend: v.friend ?? undefined,
        group: v.group ? { ...v.group, displayIsRead: false } : undefined,
        maxSeq: v.maxSeq,
        readSeq: v.readSeq,
      })),
    };
    return Buffer.from(PbCoder.GetConversationsResp.encode(resp).finish()).toString('base64');
  }
}

function sumUnread(views: ConversationView[]): number {
  return views.reduce((n, v) => n + v.unread, 0);
}
