import { Inject, Injectable } from '@nestjs/common';
import { ConversationRepository } from '../chat-store/conversation.repository';
import { rowToMsg } from '../chat-store/message-rows';
import { MessageRepository } from '../chat-store/message.repository';
import { GROUP_MEMBERS, GroupMembers } from '../chat-store/ports';
import { PresenceService } from '../gateway/presence.service';
import { AT_ALL_TAG, ContentType, Opt, optionOn, RecvMsgOpt, SessionType } from '../protocol/message';
import type { MsgData } from '../protocol/msg-data';
import { Platform } from '../protocol/platform';
import { UserService } from '../user/user.service';
import type { PushNotification } from './providers/push-provider';
import { pushTexts, SIGNALING_NOTIFICATION } from './push-content';
import { PushRepository } from './push.repository';

/** Terminals whose online push counts as "notified" (the reference's push terminals): a PC session does not. */
const PUSH_TERMINALS: ReadonlySet<number> = new Set([Platform.IOS, Platform.Android]);

/** A notification before its badge is known (the badge is counted when the plan is committed). */
export type PlannedNotification = Omit<PushNotification, 'badge'>;

/**
 * Who gets an offline push for a stored message, and what it says (protocol.md §5.3): recipients other than the
 * sender with no iOS/Android connection that took the online push (anywhere in the cluster; an iOS app in the
 * background does not take it), minus group members who set the group to "receive, don't notify" (2) or the same
 * globally — unless the message @-mentions them. Single chats had their receive options applied at send time
 * (offlinePush off). One notification per registered device token.
 */
@Injectable()
export class PushPlanner {
  constructor(
    private readonly messages: MessageRepository,
    private readonly conversations: ConversationRepository,
    @Inject(GROUP_MEMBERS) private readonly members: GroupMembers,
    private readonly presence: PresenceService,
    private readonly users: UserService,
    private readonly repo: PushRepository,
  ) {}

  async plan(conversationID: string, seq: number): Promise<PlannedNotification[]> {
    const row = await this.messages.bySeq(conversationID, seq);
    if (!row) return [];
    const msg = rowToMsg(row);
    if (!optionOn(msg.options, Opt.offlinePush) || msg.contentType === SIGNALING_NOTIFICATION) return [];
    const group = msg.sessionType === SessionType.Group || msg.sessionType === SessionType.WriteGroup;
    let users = group ? await this.members.memberIDs(msg.groupID || msg.recvID) : msg.recvID ? [msg.recvID] : [];
    users = [...new Set(users)].filter((u) => u !== msg.sendID);
    if (!users.length) return [];
    users = await this.offline(users);
    const { mentioned, named } = mentionsOf(msg);
    if (group && users.length) users = await this.notifiable(conversationID, users, named);
    if (!users.length) return [];
    const tokens = await this.repo.tokensOf(users, Date.now());
    return tokens.map((t) => {
      const { title, desc } = pushTexts(msg, mentioned(t.userID));
      return {
        userID: t.userID,
        platformID: t.platformID,
        token: t.token,
        title,
        desc,
        ex: msg.offlinePushInfo?.ex ?? '',
        iOSPushSound: msg.offlinePushInfo?.iOSPushSound ?? '',
        iOSBadgeCount: msg.offlinePushInfo?.iOSBadgeCount ?? true,
        conversationID,
        seq: msg.seq,
        clientMsgID: msg.clientMsgID,
        serverMsgID: msg.serverMsgID,
        sendID: msg.sendID,
        sessionType: msg.sessionType,
        contentType: msg.contentType,
      };
    });
  }

  /** The users without a push terminal that takes online pushes right now. */
  private async offline(userIDs: string[]): Promise<string[]> {
    const conns = await this.presence.connections(userIDs);
    return userIDs.filter(
      (u) =>
        !(conns.get(u) ?? []).some(
          (c) => PUSH_TERMINALS.has(c.platformID) && !(c.platformID === Platform.IOS && c.isBackground),
        ),
    );
  }

  /** Group members whose settings allow a notification; being @-mentioned by name overrides "don't notify". */
  private async notifiable(
    conversationID: string,
    userIDs: string[],
    named: (u: string) => boolean,
  ): Promise<string[]> {
    const [records, infos] = await Promise.all([
      this.conversations.findForOwners(conversationID, userIDs),
      this.users.getUsersInfo(userIDs),
    ]);
    const quiet = new Set<string>();
    for (const r of records) if (r.recvMsgOpt !== RecvMsgOpt.Receive) quiet.add(r.ownerUserID);
    for (const u of infos) if (u.globalRecvMsgOpt !== RecvMsgOpt.Receive) quiet.add(u.userID);
    return userIDs.filter((u) => !quiet.has(u) || named(u));
  }
}

type Is = (userID: string) => boolean;

/**
 * Who an @-message mentions: `mentioned` (the `[@TEXT]` title) includes everyone for @all; `named` (which overrides a
 * muted group) only the users named, so an @all cannot wake every member who muted the group.
 */
function mentionsOf(msg: MsgData): { mentioned: Is; named: Is } {
  const none: Is = () => false;
  if (msg.contentType !== ContentType.AtText || !msg.atUserIDList.length) return { mentioned: none, named: none };
  const set = new Set(msg.atUserIDList);
  const named: Is = (u) => set.has(u);
  return { mentioned: set.has(AT_ALL_TAG) ? () => true : named, named };
}
