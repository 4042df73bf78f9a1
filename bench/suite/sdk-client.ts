/*
 * One WebSocket client as the JS SDK connects: JSON frames, and permessage-deflate offered as the SDK's `ws` (and
 * every browser) offers it. Bytes are counted on the TCP socket, so they are what crossed the wire.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { clientFrameCodecFor, FrameDecodeError, wsReq } from '../../src/gateway/codec';
import type { LoadUser } from '../ws-shared';

export interface SdkClient {
  request(reqIdentifier: number, data: Uint8Array): Promise<Uint8Array>;
  /** bytes read from and written to the socket since the handshake */
  bytes(): { in: number; out: number };
  close(): void;
}

export async function connectSdk(url: string, user: LoadUser): Promise<SdkClient> {
  const codec = clientFrameCodecFor('js', undefined);
  const q = new URLSearchParams({
    sendID: user.userID,
    token: user.token,
    platformID: '5',
    operationID: `sync-${randomBytes(4).toString('hex')}`,
    isBackground: 'false',
    isMsgResp: 'true',
    sdkType: 'js',
  });
  const ws = new WebSocket(`${url}?${q.toString()}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('message', () => resolve());
  });
  const socket = (ws as unknown as { _socket: Socket })._socket;
  const start = { in: socket.bytesRead, out: socket.bytesWritten };
  const waiting = new Map<string, (r: { errCode: number; errMsg: string; data: Uint8Array }) => void>();
  ws.on('message', (frame: Buffer, binary: boolean) => {
    if (!binary) return;
    const r = codec.decodeResponse(frame);
    if (r instanceof FrameDecodeError) throw r;
    waiting.get(r.msgIncr)?.(r);
    waiting.delete(r.msgIncr);
  });
  return {
    bytes: () => ({ in: socket.bytesRead - start.in, out: socket.bytesWritten - start.out }),
    request: (reqIdentifier, data) =>
      new Promise((resolve, reject) => {
        const msgIncr = randomBytes(6).toString('hex');
        waiting.set(msgIncr, (r) =>
          r.errCode ? reject(new Error(`${reqIdentifier}: ${r.errCode} ${r.errMsg}`)) : resolve(r.data),
        );
        const frame = codec.encodeRequest(
          wsReq({ reqIdentifier, sendID: user.userID, operationID: msgIncr, msgIncr, data }),
        );
        ws.send(frame);
      }),
    close: () => ws.close(),
  };
}
