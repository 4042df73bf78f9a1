import type { SdkWsProto } from '@openim/protocol';
import type { MsgData } from './msg-data';

/** MsgData in the shape of the protobuf codecs (content as bytes, every field present). */
export function toProtoMsg(m: MsgData): SdkWsProto.MsgData {
  return {
    ...m,
    content: Buffer.from(m.content, 'utf8'),
    offlinePushInfo: m.offlinePushInfo ?? undefined,
    keyVersion: 0,
    dstUserIDs: [],
  };
}
