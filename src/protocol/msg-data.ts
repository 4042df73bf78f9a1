import { ContentType, MsgStatus } from './message';

export interface RevokeInfo {
  revokerID: string;
  revokerRole: number;
  revokerNickname: string;
  revokeTime: number;
}

export interface OfflinePushInfo {
  title: string;
  desc: string;
  ex: string;
  iOSPushSound: string;
  iOSBadgeCount: boolean;
  signalInfo: string;
}

/** A message as the OpenIM protocol knows it (`sdkws.MsgData`), with `content` as its JSON text. */
export interface MsgData {
  sendID: string;
  recvID: string;
  groupID: string;
  clientMsgID: string;
  serverMsgID: string;
  senderPlatformID: number;
  senderNickname: string;
  senderFaceURL: string;
  sessionType: number;
  msgFrom: number;
  contentType: number;
  content: string;
  seq: number;
  sendTime: number;
  createTime: number;
  status: number;
  isRead: boolean;
  options: Record<string, boolean>;
  offlinePushInfo: OfflinePushInfo | null;
  atUserIDList: string[];
  attachedInfo: string;
  ex: string;
}

/** MsgData as JSON on the REST API: `content` is bytes in the protocol, hence base64 (spec/rest-semantics.md §1.3). */
export type WireMsgData = MsgData;

export function toWire(m: MsgData): WireMsgData {
  return { ...m, content: Buffer.from(m.content, 'utf8').toString('base64') };
}

export function emptyMsg(): MsgData {
  return {
    sendID: '',
    recvID: '',
    groupID: '',
    clientMsgID: '',
    serverMsgID: '',
    senderPlatformID: 0,
    senderNickname: '',
    senderFaceURL: '',
    sessionType: 0,
    msgFrom: 0,
    contentType: 0,
    content: '',
    seq: 0,
    sendTime: 0,
    createTime: 0,
    status: 0,
    isRead: false,
    options: {},
    offlinePushInfo: null,
    atUserIDList: [],
    attachedInfo: '',
    ex: '',
  };
}

/** A seq with no message for this user: removed, cleared or never stored. */
export function placeholder(seq: number): MsgData {
  return { ...emptyMsg(), seq, status: MsgStatus.Deleted };
}

/** What a user sees of a message they deleted for themselves. */
export function deletedView(m: MsgData): MsgData {
  return { ...m, status: MsgStatus.Deleted, content: '' };
}

/** What everyone sees of a revoked message (spec/protocol.md §6.2). */
export function revokedView(m: MsgData, revoke: RevokeInfo): MsgData {
  const detail = {
    revokerID: revoke.revokerID,
    revokerRole: revoke.revokerRole,
    clientMsgID: m.clientMsgID,
    revokerNickname: revoke.revokerNickname,
    revokeTime: revoke.revokeTime,
    sourceMessageSendTime: m.sendTime,
    sourceMessageSendID: m.sendID,
    sourceMessageSenderNickname: m.senderNickname,
    sessionType: m.sessionType,
    seq: m.seq,
    ex: m.ex,
  };
  return {
    ...m,
    contentType: ContentType.MsgRevokeNotification,
    content: JSON.stringify({ detail: JSON.stringify(detail) }),
  };
}
