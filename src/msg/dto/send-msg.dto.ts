import { Bool, Field, Int, Nested, Obj, Str, StrArr } from '../../common/dto/fields';
import { USER_ID_MAX } from '../../user/user.dto';

export class OfflinePushInfoDto {
  @Str({ optional: true, max: 255, example: '新消息' }) title?: string;
  @Str({ optional: true, max: 1024, example: '您收到一条新消息' }) desc?: string;
  @Str({ optional: true, max: 4096 }) ex?: string;
  @Str({ optional: true, max: 255, example: 'default' }) iOSPushSound?: string;
  @Bool({ optional: true }) iOSBadgeCount?: boolean;
}

/** The message of send_msg (the API document nests it as `sendMsg`; the reference server reads it flat). */
export class SendMsgBody {
  @Str({ example: 'user_001', max: USER_ID_MAX }) sendID!: string;
  @Str({ optional: true, example: '', max: USER_ID_MAX, description: 'required for group chat (sessionType 2 or 3)' })
  groupID?: string;
  @Str({ optional: true, example: '张三', max: 255 }) senderNickname?: string;
  @Str({ optional: true, max: 2048 }) senderFaceURL?: string;
  @Int({ optional: true, min: 0, max: 11, example: 1 }) senderPlatformID?: number;
  @Obj({ example: { content: '这是一条文本消息' }, description: 'the element, by contentType' }) content!: object;
  @Int({
    min: 1,
    int32: true,
    example: 101,
    description: '101 text, 102 picture, 103 voice, 104 video, 105 file, 106 @, 110 custom, ...',
  })
  contentType!: number;
  @Int({ min: 1, max: 4, example: 1, description: '1 single, 2 or 3 group, 4 notification' }) sessionType!: number;
  @Bool({ optional: true, description: 'push to online users only, store nothing' }) isOnlineOnly?: boolean;
  @Bool({ optional: true }) notOfflinePush?: boolean;
  @Int({ optional: true, min: 0, max: Number.MAX_SAFE_INTEGER, example: 0, description: 'ms; 0 = server time' })
  sendTime?: number;
  @Nested(() => OfflinePushInfoDto, { optional: true }) offlinePushInfo?: OfflinePushInfoDto;
  @Str({ optional: true, max: 65535 }) ex?: string;
  @Str({
    optional: true,
    max: 128,
    description: 'extension: a resend with the same clientMsgID returns the first result',
  })
  clientMsgID?: string;
}

/** Every field of SendMsgBody, all optional, so the flat form passes the pipe and is checked as SendMsgBody. */
export class SendMsgFlat {
  @Str({ optional: true, max: USER_ID_MAX }) sendID?: string;
  @Str({ optional: true, max: USER_ID_MAX }) groupID?: string;
  @Str({ optional: true, max: 255 }) senderNickname?: string;
  @Str({ optional: true, max: 2048 }) senderFaceURL?: string;
  @Int({ optional: true, int32: true }) senderPlatformID?: number;
  @Obj({ optional: true }) content?: object;
  @Int({ optional: true, int32: true }) contentType?: number;
  @Int({ optional: true }) sessionType?: number;
  @Bool({ optional: true }) isOnlineOnly?: boolean;
  @Bool({ optional: true }) notOfflinePush?: boolean;
  @Int({ optional: true }) sendTime?: number;
  @Nested(() => OfflinePushInfoDto, { optional: true }) offlinePushInfo?: OfflinePushInfoDto;
  @Str({ optional: true, max: 65535 }) ex?: string;
  @Str({ optional: true, max: 128 }) clientMsgID?: string;
}

export class SendMsgReq extends SendMsgFlat {
  @Str({
    optional: true,
    example: 'user_002',
    max: USER_ID_MAX,
    description: 'required for single and notification chat',
  })
  recvID?: string;

  @Nested(() => SendMsgBody, { optional: true })
  sendMsg?: SendMsgBody;
}

export class SendMsgResp {
  @Field({ example: '0c5f0a6ed4c2b2e3f2a7d0f1a5b9c3d1' }) serverMsgID!: string;
  @Field({ example: 'client_msg_001' }) clientMsgID!: string;
  @Field({ example: 1640995200000 }) sendTime!: number;
  @Field({
    optional: true,
    example: { content: '{"content":"h*llo"}' },
    description: 'only when a beforeMsgModify webhook changed the message: the changed MsgData fields',
  })
  modify?: { content?: string; ex?: string };
}

export class BatchSendMsgReq extends SendMsgFlat {
  @Nested(() => SendMsgBody, { optional: true })
  sendMsg?: SendMsgBody;

  @Bool({ optional: true, description: 'send to every registered user; recvIDs ignored' })
  isSendAll?: boolean;

  @StrArr({ optional: true, max: 10000, example: ['user_001', 'user_002'], description: 'required unless isSendAll' })
  recvIDs?: string[];
}

export class BatchSendResult extends SendMsgResp {
  @Field({ example: 'user_001' }) recvID!: string;
}

export class BatchSendMsgResp {
  @Field({ type: [BatchSendResult] }) results!: BatchSendResult[];
  @Field({ example: ['user_003'] }) failedUserIDs!: string[];
}

export class SendBusinessNotificationReq {
  @Str({ optional: true, max: 255, example: 'order_status_change' }) key?: string;
  @Str({ optional: true, max: 65535, example: '{"orderId":"12345","status":"shipped"}' }) data?: string;
  @Str({ example: 'system_001', max: USER_ID_MAX }) sendUserID!: string;
  @Str({ optional: true, example: 'user_002', max: USER_ID_MAX, description: 'exactly one of recvUserID, recvGroupID' })
  recvUserID?: string;
  @Str({ optional: true, max: USER_ID_MAX }) recvGroupID?: string;
  @Bool({ optional: true, description: 'also show it as a visible message' }) sendMsg?: boolean;
  @Int({ optional: true, min: 1, max: 2, description: '1 push only (default), 2 stored' }) reliabilityLevel?: number;
}
