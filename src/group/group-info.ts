import { Field } from '../common/dto/fields';
import type { GroupRow } from './group.schema';

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

export function toGroupInfo(g: GroupRow, memberCount: number): GroupInfo {
  return {
    groupID: g.groupID,
    groupName: g.groupName,
    notification: g.notification,
    introduction: g.introduction,
    faceURL: g.faceURL,
    ownerUserID: g.ownerUserID,
    createTime: g.createTime,
    memberCount,
    ex: g.ex,
    status: g.status,
    creatorUserID: g.creatorUserID,
    groupType: g.groupType,
    needVerification: g.needVerification,
    lookMemberInfo: g.lookMemberInfo,
    applyMemberFriend: g.applyMemberFriend,
    notificationUpdateTime: g.notificationUpdateTime,
    notificationUserID: g.notificationUserID,
  };
}
