import type { ConversationRepository } from '../chat-store/conversation.repository';
import type { MessageWriter, WriteRequest, WriteResult } from '../chat-store/message-writer';
import type { GroupAccess, MemberFacts } from '../chat-store/ports';
import { OwnerKind } from '../chat-store/stream-owners';
import type { Caller } from '../common/http/caller';
import { loadConfig } from '../config/app-config';
import { MESSAGE_ONLINE } from '../infra/events/domain-events';
import { EventBus } from '../infra/events/event-bus';
import { MemoryKvStore } from '../infra/kv/kv-store';
import { ImMetrics } from '../infra/metrics/im-metrics';
import { MetricsService } from '../infra/metrics/metrics.service';
import { GroupStatus, RoleLevel } from '../protocol/group';
import { ContentType, SessionType } from '../protocol/message';
import type { User, UserService } from '../user/user.service';
import { MsgSendService, SendInput } from './msg-send.service';
import type { RelationChecker } from '../chat-store/ports';
import { MsgWebhooks } from './msg-webhooks';
import { WebhookService } from '../webhook/webhook.service';

/** The send service alone, with fake ports: the rules of who may send what, without a database. */
describe('MsgSendService (fake ports)', () => {
  const admin: Caller = { userID: 'imAdmin', platformID: 10, isAdmin: true };
  const user = (userID: string): User => ({
    userID,
    nickname: userID,
    faceURL: '',
    ex: '',
    appMangerLevel: 0,
    globalRecvMsgOpt: 0,
    createTime: 0,
  });
  const users = new Map(['alice', 'bob', 'carol'].map((id) => [id, user(id)]));
  let groupStatus: number;
  let members: Map<string, MemberFacts>;
  let blocked: boolean;
  let writes: WriteRequest[];
  let events: EventBus;

  function service(env: Record<string, string> = {}): MsgSendService {
    const userService = {
      findUser: (id: string) => Promise.resolve(users.get(id)),
      isAdminID: (id: string) => id === 'imAdmin',
    } as unknown as UserService;
    const groups: GroupAccess = {
      findGroups: (ids) => Promise.resolve(ids.map((groupID) => ({ groupID, status: groupStatus }))),
      findMembers: (_g, ids) => Promise.resolve(new Map(ids.flatMap((id) => [...members].filter(([k]) => k === id)))),
      rolesOf: () => Promise.resolve(new Map()),
      infos: () => Promise.resolve([]),
    };
    const conversations = { findPairs: () => Promise.resolve([]) } as unknown as ConversationRepository;
    const writer = {
      write: (req: WriteRequest): Promise<WriteResult> => {
        writes.push(req);
        return Promise.resolve({ msg: { ...req.msg, seq: writes.length }, duplicate: false });
      },
    } as unknown as MessageWriter;
    const relations: RelationChecker = {
      isBlocked: () => Promise.resolve(blocked),
      isFriend: () => Promise.resolve(false),
    };
    const config = loadConfig(env);
    return new MsgSendService(
      config,
      userService,
      groups,
      conversations,
      writer,
      events,
      relations,
      new MemoryKvStore(),
      new MsgWebhooks(new WebhookService(config)),
      new ImMetrics(new MetricsService()),
    );
  }

  beforeEach(() => {
    groupStatus = GroupStatus.Normal;
    members = new Map([
      ['alice', { userID: 'alice', roleLevel: RoleLevel.Owner, muteEndTime: 0 }],
      ['bob', { userID: 'bob', roleLevel: RoleLevel.Member, muteEndTime: 0 }],
    ]);
    blocked = false;
    writes = [];
    events = new EventBus(null);
  });

  const text = (sendID: string, to: Partial<SendInput>): SendInput => ({
    sendID,
    sessionType: SessionType.Single,
    contentType: ContentType.Text,
    content: { content: 'hi' },
    ...to,
  });
  const codeOf = (p: Promise<unknown>) => p.then(() => 0).catch((err: { code?: number }) => err.code ?? -1);

  it("writes a single chat into the pair's stream, owned by the pair", async () => {
    await service().send(admin, text('bob', { recvID: 'alice' }));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      conversationID: 'si_alice_bob',
      owners: { kind: OwnerKind.Pair, a: 'alice', b: 'bob' },
      createRecords: true,
    });
  });

  it('refuses a sender the receiver blocked (1302) and, with FRIEND_VERIFY, a non-friend (1303)', async () => {
    blocked = true;
    expect(await codeOf(service().send(admin, text('bob', { recvID: 'alice' })))).toBe(1302);
    blocked = false;
    expect(await codeOf(service({ FRIEND_VERIFY: 'true' }).send(admin, text('bob', { recvID: 'alice' })))).toBe(1303);
    expect(writes).toHaveLength(0);
  });

  it('checks group access through the port: member, mute, group mute, dismissed', async () => {
    const toGroup = (sendID: string) => text(sendID, { sessionType: SessionType.Group, groupID: 'g1' });
    expect(await codeOf(service().send(admin, toGroup('carol')))).toBe(1203);
    members.set('bob', { userID: 'bob', roleLevel: RoleLevel.Member, muteEndTime: Date.now() + 60_000 });
    expect(await codeOf(service().send(admin, toGroup('bob')))).toBe(1402);
    members.set('bob', { userID: 'bob', roleLevel: RoleLevel.Member, muteEndTime: 0 });
    groupStatus = GroupStatus.Muted;
    expect(await codeOf(service().send(admin, toGroup('bob')))).toBe(1403);
    expect(await codeOf(service().send(admin, toGroup('alice')))).toBe(0);
    groupStatus = GroupStatus.Dismissed;
    expect(await codeOf(service().send(admin, toGroup('alice')))).toBe(1204);
    expect(writes.map((w) => w.owners)).toEqual([{ kind: OwnerKind.Group, groupID: 'g1' }]);
  });

  it('pushes online-only messages without writing them', async () => {
    const seen: string[] = [];
    events.on(MESSAGE_ONLINE, (e) => void seen.push(e.conversationID));
    await service().send(admin, text('bob', { recvID: 'alice', isOnlineOnly: true }));
    expect(writes).toHaveLength(0);
    expect(seen).toEqual(['si_alice_bob']);
  });

  it('lets a user send only as themselves', async () => {
    const bob: Caller = { userID: 'bob', platformID: 1, isAdmin: false };
    expect(await codeOf(service().send(bob, text('alice', { recvID: 'bob' })))).toBe(1002);
  });
});
