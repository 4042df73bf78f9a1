/*
 * Sync after offline: a user with C conversations (1,000) × M new messages each (20) logs in and makes the SDK's
 * calls: newest seqs (1001 over the gateway), a pull of every new message (1002, 100 conversations per request
 * as the SDK splits them) and the JS SDK's /jssdk/get_conversations for all of them. Server time is the wall
 * time of those calls made one after another on loopback; wire bytes are what crossed the sockets both ways
 * (frames deflated where the client offers it, as the JS SDK and browsers do; the HTTP answer gzipped).
 * The messages are written by batch_send_msg with the user as sender (its other device sent them): one request
 * per round instead of C × M.
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { PbCoder } from '@openim/protocol';
import { gatewayUsers } from '../gateway-users';
import { atMost, row, type Row } from '../result';
import { connectSdk } from '../sdk-client';
import { call, sizeFromEnv, startTarget } from '../target';

const NAME = 'sync-offline';
const RANGES_PER_PULL = 100;

/** A POST as a browser or the Go SDK makes it (gzip accepted), with the answer's size as it crossed the wire. */
function postGzip(url: string, body: string, token: string): Promise<{ text: string; wire: number }> {
  const headers = { 'content-type': 'application/json', 'accept-encoding': 'gzip', token, operationID: 'sync-bench' };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        resolve({ text, wire: raw.length });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function syncOffline(): Promise<Row[]> {
  const conversations = sizeFromEnv('BENCH_SYNC_CONVERSATIONS', 1000);
  const perConversation = sizeFromEnv('BENCH_SYNC_MESSAGES', 20);
  const t = await startTarget();
  try {
    const [me, ...peers] = await gatewayUsers(t, 'so', conversations + 1);
    const recvIDs = peers.map((p) => p.userID);
    const f0 = performance.now();
    for (let k = 0; k < perConversation; k++) {
      const content = { content: `offline message ${k} of the sync bench, a sentence of ordinary length` };
      const r = await call<{ failedUserIDs: string[] }>(
        t.base,
        '/msg/batch_send_msg',
        { sendID: me.userID, recvIDs, contentType: 101, sessionType: 1, content },
        t.admin,
      );
      if (r.failedUserIDs.length) throw new Error(`batch_send_msg failed for ${r.failedUserIDs.length} users`);
    }
    console.log(
      `sync-offline: ${conversations * perConversation} messages written in ${((performance.now() - f0) / 1000).toFixed(1)} s`,
    );
    const sdk = await connectSdk(t.ws, me);
    let httpBytes = 0;
    let pulled = 0;
    const t0 = performance.now();
    try {
      const userID = Buffer.from(me.userID, 'utf8');
      const max = PbCoder.GetMaxSeqResp.decode(
        await sdk.request(1001, Buffer.concat([Buffer.from([0x0a, userID.length]), userID])),
      ).maxSeqs;
      const ranges = Object.entries(max)
        .filter(([id, seq]) => id.startsWith('si_') && Number(seq) > 0)
        .map(([conversationID, seq]) => ({ conversationID, begin: 1, end: Number(seq), num: Number(seq) }));
      for (let i = 0; i < ranges.length; i += RANGES_PER_PULL) {
        const req = { userID: me.userID, seqRanges: ranges.slice(i, i + RANGES_PER_PULL), order: 0 };
        const r = PbCoder.PullMessageBySeqsResp.decode(
          await sdk.request(1002, PbCoder.PullMessageBySeqsReq.encode(req).finish()),
        );
        pulled += Object.values(r.msgs).reduce((s, p) => s + p.Msgs.length, 0);
      }
      const body = JSON.stringify({ conversationIDs: ranges.map((r) => r.conversationID) });
      const answer = await postGzip(`${t.base}/jssdk/get_conversations`, body, me.token);
      const parsed = JSON.parse(answer.text) as { errCode: number; data: { conversations: unknown[] } };
      if (parsed.errCode || parsed.data.conversations.length !== ranges.length) {
        throw new Error(
          `get_conversations: errCode ${parsed.errCode}, ${parsed.data?.conversations?.length} conversations`,
        );
      }
      httpBytes = body.length + answer.wire;
    } finally {
      sdk.close();
    }
    const ms = performance.now() - t0;
    const expected = conversations * perConversation;
    if (pulled !== expected) throw new Error(`sync-offline: pulled ${pulled} of ${expected} messages`);
    const ws = sdk.bytes();
    const wire = (ws.in + ws.out + httpBytes) / 2 ** 20;
    return [
      row(NAME, `login sync, ${conversations} convs × ${perConversation} msgs`, ms, 'ms', 'latency', {
        ...atMost(1000),
      }),
      row(NAME, 'wire bytes of the sync', wire, 'MiB', 'other', { ...atMost(2) }),
      row(NAME, 'messages pulled', pulled, 'msgs', 'other', { goal: `= ${expected}`, met: pulled === expected }),
    ];
  } finally {
    await t.stop();
  }
}
