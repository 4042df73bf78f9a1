import { Bool, Field, Int, NestedArr, Str, StrArr } from '../../common/dto/fields';
import { GroupInfo } from '../../common/dto/group-info';
import { PaginationField, RequestPagination } from '../../common/dto/pagination.dto';
import { USER_ID_MAX } from '../../user/user.dto';
import { GroupMemberFullInfo, groupIDField, MAX_IDS, NAME_MAX, TEXT_MAX, URL_MAX, userIDField } from './common';

export class InviteUserToGroupReq {
  @groupIDField() groupID!: string;
  @StrArr({ max: MAX_IDS, unique: true, itemMax: USER_ID_MAX }) invitedUserIDs!: string[];
  @Str({ optional: true, max: TEXT_MAX }) reason?: string;
  @Bool({ optional: true }) sendMessage?: boolean;
}

export class KickGroupMemberReq {
  @groupIDField() groupID!: string;
  @StrArr({ max: MAX_IDS, unique: true, itemMax: USER_ID_MAX }) kickedUserIDs!: string[];
  @Str({ optional: true, max: TEXT_MAX }) reason?: string;
  @Bool({ optional: true }) sendMessage?: boolean;
}

export class QuitGroupReq {
  @groupIDField() groupID!: string;
  @userIDField('who leaves; the caller when empty (others: app admin only)', true) userID?: string;
}

export class GetGroupMembersInfoReq {
  @groupIDField() groupID!: string;
  @StrArr({ max: MAX_IDS, itemMax: USER_ID_MAX }) userIDs!: string[];
}

export class GetGroupMembersInfoResp {
  @Field({ type: [GroupMemberFullInfo] }) members!: GroupMemberFullInfo[];
}

export class GetGroupMemberListReq {
  @groupIDField() groupID!: string;
  @PaginationField() pagination!: RequestPagination;
  @Int({
    optional: true,
    min: 0,
    max: 5,
    description: '0 all, 1 owner, 2 admins, 3 ordinary members, 4 owner and admins, 5 admins and members',
  })
  filter?: number;

  @Str({ optional: true, max: NAME_MAX, description: 'part of the nickname or userID' }) keyword?: string;
}

export class GetGroupMemberListResp {
  @Field() total!: number;
  @Field({ type: [GroupMemberFullInfo] }) members!: GroupMemberFullInfo[];
}

export class GetJoinedGroupListReq {
  @userIDField() fromUserID!: string;
  @PaginationField() pagination!: RequestPagination;
}

export class GetJoinedGroupListResp {
  @Field() total!: number;
  @Field({ type: [GroupInfo] }) groups!: GroupInfo[];
}

export class MuteGroupMemberReq {
  @groupIDField() groupID!: string;
  @userIDField() userID!: string;
  @Int({ min: 1, max: 10 * 365 * 86400, example: 3600, description: 'seconds' }) mutedSeconds!: number;
}

export class CancelMuteGroupMemberReq {
  @groupIDField() groupID!: string;
  @userIDField() userID!: string;
}

export class SetGroupMemberInfo {
  @groupIDField() groupID!: string;
  @userIDField() userID!: string;
  @Str({ optional: true, max: NAME_MAX, description: 'null = unchanged' }) nickname?: string | null;
  @Str({ optional: true, max: URL_MAX }) faceURL?: string | null;
  @Int({ optional: true, min: 20, max: 100, description: '60 admin or 20 member' }) roleLevel?: number | null;
  @Str({ optional: true, max: TEXT_MAX }) ex?: string | null;
}

export class SetGroupMemberInfoReq {
  @NestedArr(() => SetGroupMemberInfo, { max: MAX_IDS }) members!: SetGroupMemberInfo[];
}

/** The role filters of get_group_member_list (spec: 0–5). */
export const ROLE_FILTERS: Record<number, number[] | undefined> = {
  0: undefined,
  1: [100],
  2: [60],
  3: [20],
  4: [100, 60],
  5: [60, 20],
};
