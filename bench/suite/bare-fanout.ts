/*
 * Baseline of the fan-out and reconnect scenarios: a bare `ws` server that accepts every connection (answering
 * the handshake as the gateway does for the JS SDK, with no token check) and relays each binary frame it gets,
 * byte for byte, to every other connection. Argv: port. Listens on 127.0.0.1 only.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2]);
const all = new Set<WebSocket>();
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, backlog: 1024 });

wss.on('connection', (ws) => {
  all.add(ws);
  ws.send('{"errCode":0,"errMsg":"","errDlt":""}');
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    // the JS SDK's text heartbeat, answered as the gateway does
    if (!isBinary) return void ws.send('{"type":"pong","body":null}');
    for (const other of all) if (other !== ws) other.send(data);
  });
  ws.on('close', () => all.delete(ws));
});
wss.on('listening', () => process.send?.('listening'));
// the bench asks for a full collection before it reads RSS (this process runs with --expose-gc)
process.on('message', (m) => {
  if (m !== 'gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.('gc done');
});
process.on('disconnect', () => process.exit(0));
