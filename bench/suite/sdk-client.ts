/* One WebSocket client as the JS SDK connects (JSON frames), counting the bytes it sends and receives. */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { clientFrameCodecFor, FrameDecodeError, wsReq } from '../../src/gateway/codec';
import type { LoadUser } from '../ws-shared';

export interface SdkClient {
  request(reqIdentifier: number, data: Uint8Array): Promise<Uint8Array>;
  bytes: { in: number; out: number };
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
  const ws = new WebSocket(`${url}?${q.toString()}`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('message', () => resolve());
  });
  const bytes = { in: 0, out: 0 };
  const waiting = new Map<string, (r: { errCode: number; errMsg: string; data: Uint8Array }) => void>();
  ws.on('message', (frame: Buffer, binary: boolean) => {
    bytes.in += frame.length;
    if (!binary) return;
    const r = codec.decodeResponse(frame);
    if (r instanceof FrameDecodeError) throw r;
    waiting.get(r.msgIncr)?.(r);
    waiting.delete(r.msgIncr);
  });
  return {
    bytes,
    request: (reqIdentifier, data) =>
      new Promise((resolve, reject) => {
        const msgIncr = randomBytes(6).toString('hex');
        waiting.set(msgIncr, (r) =>
          r.errCode ? reject(new Error(`${reqIdentifier}: ${r.errCode} ${r.errMsg}`)) : resolve(r.data),
        );
        const frame = codec.encodeRequest(
          wsReq({ reqIdentifier, sendID: user.userID, operationID: msgIncr, msgIncr, data }),
        );
        bytes.out += frame.length;
        ws.send(frame);
      }),
    close: () => ws.close(),
  };
}
