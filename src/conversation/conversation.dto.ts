import { Bool, Field, Int, Nested, Str, StrArr } from '../common/dto/fields';
import { PaginationField, RequestPagination } from '../common/dto/pagination.dto';
import { USER_ID_MAX } from '../user/user.dto';

const userID = (name = 'user_001') => Str({ example: name, max: USER_ID_MAX });
const conversationID = () => Str({ example: 'si_user_001_user_002', max: 256 });
/** needDeleteTime days in ms must stay a safe integer (it becomes a bigint bound). */
const MAX_DELETE_DAYS = Math.floor(Number.MAX_SAFE_INTEGER / 86_400_000);

export class ConversationInfo {
  @Field({ example: 'user_001' }) ownerUserID!: string;
  @Field({ example: 'si_user_001_user_002' }) conversationID!: string;
  @Field({ example: 0, description: '0 receive, 1 refuse, 2 receive silently' }) recvMsgOpt!: number;
  @Field({ example: 1, description: '1 single, 3 group, 4 notification' }) conversationType!: number;
  @Field({ example: 'user_002' }) userID!: string;
  @Field({ example: '' }) groupID!: string;
  @Field({ example: false }) isPinned!: boolean;
  @Field({ example: '' }) attachedInfo!: string;
  @Field({ example: false }) isPrivateChat!: boolean;
  @Field({ example: 0 }) groupAtType!: number;
  @Field({ example: '' }) ex!: string;
  @Field({ example: 0 }) burnDuration!: number;
  @Field({ example: 0 }) minSeq!: number;
  @Field({ example: 0 }) maxSeq!: number;
  @Field({ example: 604800 }) msgDestructTime!: number;
  @Field({ example: 0 }) latestMsgDestructTime!: number;
  @Field({ example: false }) isMsgDestruct!: boolean;
}

export class OwnerReq {
  @userID() ownerUserID!: string;
}

export class UserReq {
  @userID() userID!: string;
}

export class GetConversationReq {
  @userID() ownerUserID!: string;
  @conversationID() conversationID!: string;
}

export class GetConversationsReq {
  @userID() ownerUserID!: string;
  @StrArr({ max: 1000, example: ['si_user_001_user_002'] }) conversationIDs!: string[];
}

export class ConversationResp {
  @Field({ type: ConversationInfo }) conversation!: ConversationInfo;
}

export class ConversationsResp {
  @Field({ type: [ConversationInfo] }) conversations!: ConversationInfo[];
}

export class ConversationReqDto {
  @conversationID() conversationID!: string;
  @Int({ min: 1, max: 4, example: 1 }) conversationType!: number;
  @Str({ optional: true, max: USER_ID_MAX, description: 'the peer, for single chats' }) userID?: string;
  @Str({ optional: true, max: USER_ID_MAX, description: 'for group chats' }) groupID?: string;
  @Int({ optional: true, min: 0, max: 2 }) recvMsgOpt?: number;
  @Bool({ optional: true }) isPinned?: boolean;
  @Str({ optional: true, max: 65535 }) attachedInfo?: string;
  @Bool({ optional: true }) isPrivateChat?: boolean;
  @Str({ optional: true, max: 65535 }) ex?: string;
  @Int({ optional: true, min: 0, int32: true }) burnDuration?: number;
  @Int({ optional: true, min: 0, description: 'ignored: set by clear' }) minSeq?: number;
  @Int({ optional: true, min: 0, description: 'ignored: set when leaving a group' }) maxSeq?: number;
  @Int({ optional: true, min: 0, max: 4 }) groupAtType?: number;
  @Int({ optional: true, min: 0 }) msgDestructTime?: number;
  @Bool({ optional: true }) isMsgDestruct?: boolean;
}

export class SetConversationsReq {
  @StrArr({ max: 1000, unique: true, example: ['user_001'] }) userIDs!: string[];
  @Nested(() => ConversationReqDto) conversation!: ConversationReqDto;
}

export class GetConversationOfflinePushUserIDsReq {
  @conversationID() conversationID!: string;
  @StrArr({ max: 10000, example: ['user_001', 'user_002'] }) userIDs!: string[];
}

export class UserIDsResp {
  @Field({ example: ['user_001'] }) userIDs!: string[];
}

export class ConversationIDsResp {
  @Field({ example: ['si_user_001_user_002'] }) conversationIDs!: string[];
}

export class GetFullConversationIDsReq {
  @userID() userID!: string;
  @Int({ optional: true, uint64: true, description: 'the hash of the IDs the client has; 0 = none' }) idHash?: number;
}

export class GetFullConversationIDsResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field() equal!: boolean;
  @Field({ type: [String], nullable: true }) conversationIDs!: string[] | null;
}

export class GetIncrementalConversationReq {
  @userID() userID!: string;
  @Str({ optional: true, max: 64, description: 'the versionID the client has ("" = none)' }) versionID?: string;
  @Int({ optional: true, min: 0 }) version?: number;
}

export class GetIncrementalConversationResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field({ description: 'true: the client must reload everything' }) full!: boolean;
  @Field({ type: [String], nullable: true }) delete!: string[] | null;
  @Field({ type: [ConversationInfo], nullable: true }) insert!: ConversationInfo[] | null;
  @Field({ type: [ConversationInfo], nullable: true }) update!: ConversationInfo[] | null;
}

export class GetOwnerConversationReq {
  @userID() userID!: string;
  @PaginationField() pagination!: RequestPagination;
}

export class GetOwnerConversationResp {
  @Field() total!: number;
  @Field({ type: [ConversationInfo] }) conversations!: ConversationInfo[];
}

export class DeleteConversationsReq {
  @userID() ownerUserID!: string;
  @Int({
    optional: true,
    min: 1,
    max: MAX_DELETE_DAYS,
    description: 'days: delete conversations whose last message is older',
  })
  needDeleteTime?: number;
  @StrArr({ optional: true, max: 1000 }) conversationIDs?: string[];
}

export class UpdateConversationsByUserReq {
  @userID() userID!: string;
  @Str({ optional: true, max: 65535 }) ex?: string | null;
}
