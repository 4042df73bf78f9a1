import { ConnectionRegistry } from '../../../src/gateway/connection-registry';
import { WsDispatcher } from '../../../src/gateway/ws-dispatcher';
import { expectOk, newestSeqs, registerUsers, sendText, si, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { handshakeAnswer, handshakeQuery, textMsg, WsTestClient } from '../../helpers/ws-client';
import { onlyConnection, serverSocketClosed, stopReading, waitFor } from '../../helpers/ws-hostile';

const GRACE_MS = 300;

/** Kicks bite at once, whether or not the kicked client reads (issue 23, point 1). */
describe('gateway kicks', () => {
  let t: TestApp;
  let registry: ConnectionRegistry;
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { WS_KICK_GRACE_MS: String(GRACE_MS) } });
    registry = t.app.get(ConnectionRegistry);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await t.close();
  });

  async function connect(userID: string, platformID: number, token?: string) {
    const c = await WsTestClient.connect(t, {
      userID,
      token: token ?? (await userToken(t, userID, platformID)),
      platformID,
      sdkType: 'js',
    });
    clients.push(c);
    return c;
  }

  it('force_logout of a client that stops reading: unregistered at once, nothing served, dropped after the grace', async () => {
    const [u, v] = await registerUsers(t, 2);
    const token = await userToken(t, u.userID, 5);
    const c = await connect(u.userID, 5, token);
    const server = onlyConnection(registry.of(u.userID));
    const closed = serverSocketClosed(server, GRACE_MS + 1_500);
    const written = jest.spyOn(server.socket, 'send');
    const arrivals: { binary: boolean; inFlight: number }[] = [];
    const dispatcher = t.app.get(WsDispatcher);
    // registered after the gateway's own listener: a dispatched request is in flight when this one runs
    server.socket.on('message', (_d, binary: boolean) => arrivals.push({ binary, inFlight: dispatcher.inFlight }));
    stopReading(c);

    expectOk((await t.post('/auth/force_logout', { userID: u.userID, platformID: 5 }, await t.adminToken())).body);
    expect(registry.of(u.userID).size).toBe(0);

    // a send, pings and a push to it after the kick: none is answered or written
    void c.sendMsg(textMsg(u.userID, v.userID, 'after the kick'));
    const pings = setInterval(() => c.sendRaw('{"type":"ping"}', false), 50);
    await sendText(t, v.userID, u.userID, 'to a kicked session');
    try {
      expect(await closed).toBeGreaterThanOrEqual(GRACE_MS - 50);
    } finally {
      clearInterval(pings);
    }
    expect(arrivals.filter((a) => a.binary)).toEqual([{ binary: true, inFlight: 0 }]);
    expect(arrivals.some((a) => !a.binary)).toBe(true);
    expect(written).toHaveBeenCalledTimes(1); // the 2002 frame only
    const seqs = await newestSeqs(t, v.userID);
    expect(seqs[si(u.userID, v.userID)]).toBe(1); // v's own message; u's send after the kick was never stored

    const again = await handshakeAnswer(t, handshakeQuery({ userID: u.userID, token, platformID: 5, sdkType: 'js' }));
    expect(again.body.errCode).toBe(1506);
  });

  it('a newer login kicks an older connection that does not read: unregistered at once, dropped after the grace', async () => {
    const [u] = await registerUsers(t, 1);
    await connect(u.userID, 2).then(stopReading);
    const old = onlyConnection(registry.of(u.userID));
    const closed = serverSocketClosed(old, GRACE_MS + 1_500);
    const newer = await connect(u.userID, 2);
    // the policy runs right after the handshake: the old connection is gone once the new one is the only one
    await waitFor(() => registry.of(u.userID).size === 1, 'the older connection unregistered', 1_000);
    expect(onlyConnection(registry.of(u.userID))).not.toBe(old);
    expect(old.closed).toBe(true);
    await closed;
    expect(newer.closeCode).toBeUndefined();
  });

  it('a client that reads gets the 2002 frame, then the close', async () => {
    const [u] = await registerUsers(t, 1);
    const c = await connect(u.userID, 5);
    expectOk((await t.post('/auth/force_logout', { userID: u.userID, platformID: 5 }, await t.adminToken())).body);
    await c.until(() => c.pushes.some((p) => p.reqIdentifier === 2002), 'kick frame');
    expect(await c.closed()).toBe(1008);
  });
});
