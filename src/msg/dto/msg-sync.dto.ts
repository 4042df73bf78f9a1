import { Max } from 'class-validator';
import { Bool, Field, Int, IntArr, Nested, NestedArr, Str, StrArr } from '../../common/dto/fields';
import { USER_ID_MAX } from '../../user/user.dto';

/** Seqs and ms times are SQL bigints: larger JSON numbers would overflow the query (a 500 instead of 1001). */
const MAX_INT = Number.MAX_SAFE_INTEGER;
const eachAtMost = () => Max(MAX_INT, { each: true });

const userID = () => Str({ example: 'user_001', max: USER_ID_MAX });
const conversationID = () => Str({ example: 'si_user_001_user_002', max: 256 });

export class NewestSeqReq {
  @userID() userID!: string;
}

export class NewestSeqResp {
  @Field({ example: { si_user_001_user_002: 12 } }) maxSeqs!: Record<string, number>;
  @Field({ type: Object, example: null, nullable: true, description: 'always null' }) minSeqs!: null;
}

export class SeqRangeDto {
  @conversationID() conversationID!: string;
  @Int({ min: 0, example: 1 }) begin!: number;
  @Int({ min: 0, example: 100 }) end!: number;
  @Int({ min: 0, max: 1000, example: 100, description: 'at most this many (the newest) seqs of the range' })
  num!: number;
}

export class PullMessageBySeqsReq {
  @userID() userID!: string;
  @NestedArr(() => SeqRangeDto, { max: 1000 }) seqRanges!: SeqRangeDto[];
  @Int({ optional: true, min: 0, max: 1, description: '0 ascending, 1 descending' }) order?: number;
}

export class PullMessageBySeqsResp {
  @Field({ description: 'conversationID → {Msgs, isEnd, endSeq}' }) msgs!: object;
  @Field({ description: 'the same for notification streams (n_…)' }) notificationMsgs!: object;
}

export class RevokeMsgReq {
  @conversationID() conversationID!: string;
  @Int({ min: 1, max: MAX_INT, example: 5 }) seq!: number;
  @userID() userID!: string;
}

export class MarkMsgsAsReadReq {
  @conversationID() conversationID!: string;
  @IntArr({ min: 1, max: 1000, example: [3, 4, 5] }) @eachAtMost() seqs!: number[];
  @userID() userID!: string;
}

export class MarkConversationAsReadReq {
  @conversationID() conversationID!: string;
  @userID() userID!: string;
  @Int({ min: 1, example: 12 }) hasReadSeq!: number;
  @IntArr({ optional: true, min: 1, max: 1000 }) @eachAtMost() seqs?: number[];
}

export class GetConversationsHasReadAndMaxSeqReq {
  @userID() userID!: string;
  @StrArr({ optional: true, max: 1000 }) conversationIDs?: string[];
  @Bool({ optional: true }) returnPinned?: boolean;
}

export class SeqsDto {
  @Field({ example: 12 }) maxSeq!: number;
  @Field({ example: 10 }) hasReadSeq!: number;
  @Field({ example: 1640995200000 }) maxSeqTime!: number;
}

export class GetConversationsHasReadAndMaxSeqResp {
  @Field({ description: 'conversationID → {maxSeq, hasReadSeq, maxSeqTime}' }) seqs!: Record<string, SeqsDto>;
  @Field({ type: [String], nullable: true, example: null }) pinnedConversationIDs!: string[] | null;
}

export class SetConversationHasReadSeqReq {
  @conversationID() conversationID!: string;
  @userID() userID!: string;
  @Int({ min: 1, example: 10 }) hasReadSeq!: number;
  @Bool({ optional: true, description: 'ignored' }) noNotification?: boolean;
}

export class DeleteSyncOptDto {
  @Bool({ optional: true, description: "tell the user's other devices" }) IsSyncSelf?: boolean;
  @Bool({ optional: true, description: 'for everyone in the conversation' }) IsSyncOther?: boolean;
}

export class ClearConversationsMsgReq {
  @StrArr({ max: 1000, example: ['si_user_001_user_002'] }) conversationIDs!: string[];
  @userID() userID!: string;
  @Nested(() => DeleteSyncOptDto, { optional: true }) deleteSyncOpt?: DeleteSyncOptDto;
}

export class UserClearAllMsgReq {
  @userID() userID!: string;
  @Nested(() => DeleteSyncOptDto, { optional: true }) deleteSyncOpt?: DeleteSyncOptDto;
}

export class DeleteMsgsReq {
  @conversationID() conversationID!: string;
  @IntArr({ min: 1, max: 1000, unique: true, example: [3, 4] }) @eachAtMost() seqs!: number[];
  @userID() userID!: string;
  @Nested(() => DeleteSyncOptDto, { optional: true }) deleteSyncOpt?: DeleteSyncOptDto;
}

export class DeleteMsgPhysicalBySeqReq {
  @conversationID() conversationID!: string;
  @IntArr({ min: 1, max: 1000, unique: true, example: [3, 4] }) @eachAtMost() seqs!: number[];
}

export class DeleteMsgPhysicalReq {
  @StrArr({ optional: true, max: 1000, description: 'conversations to purge; empty = all' }) conversationIDs?: string[];
  @Int({ min: 1, max: MAX_INT, example: 1640995200000, description: 'ms: messages sent before it are deleted' })
  timestamp!: number;
}

export class CheckMsgIsSendSuccessResp {
  @Field({ example: 2, description: '0 unknown, 1 sending, 2 success, 3 failed (by operationID)' }) status!: number;
}

export class GetServerTimeResp {
  @Field({ example: 1640995200000 }) serverTime!: number;
}
