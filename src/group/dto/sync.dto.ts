import { Field, Int, NestedArr, Str } from '../../common/dto/fields';
import { GroupInfo } from '../../common/dto/group-info';
import { GroupMemberFullInfo, groupIDField, userIDField } from './common';

const versionID = () => Str({ optional: true, max: 64, nonEmpty: false, description: 'the log id the client has' });
const version = () => Int({ optional: true, min: 0, description: 'the version the client has; 0 = none' });

export class GetIncrementalJoinGroupReq {
  @userIDField() userID!: string;
  @versionID() versionID?: string;
  @version() version?: number;
}

export class GetIncrementalJoinGroupResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field({ description: 'too old or unknown: reload everything' }) full!: boolean;
  @Field({ type: [String] }) delete!: string[];
  @Field({ type: [GroupInfo] }) insert!: GroupInfo[];
  @Field({ type: [GroupInfo] }) update!: GroupInfo[];
  @Field() sortVersion!: number;
}

export class GetIncrementalGroupMemberReq {
  @groupIDField() groupID!: string;
  @versionID() versionID?: string;
  @version() version?: number;
}

export class GetIncrementalGroupMemberResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field() full!: boolean;
  @Field({ type: [String] }) delete!: string[];
  @Field({ type: [GroupMemberFullInfo] }) insert!: GroupMemberFullInfo[];
  @Field({ type: [GroupMemberFullInfo] }) update!: GroupMemberFullInfo[];
  @Field({ type: GroupInfo, nullable: true }) group!: GroupInfo | null;
  @Field() sortVersion!: number;
}

export class GetIncrementalGroupMemberBatchReq {
  @userIDField() userID!: string;
  @NestedArr(() => GetIncrementalGroupMemberReq, { max: 1000 }) reqList!: GetIncrementalGroupMemberReq[];
}

export class GetIncrementalGroupMemberBatchResp {
  @Field({ type: 'object', description: 'groupID → incremental response' })
  respList!: Record<string, GetIncrementalGroupMemberResp>;
}

export class GetFullGroupMemberUserIDsReq {
  @groupIDField() groupID!: string;
  @Int({ optional: true, uint64: true, description: 'the hash of the IDs the client has; 0 = none' }) idHash?: number;
}

export class GetFullGroupMemberUserIDsResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field() equal!: boolean;
  @Field({ type: [String], nullable: true }) userIDs!: string[] | null;
}

export class GetFullJoinGroupIDsReq {
  @userIDField() userID!: string;
  @Int({ optional: true, uint64: true }) idHash?: number;
}

export class GetFullJoinGroupIDsResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field() equal!: boolean;
  @Field({ type: [String], nullable: true }) groupIDs!: string[] | null;
}
