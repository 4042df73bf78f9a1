import type { Socket } from 'node:net';
import { PbCoder } from '@openim/protocol';
import WebSocket from 'ws';
import { ConnectionRegistry } from '../../../src/gateway/connection-registry';
import { registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { gatewayUrl, handshakeQuery, textMsg, WsTestClient } from '../../helpers/ws-client';

/** Counts what crosses the TCP socket and the size of each frame `ws` hands over after inflating it. */
function wireMeter(c: WsTestClient) {
  const socket = (c.ws as unknown as { _socket: Socket })._socket;
  const frames: number[] = [];
  c.ws.on('message', (data: Buffer) => frames.push(data.length));
  return {
    /** bytes read from the socket and the frame lengths received while `f` ran */
    async during<T>(f: () => Promise<T>): Promise<{ result: T; wire: number; frame: number }> {
      const before = socket.bytesRead;
      frames.length = 0;
      const result = await f();
      return { result, wire: socket.bytesRead - before, frame: frames.reduce((s, n) => s + n, 0) };
    },
  };
}

describe('gateway: permessage-deflate for large frames', () => {
  let t: TestApp;
  const clients: WsTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await t.close();
  });

  async function connect(userID: string, opts: { gzip?: boolean } = {}) {
    const token = await userToken(t, userID, 5);
    const c = await WsTestClient.connect(t, { userID, token, platformID: 5, sdkType: 'js', isMsgResp: true, ...opts });
    clients.push(c);
    return c;
  }

  it('deflates a large pull for a client that offers it (as ws and browsers do), and leaves small replies alone', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await connect(a.userID);
    expect(alice.ws.extensions).toContain('permessage-deflate');
    const sent = [];
    for (let i = 0; i < 40; i++) {
      const m = textMsg(a.userID, b.userID, `message ${i} of a conversation long enough to need a big pull reply`);
      expect((await alice.sendMsg(m)).errCode).toBe(0);
      sent.push(m.clientMsgID);
    }
    const conversationID = `si_${[a.userID, b.userID].sort().join('_')}`;
    const meter = wireMeter(alice);

    const pull = await meter.during(() =>
      alice.request(
        1002,
        PbCoder.PullMessageBySeqsReq.encode({
          userID: a.userID,
          seqRanges: [{ conversationID, begin: 1, end: 40, num: 40 }],
          order: 0,
        }).finish(),
      ),
    );
    expect(pull.result.errCode).toBe(0);
    const msgs = PbCoder.PullMessageBySeqsResp.decode(pull.result.data).msgs[conversationID].Msgs;
    expect(msgs.map((m) => m.clientMsgID)).toEqual(sent);
    expect(pull.frame).toBeGreaterThan(4096);
    expect(pull.wire).toBeLessThan(pull.frame / 2);

    // the server's zlib contexts are freed between messages (ws would keep ~110 KiB per direction for the
    // connection's life); read through ws's private fields, as the gateway's releaseZlib reaches them
    const [server] = t.app.get(ConnectionRegistry).of(a.userID);
    const pmd = (server.socket as unknown as { _extensions: Record<string, { _deflate: unknown; _inflate: unknown }> })
      ._extensions['permessage-deflate'];
    expect(pmd._deflate).toBeNull();

    // a large request goes out deflated by the client (ws compresses from 1 KiB) and is read whole by the server
    const long = textMsg(a.userID, b.userID, 'x'.repeat(3000));
    expect((await alice.sendMsg(long)).errCode).toBe(0);
    expect(pmd._inflate).toBeNull();
    const again = await alice.request(
      1002,
      PbCoder.PullMessageBySeqsReq.encode({
        userID: a.userID,
        seqRanges: [{ conversationID, begin: 41, end: 41, num: 1 }],
        order: 0,
      }).finish(),
    );
    const [stored] = PbCoder.PullMessageBySeqsResp.decode(again.data).msgs[conversationID].Msgs;
    expect(JSON.parse(Buffer.from(stored.content).toString())).toEqual({ content: 'x'.repeat(3000) });

    const userID = Buffer.from(a.userID);
    const small = await meter.during(() =>
      alice.request(1001, Buffer.concat([Buffer.from([0x0a, userID.length]), userID])),
    );
    expect(small.result.errCode).toBe(0);
    expect(small.frame).toBeLessThan(4096);
    expect(small.wire).toBeGreaterThanOrEqual(small.frame);
  });

  it('does not deflate for a connection that gzips its frames itself (compression=gzip)', async () => {
    const [a] = await registerUsers(t, 1);
    const c = await connect(a.userID, { gzip: true });
    expect(c.ws.extensions).toBe('');
  });

  it('answers an offer it cannot honour (a server window under its own) without the extension instead of refusing', async () => {
    const [a] = await registerUsers(t, 1);
    const token = await userToken(t, a.userID, 5);
    const query = handshakeQuery({ userID: a.userID, token, platformID: 5, sdkType: 'js' });
    const ws = new WebSocket(`${gatewayUrl(t)}?${query}`, { perMessageDeflate: { serverMaxWindowBits: 9 } });
    try {
      await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
      expect(ws.extensions).toBe('');
    } finally {
      ws.terminate();
    }
  });
});

describe('gateway: WS_DEFLATE_MIN_BYTES=0', () => {
  it('never negotiates deflate', async () => {
    const t = await startTestApp({ env: { WS_DEFLATE_MIN_BYTES: '0' } });
    try {
      const [a] = await registerUsers(t, 1);
      const token = await userToken(t, a.userID, 5);
      const c = await WsTestClient.connect(t, { userID: a.userID, token, platformID: 5, sdkType: 'js' });
      expect(c.ws.extensions).toBe('');
      c.close();
    } finally {
      await t.close();
    }
  });
});
