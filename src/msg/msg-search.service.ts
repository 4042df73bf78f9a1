import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/dto/pagination.dto';
import { ImError } from '../common/errors/im-error';
import { GROUP_ACCESS, GroupAccess } from '../chat-store/ports';
import { toUserInfo, UserService } from '../user/user.service';
import { SessionType } from '../protocol/message';
import { ChatLogItem, SearchMsgReq, SearchMsgResp, UserActiveReq, UserActiveResp } from './dto/msg-search.dto';
import { MessageFilter, MessageRepository } from '../chat-store/message.repository';
import { storedContent } from '../chat-store/message-rows';

const DAY_MS = 86_400_000;

/** Message search and activity statistics (admin tools). */
@Injectable()
export class MsgSearchService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly users: UserService,
    @Inject(GROUP_ACCESS) private readonly groups: GroupAccess,
  ) {}

  async search(req: SearchMsgReq): Promise<SearchMsgResp> {
    const { offset, limit } = pageOf(req.pagination);
    const filter: MessageFilter = {
      sendID: req.sendID,
      recvID: req.recvID,
      contentType: req.contentType,
      text: req.keyword,
    };
    if (req.sessionType) {
      filter.sessionTypes = req.sessionType === SessionType.WriteGroup ? [SessionType.Group] : [req.sessionType];
    }
    if (req.sendTime) {
      const day = Date.parse(`${req.sendTime}T00:00:00Z`);
      // Date.parse rolls 2021-02-30 over to March 2nd: only a day that formats back to itself is real.
      if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== req.sendTime) {
        throw ImError.args('sendTime must be a valid YYYY-MM-DD day');
      }
      filter.from = day;
      filter.to = day + DAY_MS;
    }
    if (req.startTime !== undefined) filter.from = Math.max(filter.from ?? 0, req.startTime);
    if (req.endTime !== undefined) filter.to = Math.min(filter.to ?? Number.MAX_SAFE_INTEGER, req.endTime);
    const { total, rows } = await this.messages.search(filter, offset, limit);

    const userIDs = [...new Set(rows.flatMap((r) => [r.sendID, r.recvID]))];
    const groupIDs = [...new Set(rows.map((r) => r.groupID).filter(Boolean))];
    const [users, groups] = await Promise.all([this.users.getUsersInfo(userIDs), this.groups.infos(groupIDs)]);
    const userByID = new Map(users.map((u) => [u.userID, u]));
    const groupByID = new Map(groups.map((g) => [g.groupID, g]));
    const chatLogs: ChatLogItem[] = rows.map((r) => {
      const g = groupByID.get(r.groupID);
      return {
        isRevoked: r.revoke != null,
        chatLog: {
          serverMsgID: r.serverMsgID,
          clientMsgID: r.clientMsgID,
          sendID: r.sendID,
          recvID: r.groupID || r.recvID,
          groupID: r.groupID,
          recvNickname: userByID.get(r.recvID)?.nickname ?? '',
          senderPlatformID: r.senderPlatformID,
          senderNickname: r.senderNickname,
          senderFaceURL: r.senderFaceURL,
          groupName: g?.groupName ?? '',
          sessionType: r.sessionType,
          msgFrom: r.msgFrom,
          contentType: r.contentType,
          content: storedContent(r),
          status: r.status,
          sendTime: r.sendTime,
          createTime: r.createTime,
          ex: r.ex,
          groupFaceURL: g?.faceURL ?? '',
          groupMemberCount: g?.memberCount ?? 0,
          seq: r.seq,
          groupOwner: g?.ownerUserID ?? '',
          groupType: g?.groupType ?? 0,
        },
      };
    });
    return { chatLogs, chatLogsNum: total };
  }

  /** Messages sent in [start, end]: totals, per UTC day, and the page of top senders. */
  async userActive(req: UserActiveReq): Promise<UserActiveResp> {
    if (req.start > req.end) throw ImError.args('start must not be after end');
    const { offset, limit } = pageOf(req.pagination);
    const sessionTypes = req.group ? [SessionType.Single, SessionType.Group] : [SessionType.Single];
    const stats = await this.messages.activity(
      { sessionTypes, from: req.start, to: req.end + 1, userMessagesOnly: true },
      'sender',
      !!req.ase,
      offset,
      limit,
    );
    const infos = new Map((await this.users.getUsersInfo(stats.top.map((s) => s.id))).map((u) => [u.userID, u]));
    return {
      msgCount: stats.msgCount,
      userCount: stats.distinct,
      dateCount: Object.fromEntries(stats.perDay),
      users: stats.top.map((s) => {
        const known = infos.get(s.id);
        const user =
          known ??
          toUserInfo({
            userID: s.id,
            nickname: s.id,
            faceURL: '',
            ex: '',
            createTime: 0,
            appMangerLevel: 0,
            globalRecvMsgOpt: 0,
          });
        return { user, count: s.n };
      }),
    };
  }
}
