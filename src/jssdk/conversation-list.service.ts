import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { assertSelfOrAdmin, Caller } from '../common/http/caller';
import { ConversationView, ConversationViewService } from './conversation-view.service';
import { GetSortedConversationListReq, GetSortedConversationListResp } from './jssdk.dto';

@Injectable()
export class ConversationListService {
  constructor(private readonly view: ConversationViewService) {}

  async sorted(caller: Caller, req: GetSortedConversationListReq): Promise<GetSortedConversationListResp> {
    assertSelfOrAdmin(caller, req.userID);
    const { offset, limit } = pageOf(req.pagination);
    const views = ConversationViewService.sort(
      await this.view.views(req.userID, await this.view.records(req.userID, req.conversationIDs)),
    );
    return {
      conversationTotal: views.length,
      unreadTotal: views.reduce((n, v) => n + v.unread, 0),
      conversationElems: views.slice(offset, offset + limit).map(element),
    };
  }
}

function element(v: ConversationView) {
  const m = v.lastMsg;
  return {
    conversationID: v.record.conversationID,
    recvMsgOpt: v.record.recvMsgOpt,
    unreadCount: v.unread,
    IsPinned: v.record.isPinned,
    msgInfo: m
      ? {
          serverMsgID: m.serverMsgID,
          clientMsgID: m.clientMsgID,
          sessionType: m.sessionType,
          sendID: m.sendID,
          recvID: m.recvID,
          senderName: m.senderNickname,
          faceURL: m.senderFaceURL,
          groupID: m.groupID,
          groupName: v.group?.groupName ?? '',
          groupFaceURL: v.group?.faceURL ?? '',
          groupType: v.group?.groupType ?? 0,
          groupMemberCount: v.group?.memberCount ?? 0,
          LatestMsgRecvTime: m.sendTime,
          msgFrom: m.msgFrom,
          contentType: m.contentType,
          content: m.content,
          ex: m.ex,
        }
      : null,
  };
}
