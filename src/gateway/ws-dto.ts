import { Max } from 'class-validator';
import { Bool, Int, IntArr, Nested, NestedArr, Obj, Str, StrArr } from '../common/dto/fields';
import { USER_ID_MAX } from '../user/user.dto';
import { OfflinePushInfoDto } from '../msg/dto/send-msg.dto';

/*
 * WebSocket payloads are validated with the same field rules as REST bodies (storable strings, bounded numbers,
 * capped lists), after the protobuf decode: a bad value answers 1001 naming the field and never reaches SQL.
 */

const MAX_INT = Number.MAX_SAFE_INTEGER;

/** The MsgData of a 1003 send, as far as a client may set it (the server fills seq, serverMsgID, sendTime). */
export class WsSendMsgBody {
  @Str({ max: USER_ID_MAX }) sendID!: string;
  @Str({ optional: true, max: USER_ID_MAX }) recvID?: string;
  @Str({ optional: true, max: USER_ID_MAX }) groupID?: string;
  @Str({ optional: true, max: 128 }) clientMsgID?: string;
  @Int({ optional: true, min: 0, max: 11 }) senderPlatformID?: number;
  @Str({ optional: true, max: 255 }) senderNickname?: string;
  @Str({ optional: true, max: 2048 }) senderFaceURL?: string;
  @Int({ min: 1, max: 4 }) sessionType!: number;
  @Int({ optional: true, min: 0, int32: true }) msgFrom?: number;
  @Int({ min: 1, int32: true }) contentType!: number;
  @Obj() content!: object;
  @Int({ optional: true, min: 0, max: MAX_INT }) createTime?: number;
  @Obj({ optional: true }) options?: object;
  @Nested(() => OfflinePushInfoDto, { optional: true }) offlinePushInfo?: OfflinePushInfoDto;
  @StrArr({ optional: true, max: 1000 }) atUserIDList?: string[];
  @Str({ optional: true, max: 65535 }) attachedInfo?: string;
  @Str({ optional: true, max: 65535 }) ex?: string;
}

export class WsConversationSeqs {
  @Str({ max: 256 }) conversationID!: string;
  @IntArr({ max: 1000 }) @Max(MAX_INT, { each: true }) seqs!: number[];
}

/** 1005 `GetSeqMessageReq` */
export class WsGetSeqMessageReq {
  @Str({ max: USER_ID_MAX }) userID!: string;
  @NestedArr(() => WsConversationSeqs, { max: 1000 }) conversations!: WsConversationSeqs[];
  @Int({ optional: true, min: 0, max: 1 }) order?: number;
}

/** 1007 `GetLastMessageReq` */
export class WsGetLastMessageReq {
  @Str({ max: USER_ID_MAX }) userID!: string;
  @StrArr({ optional: true, max: 1000 }) conversationIDs?: string[];
}

/** 2005 `SubUserOnlineStatus` */
export class WsSubUserOnlineStatus {
  @StrArr({ optional: true, max: 1000 }) subscribeUserID?: string[];
  @StrArr({ optional: true, max: 1000 }) unsubscribeUserID?: string[];
}

/** 2004 `SetAppBackgroundStatusReq` */
export class WsSetBackgroundReq {
  @Str({ max: USER_ID_MAX }) userID!: string;
  @Bool() isBackground!: boolean;
}
