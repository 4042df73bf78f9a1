/*
 * The baseline of bench/ws.ts: a bare `ws` relay that speaks just enough of the gateway protocol for the same load
 * process — the frame codec, 1003 answered with an ack, the message pushed (2001) to its receiver and echoed to its
 * sender — with no token check, validation, persistence, seqs from a database or routing. What the real gateway
 * costs on top of this is the price of everything a message server does besides moving bytes.
 *
 * Usage: node -r @swc-node/register bench/ws-relay.ts <port>   (listens on 127.0.0.1 only)
 */
import { randomBytes } from 'node:crypto';
import { PbCoder } from '@openim/protocol';
import { WebSocket, WebSocketServer } from 'ws';
import { frameCodecFor, FrameDecodeError, wsResp, type FrameCodec } from '../src/gateway/codec';

interface Peer {
  ws: WebSocket;
  userID: string;
  codec: FrameCodec;
}

const port = Number(process.argv[2]);
const byUser = new Map<string, Peer>();
const seqs = new Map<string, number>();
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });

wss.on('connection', (ws, req) => {
  const q = new URL(req.url ?? '/', 'http://relay').searchParams;
  const peer: Peer = {
    ws,
    userID: q.get('sendID') ?? '',
    codec: frameCodecFor(q.get('sdkType') ?? '', q.get('compression') ?? ''),
  };
  byUser.set(peer.userID, peer);
  if (q.get('isMsgResp') === 'true') ws.send('{"errCode":0,"errMsg":"","errDlt":""}');
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return void ws.send('{"type":"pong","body":null}');
    relay(peer, data);
  });
  ws.on('close', () => byUser.get(peer.userID) === peer && byUser.delete(peer.userID));
});
wss.on('listening', () => process.send?.('listening'));

function relay(from: Peer, data: Buffer): void {
  const req = from.codec.decodeRequest(data);
  if (req instanceof FrameDecodeError || req.reqIdentifier !== 1003) return;
  const msg = PbCoder.MsgData.decode(req.data);
  const conversationID = `si_${[msg.sendID, msg.recvID].sort().join('_')}`;
  const seq = (seqs.get(conversationID) ?? 0) + 1;
  seqs.set(conversationID, seq);
  const stored = { ...msg, serverMsgID: randomBytes(16).toString('hex'), seq, sendTime: Date.now() };
  const ack = PbCoder.UserSendMsgResp.encode({
    serverMsgID: stored.serverMsgID,
    clientMsgID: msg.clientMsgID,
    sendTime: stored.sendTime,
  }).finish();
  const { msgIncr, operationID } = req;
  from.ws.send(from.codec.encodeResponse(wsResp({ reqIdentifier: 1003, msgIncr, operationID, data: ack })));
  const pb = PbCoder.PushMessages.encode({
    msgs: { [conversationID]: { Msgs: [stored], isEnd: false } },
    notificationMsgs: {},
  }).finish();
  for (const userID of [msg.recvID, msg.sendID]) {
    const to = byUser.get(userID);
    to?.ws.send(to.codec.encodeResponse(wsResp({ reqIdentifier: 2001, operationID, data: pb })));
  }
}

// bench/ws.ts asks for a full collection before it reads RSS (this process runs with --expose-gc)
process.on('message', (m) => {
  if (m !== 'gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.('gc done');
});
// started by bench/ws.ts: leave with it
process.on('disconnect', () => process.exit(0));
