import { PbCoder } from '@openim/protocol';
import Redis from 'ioredis';
import {
  httpPost,
  processStorage,
  spawnServer,
  type ProcessStorage,
  type ServerProcess,
} from '../../helpers/server-process';
import { uniqueID } from '../../helpers/fixtures';
import { BROADCAST_MIN_RECIPIENTS } from '../../../src/gateway/redis-cluster';
import { textMsg, WsTestClient } from '../../helpers/ws-client';

// A cluster is several processes on one PostgreSQL and one Redis; the embedded database belongs to one process.
const clustered = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

clustered('two gateway processes on one PostgreSQL and Redis', () => {
  let storage: ProcessStorage;
  let node1: ServerProcess;
  let node2: ServerProcess;
  let admin: string;
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    storage = await processStorage();
    // node 2 is a gateway-only node (ROLE=gateway): REST calls go to node 1, pushes reach node 2 through Redis
    [node1, node2] = await Promise.all([spawnServer(storage.env), spawnServer({ ...storage.env, ROLE: 'gateway' })]);
    const r = await httpPost(node1.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' });
    admin = (r.data as { token: string }).token;
  }, 60_000);
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    for (const n of [node1, node2]) n?.child.kill('SIGTERM');
    await Promise.all([node1?.exited, node2?.exited]);
    await storage?.cleanup();
  });

  async function user(): Promise<string> {
    const userID = uniqueID('c');
    const r = await httpPost(node1.base, '/user/user_register', { users: [{ userID, nickname: userID }] }, admin);
    expect(r.errCode).toBe(0);
    return userID;
  }

  async function connect(node: ServerProcess, userID: string, platformID: number, sdkType: 'js' | '' = '') {
    const r = await httpPost(node1.base, '/auth/get_user_token', { userID, platformID }, admin);
    const token = (r.data as { token: string }).token;
    const c = await WsTestClient.connect(node.ws, { userID, token, platformID, sdkType, gzip: sdkType === '' });
    clients.push(c);
    return c;
  }

  it('delivers messages between users connected to different nodes, and to the sender’s devices on both', async () => {
    const [a, b] = [await user(), await user()];
    const alice = await connect(node1, a, 1);
    const aliceWeb = await connect(node2, a, 5, 'js');
    const bob = await connect(node2, b, 2, 'js');
    // what crosses Redis: a message goes to the channel of the node its recipients are on, never to every node
    const spy = new Redis(process.env.REDIS_URL!);
    const channels: string[] = [];
    spy.on('pmessage', (_p: string, ch: string) => channels.push(ch));
    await spy.psubscribe(`${storage.env.REDIS_PREFIX}*`);

    expect((await alice.sendMsg(textMsg(a, b, 'from node 1'), 'op-cross')).errCode).toBe(0);
    await bob.until(() => bob.pushedMessages().length === 1, 'push on node 2');
    await aliceWeb.until(() => aliceWeb.pushedMessages().length === 1, 'echo on node 2');
    spy.disconnect();
    expect(channels.filter((c) => !c.includes(':node:'))).toEqual([]);
    expect(new Set(channels).size).toBe(1);
    expect(bob.pushedMessages()[0]).toMatchObject({ operationID: 'op-cross', msg: { seq: 1 } });

    expect((await bob.sendMsg(textMsg(b, a, 'from node 2'))).errCode).toBe(0);
    await alice.until(() => alice.pushedMessages().length === 2, 'push back on node 1');
    expect(alice.pushedMessages().map((p) => p.msg.seq)).toEqual([1, 2]);
  });

  it('a large group’s message goes to every live node once, with the member list, and reaches members on both', async () => {
    const owner = await user();
    const members = Array.from({ length: BROADCAST_MIN_RECIPIENTS }, () => uniqueID('g'));
    const reg = await httpPost(
      node1.base,
      '/user/user_register',
      { users: members.map((userID) => ({ userID, nickname: userID })) },
      admin,
    );
    expect(reg.errCode).toBe(0);
    const created = await httpPost(
      node1.base,
      '/group/create_group',
      { ownerUserID: owner, memberUserIDs: members, groupInfo: { groupName: 'big', groupType: 2 } },
      admin,
    );
    expect(created.errCode).toBe(0);
    const groupID = (created.data as { groupInfo: { groupID: string } }).groupInfo.groupID;
    const sender = await connect(node1, owner, 1);
    const near = await connect(node1, members[0], 2, 'js');
    const far = await connect(node2, members[1], 2, 'js');
    const spy = new Redis(process.env.REDIS_URL!);
    const published: string[] = [];
    spy.on('pmessage', (_p: string, ch: string, body: string) => ch.includes(':node:') && published.push(body));
    await spy.psubscribe(`${storage.env.REDIS_PREFIX}*`);

    const msg = textMsg(owner, '', 'to everyone', { groupID, sessionType: 3 });
    expect((await sender.sendMsg(msg)).errCode).toBe(0);
    const got = (c: WsTestClient) => c.pushedMessages().some((p) => p.msg.clientMsgID === msg.clientMsgID);
    await near.until(() => got(near), 'push on the sending node');
    await far.until(() => got(far), 'push on the other node');
    spy.disconnect();
    // one publish to node 2 carrying the members, not a lookup per member; node 1 wrote its own from memory
    const pushes = published.map((b) => JSON.parse(b) as { t: string; users?: string[]; clientMsgID?: string });
    const ours = pushes.filter((p) => p.t === 'push' && p.clientMsgID === msg.clientMsgID);
    expect(ours).toHaveLength(1);
    expect(ours[0].users).toEqual(expect.arrayContaining([members[0], members[1], owner]));
  });

  it('a gateway-only node serves no REST API', async () => {
    await expect(
      httpPost(node2.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a message sent through the REST API of one node reaches a user connected to the other', async () => {
    const [a, b] = [await user(), await user()];
    const bob = await connect(node2, b, 2);
    const r = await httpPost(
      node1.base,
      '/msg/send_msg',
      { sendID: a, recvID: b, senderPlatformID: 1, content: { content: 'via REST' }, contentType: 101, sessionType: 1 },
      admin,
    );
    expect(r.errCode).toBe(0);
    await bob.until(() => bob.pushedMessages().length === 1, 'push of a REST send');
  });

  it('status subscriptions see platforms coming and going on the other node', async () => {
    const [w, target] = [await user(), await user()];
    const watcher = await connect(node1, w, 5, 'js');
    const sub = await watcher.request(
      2005,
      PbCoder.SubUserOnlineStatus.encode({ subscribeUserID: [target], unsubscribeUserID: [] }).finish(),
    );
    expect(PbCoder.SubUserOnlineStatusTips.decode(sub.data).subscribers[0].onlinePlatformIDs).toEqual([]);
    const phone = await connect(node2, target, 2);
    const statuses = () =>
      watcher.pushes
        .filter((p) => p.reqIdentifier === 2005)
        .map((p) => PbCoder.SubUserOnlineStatusTips.decode(p.data).subscribers[0].onlinePlatformIDs);
    await watcher.until(() => statuses().length === 1, 'online on node 2');
    phone.close();
    await watcher.until(() => statuses().length === 2, 'offline on node 2');
    expect(statuses()).toEqual([[2], []]);
  });

  it('a login on one node kicks the older connection of the platform on the other', async () => {
    const u = await user();
    const old = await connect(node2, u, 3);
    await connect(node1, u, 3);
    await old.until(() => old.pushes.some((p) => p.reqIdentifier === 2002), 'kick across nodes');
    await old.closed();
  });
});
