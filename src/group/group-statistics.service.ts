import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ImError } from '../common/errors/im-error';
import { MessageRepository } from '../chat-store/message.repository';
import { GroupStatus } from '../protocol/group';
import { SessionType } from '../protocol/message';
import type { GroupActiveReq, GroupActiveResp, GroupCreateCountReq, GroupCreateCountResp } from './dto/group.dto';
import { GroupViews } from './group-views';
import { GroupRepository } from './group.repository';

/** Group statistics for the admin console. */
@Injectable()
export class GroupStatisticsService {
  constructor(
    private readonly groups: GroupRepository,
    private readonly messages: MessageRepository,
    private readonly views: GroupViews,
  ) {}

  async created(req: GroupCreateCountReq): Promise<GroupCreateCountResp> {
    if (req.start > req.end) throw ImError.args('start must not be after end');
    const { total, before, perDay } = await this.groups.createdPerDay(req.start, req.end);
    return { total, before, count: Object.fromEntries(perDay) };
  }

  /** Group messages sent in [start, end]: totals, per UTC day, and the page of the most active groups. */
  async active(req: GroupActiveReq): Promise<GroupActiveResp> {
    if (req.start > req.end) throw ImError.args('start must not be after end');
    const { offset, limit } = pageOf(req.pagination);
    const stats = await this.messages.activity(
      { sessionTypes: [SessionType.Group], from: req.start, to: req.end + 1, userMessagesOnly: true },
      'group',
      !!req.ase,
      offset,
      limit,
    );
    const rows = await this.groups.findGroups(stats.top.map((t) => t.id));
    const infos = new Map((await this.views.groupInfos(rows)).map((g) => [g.groupID, g]));
    return {
      msgCount: stats.msgCount,
      groupCount: stats.distinct,
      dateCount: Object.fromEntries(stats.perDay),
      groups: stats.top.map((t) => ({
        // a group that is gone still shows, named by its ID
        group: infos.get(t.id) ?? {
          groupID: t.id,
          groupName: t.id,
          notification: '',
          introduction: '',
          faceURL: '',
          ownerUserID: '',
          createTime: 0,
          memberCount: 0,
          ex: '',
          status: GroupStatus.Normal,
          creatorUserID: '',
          groupType: 2,
          needVerification: 0,
          lookMemberInfo: 0,
          applyMemberFriend: 0,
          notificationUpdateTime: 0,
          notificationUserID: '',
        },
        count: t.n,
      })),
    };
  }
}
