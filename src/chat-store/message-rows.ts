import { ContentType } from '../protocol/message';
import type { MsgData } from '../protocol/msg-data';
import type { MessageRow, NewMessageRow } from './message.schema';

/** Stored rows to protocol messages and back. */

/**
 * A text message's content is stored only when it is more than `{"content": <its search text>}`: the common case
 * is rebuilt from the search text on read, so its words are not stored twice (83 of the 818 bytes a text message
 * took, `npm run bench -- stored-bytes`). The rebuilt string is byte for byte the one the sender gave: any other
 * spelling (extra keys, different escaping) does not compare equal and is kept whole. '' never is valid content.
 */
function elidedContent(contentType: number, content: string, searchText: string): string {
  return contentType === ContentType.Text && content === textContent(searchText) ? '' : content;
}

function textContent(text: string): string {
  return JSON.stringify({ content: text });
}

/** The content of a stored row as the sender gave it. */
export function storedContent(r: Pick<MessageRow, 'contentType' | 'content' | 'searchText'>): string {
  return r.content === '' && r.contentType === ContentType.Text ? textContent(r.searchText) : r.content;
}

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
    content: storedContent(r),
    seq: r.seq,
    sendTime: r.sendTime,
    createTime: r.createTime,
    status: r.status,
    isRead: r.isRead,
    options: r.options,
    offlinePushInfo: r.offlinePushInfo ?? null,
    atUserIDList: r.atUserIDList ?? [],
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
    content: elidedContent(m.contentType, m.content, searchText),
    searchText,
    sendTime: m.sendTime,
    createTime: m.createTime,
    status: m.status,
    isRead: m.isRead,
    options: m.options,
    offlinePushInfo: m.offlinePushInfo,
    atUserIDList: m.atUserIDList.length ? m.atUserIDList : null,
    attachedInfo: m.attachedInfo,
    ex: m.ex,
  };
}
