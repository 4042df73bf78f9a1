import { PbCoder } from '@openim/protocol';
import { registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { readFields } from '../../../src/gateway/proto-wire';
import { textMsg, WsTestClient, type WsClientOptions } from '../../helpers/ws-client';

/** One conversation of a pull answer read field by field (the JS codecs do not know PullMsgs.endSeq = 3). */
function pullEntry(resp: Uint8Array, conversationID: string): { seqs: number[]; isEnd: boolean; endSeq: number } {
  const out = { seqs: [] as number[], isEnd: false, endSeq: 0 };
  readFields(resp, (_map, entry) => {
    let key = '';
    let value: Uint8Array | undefined;
    readFields(entry as Uint8Array, (f, v) => {
      if (f === 1) key = Buffer.from(v as Uint8Array).toString();
      if (f === 2) value = v as Uint8Array;
    });
    if (key !== conversationID || !value) return;
    readFields(value, (f, v) => {
      if (f === 1) out.seqs.push(PbCoder.MsgData.decode(v as Uint8Array).seq);
      if (f === 2) out.isEnd = v === 1;
      if (f === 3) out.endSeq = v as number;
    });
  });
  return out;
}

/** The SDKs' codecs: JSON (JS SDK), gob (Go SDK without compression), gob+gzip (Go SDK default), JSON+gzip. */
const CODECS: { name: string; opts: Partial<WsClientOptions> }[] = [
  { name: 'json', opts: { sdkType: 'js', isMsgResp: true } },
  { name: 'gob', opts: {} },
  { name: 'gob+gzip', opts: { gzip: true } },
  { name: 'json+gzip', opts: { sdkType: 'js', gzip: true } },
];

describe('gateway: send, push, pull over a real WebSocket', () => {
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

  async function connect(userID: string, platformID: number, opts: Partial<WsClientOptions>) {
    const token = await userToken(t, userID, platformID);
    const c = await WsTestClient.connect(t, { userID, token, platformID, ...opts });
    clients.push(c);
    return c;
  }

  describe.each(CODECS)('$name', ({ opts }) => {
    it('acks a send after commit, pushes it to the receiver and to the sender only after the ack', async () => {
      const [a, b] = await registerUsers(t, 2);
      const alice = await connect(a.userID, 1, opts);
      const aliceWeb = await connect(a.userID, 5, opts);
      const bob = await connect(b.userID, 2, opts);

      const msg = textMsg(a.userID, b.userID, 'hello over ws');
      const resp = await alice.sendMsg(msg, 'op-send-1');
      expect(resp).toMatchObject({ reqIdentifier: 1003, errCode: 0, operationID: 'op-send-1' });
      const ack = PbCoder.UserSendMsgResp.decode(resp.data);
      expect(ack.clientMsgID).toBe(msg.clientMsgID);
      expect(ack.serverMsgID).not.toBe('');

      await bob.until(() => bob.pushedMessages().length === 1, 'push to bob');
      const [got] = bob.pushedMessages();
      const conversationID = [a.userID, b.userID].sort().join('_');
      expect(got.conversationID).toBe(`si_${conversationID}`);
      expect(got.operationID).toBe('op-send-1');
      expect(got.msg).toMatchObject({ seq: 1, clientMsgID: msg.clientMsgID, serverMsgID: ack.serverMsgID });
      expect(JSON.parse(Buffer.from(got.msg.content).toString())).toEqual({ content: 'hello over ws' });
      // the sender's devices get the echo too (senderSync); the sending one after its reply
      await aliceWeb.until(() => aliceWeb.pushedMessages().length === 1, 'echo to the other device');
      await alice.until(() => alice.pushedMessages().length === 1, 'echo to the sending device');
      expect(alice.pushedMessages()[0].msg.seq).toBe(1);
      expect(alice.arrivals).toEqual(['reply 1003', 'push 2001']);
    });
  });

  it('pulls ranges (1002) and explicit seqs (1005), reports newest seqs (1001) and read state (1006)', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await connect(a.userID, 1, { gzip: true });
    for (let i = 1; i <= 5; i++) expect((await alice.sendMsg(textMsg(a.userID, b.userID, `m${i}`))).errCode).toBe(0);
    const bob = await connect(b.userID, 5, { sdkType: 'js', isMsgResp: true });
    const conv = `si_${[a.userID, b.userID].sort().join('_')}`;

    // GetMaxSeqReq{userID=1}: the JS codecs have no encoder for it (the JS SDK never sends 1001)
    const newest = await bob.request(
      1001,
      Buffer.concat([Buffer.from([0x0a, b.userID.length]), Buffer.from(b.userID)]),
    );
    expect(newest.errCode).toBe(0);
    expect(PbCoder.GetMaxSeqResp.decode(newest.data).maxSeqs).toMatchObject({ [conv]: 5 });

    const range = await bob.request(
      1002,
      PbCoder.PullMessageBySeqsReq.encode({
        userID: b.userID,
        seqRanges: [{ conversationID: conv, begin: 1, end: 5, num: 3 }],
        order: 0,
      }).finish(),
    );
    expect(range.errCode).toBe(0);
    const pulled = PbCoder.PullMessageBySeqsResp.decode(range.data).msgs[conv];
    expect(pulled.Msgs.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(pulled.isEnd).toBe(true);

    const seqs = await bob.request(
      1005,
      PbCoder.GetSeqMessageReq.encode({
        userID: b.userID,
        conversations: [{ conversationID: conv, seqs: [2, 1] }],
      }).finish(),
    );
    expect(seqs.errCode).toBe(0);
    const bySeq = PbCoder.GetSeqMessageResp.decode(seqs.data).msgs[conv].Msgs;
    expect(bySeq.map((m) => JSON.parse(Buffer.from(m.content).toString()) as unknown)).toEqual([
      { content: 'm2' },
      { content: 'm1' },
    ]);
    // seq 0 of a conversation with no message yet (the JS SDK's markConversationMessageAsRead): an empty entry
    const fresh = `si_${[b.userID, 'nobody_yet'].sort().join('_')}`;
    const none = await bob.request(
      1005,
      PbCoder.GetSeqMessageReq.encode({
        userID: b.userID,
        conversations: [
          { conversationID: fresh, seqs: [0] },
          { conversationID: `n_${fresh.slice(3)}`, seqs: [0] },
        ],
      }).finish(),
    );
    const empty = PbCoder.GetSeqMessageResp.decode(none.data);
    expect(empty.msgs[fresh]).toMatchObject({ Msgs: [], isEnd: false });
    expect(empty.notificationMsgs[`n_${fresh.slice(3)}`]).toMatchObject({ Msgs: [] });
    // past the newest message, ascending: isEnd with endSeq (field 3, which the JS codecs drop) at the newest seq
    const past = await bob.request(
      1005,
      PbCoder.GetSeqMessageReq.encode({
        userID: b.userID,
        conversations: [{ conversationID: conv, seqs: [5, 6] }],
      }).finish(),
    );
    expect(pullEntry(past.data, conv)).toEqual({ seqs: [5], isEnd: true, endSeq: 5 });

    const read = await bob.request(
      1006,
      PbCoder.GetConversationsHasReadAndMaxSeqReq.encode({
        userID: b.userID,
        conversationIDs: [],
      }).finish(),
    );
    expect(read.errCode).toBe(0);
    expect(PbCoder.GetConversationsHasReadAndMaxSeqResp.decode(read.data).seqs[conv]).toMatchObject({
      maxSeq: 5,
      hasReadSeq: 0,
    });
  });

  it('refuses a forged sendID in the MsgData with 1002 and keeps the connection', async () => {
    const [a, b, c] = await registerUsers(t, 3);
    const alice = await connect(a.userID, 1, {});
    const resp = await alice.sendMsg(textMsg(c.userID, b.userID, 'not mine'));
    expect(resp).toMatchObject({ errCode: 1002, errMsg: 'NoPermissionError' });
    expect((await alice.sendMsg(textMsg(a.userID, b.userID, 'mine'))).errCode).toBe(0);
  });

  it('answers bad payloads with 1001 and keeps the connection', async () => {
    const [a, b] = await registerUsers(t, 2);
    const alice = await connect(a.userID, 1, { sdkType: 'js' });
    const notJson = await alice.sendMsg({ ...textMsg(a.userID, b.userID, ''), content: Buffer.from('{oops') });
    expect(notJson.errCode).toBe(1001);
    const nul = await alice.sendMsg(textMsg(a.userID, b.userID, 'x', { ex: 'a\u0000b' }));
    expect(nul.errCode).toBe(1001);
    const garbage = await alice.request(1002, Buffer.from([0xff, 0xff, 0xff]));
    expect(garbage.errCode).toBe(1001);
    expect((await alice.sendMsg(textMsg(a.userID, b.userID, 'still here'))).errCode).toBe(0);
  });
});
