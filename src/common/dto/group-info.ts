import { Field } from './fields';

/** A group as the API and the SDKs show it (`sdkws.GroupInfo`). */
export class GroupInfo {
  @Field() groupID!: string;
  @Field() groupName!: string;
  @Field({ description: 'the announcement' }) notification!: string;
  @Field() introduction!: string;
  @Field() faceURL!: string;
  @Field() ownerUserID!: string;
  @Field() createTime!: number;
  @Field() memberCount!: number;
  @Field() ex!: string;
  @Field({ description: '0 normal, 2 dismissed, 3 muted' }) status!: number;
  @Field() creatorUserID!: string;
  @Field() groupType!: number;
  @Field() needVerification!: number;
  @Field() lookMemberInfo!: number;
  @Field() applyMemberFriend!: number;
  @Field() notificationUpdateTime!: number;
  @Field() notificationUserID!: string;
}
