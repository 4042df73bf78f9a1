import { Field, Str } from '../../common/dto/fields';
import { USER_ID_MAX, USER_ID_PATTERN } from '../../user/user.dto';

export { MAX_IDS } from '../../user/user.dto';
export const GROUP_ID_MAX = 64;
export const NAME_MAX = 255;
export const URL_MAX = 2048;
export const TEXT_MAX = 65535;

/** A required group ID field. */
export const groupIDField = (description?: string) =>
  Str({
    example: 'g_001',
    max: GROUP_ID_MAX,
    description,
    pattern: USER_ID_PATTERN,
    patternMessage: '$property must not contain ":" or spaces',
  });

/** A required user ID field. */
export const userIDField = (description?: string, optional = false) =>
  Str({
    example: 'user_001',
    max: USER_ID_MAX,
    description,
    optional,
    pattern: USER_ID_PATTERN,
    patternMessage: '$property must not contain ":" or spaces',
  });

/** A group member as the API shows it (`sdkws.GroupMemberFullInfo`). */
export class GroupMemberFullInfo {
  @Field() groupID!: string;
  @Field() userID!: string;
  @Field({ description: '100 owner, 60 admin, 20 member' }) roleLevel!: number;
  @Field({ description: 'ms' }) joinTime!: number;
  @Field({ description: "the group nickname, else the user's nickname" }) nickname!: string;
  @Field() faceURL!: string;
  @Field({ description: 'always 0' }) appMangerLevel!: number;
  @Field({ description: '1 admin, 2 invitation, 3 search, 4 QR code' }) joinSource!: number;
  @Field() operatorUserID!: string;
  @Field() ex!: string;
  @Field({ description: 'ms; 0 = not muted' }) muteEndTime!: number;
  @Field() inviterUserID!: string;
}

export class PublicUserInfo {
  @Field() userID!: string;
  @Field() nickname!: string;
  @Field() faceURL!: string;
  @Field() ex!: string;
}
