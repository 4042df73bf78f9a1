import { Field, Int, Str } from '../common/dto/fields';
import { BlackInfo } from './black.dto';
import { FriendInfo, userIDField } from './friend.dto';

export class IncrementalReq {
  @userIDField() userID!: string;
  @Str({ optional: true, max: 64, description: 'the versionID the client has ("" = none)' }) versionID?: string;
  @Int({ optional: true, min: 0, description: 'the version the client has (0 = none)' }) version?: number;
}

export class GetIncrementalFriendsResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field({ description: 'true: the client must reload everything' }) full!: boolean;
  @Field({ type: [String], nullable: true }) delete!: string[] | null;
  @Field({ type: [FriendInfo], nullable: true }) insert!: FriendInfo[] | null;
  @Field({ type: [FriendInfo], nullable: true }) update!: FriendInfo[] | null;
  @Field({ description: 'non-zero when the order (pins) changed' }) sortVersion!: number;
}

export class GetIncrementalBlacksResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field() full!: boolean;
  @Field({ type: [String], nullable: true }) delete!: string[] | null;
  @Field({ type: [BlackInfo], nullable: true }) insert!: BlackInfo[] | null;
  @Field({ type: [BlackInfo], nullable: true }) update!: BlackInfo[] | null;
}

export class GetFullFriendUserIDsReq {
  @userIDField() userID!: string;
  @Int({ optional: true, uint64: true, description: 'the hash of the IDs the client has; 0 = none' }) idHash?: number;
}

export class GetFullFriendUserIDsResp {
  @Field() version!: number;
  @Field() versionID!: string;
  @Field() equal!: boolean;
  @Field({ type: [String], nullable: true, description: 'null when equal' }) userIDs!: string[] | null;
}
