import { Bool, Field, Int, Nested, Str, StrArr } from '../../common/dto/fields';
import { GroupInfo } from '../../common/dto/group-info';
import { PaginationField, RequestPagination } from '../../common/dto/pagination.dto';
import { USER_ID_MAX } from '../../user/user.dto';
import { GROUP_ID_MAX, groupIDField, MAX_IDS, NAME_MAX, TEXT_MAX, URL_MAX, userIDField } from './common';

/** The group fields of `create_group` (fields the server decides, like memberCount or status, are ignored). */
export class CreateGroupInfo {
  // The official SDKs always send "" here and expect the server to choose (the reference's GenGroupID).
  @Str({ optional: true, max: GROUP_ID_MAX, pattern: /^[^:\s]*$/, description: 'chosen ID; generated when empty' })
  groupID?: string;

  @Str({ optional: true, max: NAME_MAX, example: 'team' }) groupName?: string;
  @Str({ optional: true, max: TEXT_MAX, description: 'the announcement' }) notification?: string;
  @Str({ optional: true, max: TEXT_MAX }) introduction?: string;
  @Str({ optional: true, max: URL_MAX }) faceURL?: string;
  @Str({ optional: true, max: TEXT_MAX }) ex?: string;
  @Int({ optional: true, min: 2, max: 2, example: 2, description: 'must be 2 (working group)' }) groupType?: number;
  @Int({ optional: true, min: 0, max: 2, description: '0 apply needs approval, 1 all need approval, 2 free join' })
  needVerification?: number;

  @Int({ optional: true, min: 0, max: 1 }) lookMemberInfo?: number;
  @Int({ optional: true, min: 0, max: 1 }) applyMemberFriend?: number;
  @Str({ optional: true, max: USER_ID_MAX }) creatorUserID?: string;
}

export class CreateGroupReq {
  @userIDField('the owner; the caller when empty (only an app admin may name another user)', true)
  ownerUserID?: string;

  @StrArr({
    optional: true,
    max: 1_000_000,
    unique: true,
    itemMax: USER_ID_MAX,
    description: 'up to GROUP_MAX_MEMBERS',
  })
  memberUserIDs?: string[];
  @StrArr({ optional: true, max: MAX_IDS, unique: true, itemMax: USER_ID_MAX }) adminUserIDs?: string[];
  @Nested(() => CreateGroupInfo) groupInfo!: CreateGroupInfo;
  @Bool({ optional: true, description: 'store the 1501 notification as a visible message (default: yes)' })
  sendMessage?: boolean;
}

export class CreateGroupResp {
  @Field({ type: GroupInfo }) groupInfo!: GroupInfo;
}

/** `set_group_info`: empty strings are left unchanged (the deprecated form). */
export class GroupInfoForSet {
  @groupIDField() groupID!: string;
  @Str({ optional: true, max: NAME_MAX }) groupName?: string;
  @Str({ optional: true, max: TEXT_MAX }) notification?: string;
  @Str({ optional: true, max: TEXT_MAX }) introduction?: string;
  @Str({ optional: true, max: URL_MAX }) faceURL?: string;
  @Str({ optional: true, max: TEXT_MAX }) ex?: string | null;
  @Int({ optional: true, min: 0, max: 2 }) needVerification?: number | null;
  @Int({ optional: true, min: 0, max: 1 }) lookMemberInfo?: number | null;
  @Int({ optional: true, min: 0, max: 1 }) applyMemberFriend?: number | null;
}

export class SetGroupInfoReq {
  @Nested(() => GroupInfoForSet) groupInfoForSet!: GroupInfoForSet;
}

/** `set_group_info_ex`: absent or null = unchanged, "" clears (but a group name cannot be blank). */
export class SetGroupInfoExReq {
  @groupIDField() groupID!: string;
  @Str({ optional: true, max: NAME_MAX, description: 'null = unchanged; must not be blank' })
  groupName?: string | null;

  @Str({ optional: true, max: TEXT_MAX }) notification?: string | null;
  @Str({ optional: true, max: TEXT_MAX }) introduction?: string | null;
  @Str({ optional: true, max: URL_MAX }) faceURL?: string | null;
  @Str({ optional: true, max: TEXT_MAX }) ex?: string | null;
  @Int({ optional: true, min: 0, max: 2 }) needVerification?: number | null;
  @Int({ optional: true, min: 0, max: 1 }) lookMemberInfo?: number | null;
  @Int({ optional: true, min: 0, max: 1 }) applyMemberFriend?: number | null;
}

export class GroupIDReq {
  @groupIDField() groupID!: string;
}

export class GetGroupsInfoReq {
  @StrArr({ max: MAX_IDS, itemMax: GROUP_ID_MAX }) groupIDs!: string[];
}

export class GetGroupsInfoResp {
  @Field({ type: [GroupInfo] }) groupInfos!: GroupInfo[];
}

export class TransferGroupOwnerReq {
  @groupIDField() groupID!: string;
  @userIDField() oldOwnerUserID!: string;
  @userIDField() newOwnerUserID!: string;
}

export class DismissGroupReq {
  @groupIDField() groupID!: string;
  @Bool({ optional: true, description: 'delete the members at once, without notification' }) deleteMember?: boolean;
  @Bool({ optional: true }) sendMessage?: boolean;
}

export class GetGroupAbstractInfoReq {
  @StrArr({ max: MAX_IDS, unique: true, itemMax: GROUP_ID_MAX }) groupIDs!: string[];
}

export class GroupAbstractInfo {
  @Field() groupID!: string;
  @Field() groupMemberNumber!: number;
  @Field({ description: 'changes whenever the member list or a member changes' }) groupMemberListHash!: number;
}

export class GetGroupAbstractInfoResp {
  @Field({ type: [GroupAbstractInfo] }) groupAbstractInfos!: GroupAbstractInfo[];
}

export class GetGroupsReq {
  @PaginationField() pagination!: RequestPagination;
  @Str({ optional: true, max: NAME_MAX, description: 'part of the group name' }) groupName?: string;
  @Str({ optional: true, max: GROUP_ID_MAX }) groupID?: string;
}

export class CMSGroup {
  @Field({ type: GroupInfo }) groupInfo!: GroupInfo;
  @Field() groupOwnerUserName!: string;
  @Field() groupOwnerUserID!: string;
}

export class GetGroupsResp {
  @Field() total!: number;
  @Field({ type: [CMSGroup] }) groups!: CMSGroup[];
}

export class GroupCreateCountReq {
  @Int({ min: 1, example: 1700000000000, description: 'ms' }) start!: number;
  @Int({ min: 1, example: 1800000000000, description: 'ms' }) end!: number;
}

export class GroupCreateCountResp {
  @Field() total!: number;
  @Field() before!: number;
  @Field({ type: 'object', description: 'groups created per UTC day, "YYYY-MM-DD" → n' })
  count!: Record<string, number>;
}

export class GetGroupMemberUserIDsResp {
  @Field({ type: [String] }) userIDs!: string[];
}

export class GroupActiveReq {
  @Int({ min: 1, max: 8_640_000_000_000_000, example: 1640995200000 }) start!: number;
  @Int({ min: 1, max: 8_640_000_000_000_000, example: 1643673600000 }) end!: number;
  @Bool({ optional: true, description: 'ascending by count' }) ase?: boolean;
  @PaginationField() pagination!: RequestPagination;
}

export class GroupActiveItem {
  @Field({ type: GroupInfo }) group!: GroupInfo;
  @Field() count!: number;
}

export class GroupActiveResp {
  @Field() msgCount!: number;
  @Field() groupCount!: number;
  @Field({ example: { '2022-01-01': 12 } }) dateCount!: Record<string, number>;
  @Field({ type: [GroupActiveItem] }) groups!: GroupActiveItem[];
}
