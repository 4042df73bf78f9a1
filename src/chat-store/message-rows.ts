import type { MsgData } from '../protocol/msg-data';
import type { MessageRow, NewMessageRow } from './message.schema';

/** Stored rows to protocol messages and back. */

export function rowToMsg(r: MessageRow): MsgData {
  return {
    sendID: r.sendID,
    recvID: r.recvID,
    groupID: r.groupID,
    clientMsgID: r.clientMsgID,
    serverMsgID: r.serverMsgID,
    senderPlatformID: r.senderPlatformID,
    senderNickname: r.senderNickname,
    senderFaceURL: r.senderFaceURL,
    sessionType: r.sessionType,
    msgFrom: r.msgFrom,
    contentType: r.contentType,
    content: r.content,
    seq: r.seq,
    sendTime: r.sendTime,
    createTime: r.createTime,
    status: r.status,
    isRead: r.isRead,
    options: r.options,
    offlinePushInfo: r.offlinePushInfo ?? null,
    atUserIDList: r.atUserIDList,
    attachedInfo: r.attachedInfo,
    ex: r.ex,
  };
}

export function msgToRow(conversationID: string, m: MsgData, searchText: string): NewMessageRow {
  return {
    conversationID,
    seq: m.seq,
    clientMsgID: m.clientMsgID,
    serverMsgID: m.serverMsgID,
    sendID: m.sendID,
    recvID: m.recvID,
    groupID: m.groupID,
    senderPlatformID: m.senderPlatformID,
    senderNickname: m.senderNickname,
    senderFaceURL: m.senderFaceURL,
    sessionType: m.sessionType,
    msgFrom: m.msgFrom,
    contentType: m.contentType,
    content: m.content,
    searchText,
    sendTime: m.sendTime,
    createTime: m.createTime,
    status: m.status,
    isRead: m.isRead,
    options: m.options,
    offlinePushInfo: m.offlinePushInfo,
    atUserIDList: m.atUserIDList,
    attachedInfo: m.attachedInfo,
    ex: m.ex,
  };
}
