import { randomUUID } from 'node:crypto';
import { wasmSuite } from './wasm/browser';
import { received, si, type Msg } from './wasm/im';
import type { WasmUser } from './wasm/user';
import { WasmWorld } from './wasm/world';

jest.setTimeout(120_000);

// a 1x1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const BYTES = Buffer.from('some file bytes, not empty').toString('base64');
const pic = (url: string, size = 68) => ({ uuid: randomUUID(), type: 'image/png', size, width: 1, height: 1, url });

/**
 * Every message type the Web SDK creates, sent from one user's app and received in the other's with its content:
 * by URL without upload (sendMessageNotOss), and from files with the upload through /object (sendMessage).
 */
wasmSuite('message-types')('Web SDK: message types', () => {
  const world = new WasmWorld();
  let a: string, b: string;
  let alice: WasmUser, bob: WasmUser;

  beforeAll(async () => {
    await world.start();
    [a, b] = await world.register('alice', 'bob');
    await world.befriend(a, b);
    [alice, bob] = await Promise.all([world.login(a), world.login(b)]);
  });
  afterAll(() => world.stop());

  /** Sends `message` to bob (with or without the upload step) and returns it as bob's app received it. */
  async function deliver(message: Msg, upload = false): Promise<Msg> {
    const since = bob.mark();
    const sent = await alice.call<Msg>(upload ? 'sendMessage' : 'sendMessageNotOss', {
      recvID: b,
      groupID: '',
      message,
    });
    expect(sent.status).toBe(2);
    return received(bob, (m) => m.clientMsgID === message.clientMsgID, since);
  }

  const byURL: [string, string, unknown, number, (m: Msg) => void][] = [
    ['text', 'createTextMessage', 'plain', 101, (m) => expect(m.textElem).toEqual({ content: 'plain' })],
    [
      'advanced text',
      'createAdvancedTextMessage',
      { text: 'bold words', messageEntityList: [{ type: 'bold', offset: 0, length: 4 }] },
      117,
      (m) => expect(m.advancedTextElem).toMatchObject({ text: 'bold words' }),
    ],
    [
      'picture',
      'createImageMessageByURL',
      {
        sourcePicture: pic('http://x/s.png'),
        bigPicture: pic('http://x/b.png'),
        snapshotPicture: pic('http://x/t.png'),
        sourcePath: '',
      },
      102,
      (m) =>
        expect(m.pictureElem).toMatchObject({
          sourcePicture: { url: 'http://x/s.png' },
          snapshotPicture: { url: 'http://x/t.png' },
        }),
    ],
    [
      'sound',
      'createSoundMessageByURL',
      {
        uuid: randomUUID(),
        soundPath: '',
        sourceUrl: 'http://x/a.mp3',
        dataSize: 10,
        duration: 3,
        soundType: 'audio/mpeg',
      },
      103,
      (m) => expect(m.soundElem).toMatchObject({ sourceUrl: 'http://x/a.mp3', duration: 3 }),
    ],
    [
      'video',
      'createVideoMessageByURL',
      {
        videoPath: '',
        duration: 5,
        videoType: 'video/mp4',
        snapshotPath: '',
        videoUUID: randomUUID(),
        videoUrl: 'http://x/v.mp4',
        videoSize: 100,
        snapshotUUID: randomUUID(),
        snapshotSize: 68,
        snapshotUrl: 'http://x/v.png',
        snapshotWidth: 1,
        snapshotHeight: 1,
        snapShotType: 'image/png',
      },
      104,
      (m) =>
        expect(m.videoElem).toMatchObject({ videoUrl: 'http://x/v.mp4', snapshotUrl: 'http://x/v.png', duration: 5 }),
    ],
    [
      'file',
      'createFileMessageByURL',
      {
        filePath: '',
        fileName: 'doc.txt',
        uuid: randomUUID(),
        sourceUrl: 'http://x/doc.txt',
        fileSize: 26,
        fileType: 'text/plain',
      },
      105,
      (m) => expect(m.fileElem).toMatchObject({ fileName: 'doc.txt', sourceUrl: 'http://x/doc.txt', fileSize: 26 }),
    ],
    [
      'location',
      'createLocationMessage',
      { description: 'here', longitude: 13.4, latitude: 52.5 },
      109,
      (m) => expect(m.locationElem).toEqual({ description: 'here', longitude: 13.4, latitude: 52.5 }),
    ],
    [
      'custom',
      'createCustomMessage',
      { data: '{"k":1}', extension: 'ext', description: 'desc' },
      110,
      (m) => expect(m.customElem).toEqual({ data: '{"k":1}', extension: 'ext', description: 'desc' }),
    ],
    [
      'card',
      'createCardMessage',
      { userID: 'someone', nickname: 'Some One', faceURL: 'http://x/f.png', ex: '' },
      108,
      (m) => expect(m.cardElem).toMatchObject({ userID: 'someone', nickname: 'Some One' }),
    ],
    [
      'face',
      'createFaceMessage',
      { index: 3, data: '{"emoji":"smile"}' },
      115,
      (m) => expect(m.faceElem).toEqual({ index: 3, data: '{"emoji":"smile"}' }),
    ],
  ];

  it.each(byURL)('%s (%s) arrives with its content', async (_name, create, params, contentType, check) => {
    const message = await alice.call<Msg>(create, params);
    const got = await deliver(message);
    expect(got).toMatchObject({ sendID: a, recvID: b, contentType, sessionType: 1 });
    check(got);
  });

  it('quote, advanced quote, merger and forward carry the messages they refer to', async () => {
    const original = await deliver(await alice.call<Msg>('createTextMessage', 'the original'));
    const quote = await deliver(
      await alice.call<Msg>('createQuoteMessage', { text: 'about that', message: JSON.stringify(original) }),
    );
    expect(quote).toMatchObject({
      contentType: 114,
      quoteElem: { text: 'about that', quoteMessage: { clientMsgID: original.clientMsgID } },
    });
    const advanced = await deliver(
      await alice.call<Msg>('createAdvancedQuoteMessage', { text: 'again', message: original, messageEntityList: [] }),
    );
    expect(advanced).toMatchObject({
      contentType: 114,
      quoteElem: { text: 'again', quoteMessage: { clientMsgID: original.clientMsgID } },
    });
    const merged = await alice.call<Msg>('createMergerMessage', {
      messageList: [original, quote],
      title: 'chat history',
      summaryList: ['a: the original', 'a: about that'],
    });
    const gotMerged = await deliver(merged);
    expect(gotMerged).toMatchObject({ contentType: 107, mergeElem: { title: 'chat history' } });
    expect((gotMerged.mergeElem as { multiMessage: Msg[] }).multiMessage.map((m) => m.clientMsgID)).toEqual([
      original.clientMsgID,
      quote.clientMsgID,
    ]);
    const forwarded = await deliver(await alice.call<Msg>('createForwardMessage', original));
    expect(forwarded).toMatchObject({ contentType: 101, textElem: { content: 'the original' } });
    expect(forwarded.clientMsgID).not.toBe(original.clientMsgID);
  });

  it('uploadFile stores a file through /object; the URL downloads the same bytes cross-origin', async () => {
    const { url } = await alice.callWithFiles<{ url: string }>(
      'uploadFile',
      { name: 'notes.txt', contentType: 'text/plain', uuid: randomUUID() },
      { file: { name: 'notes.txt', type: 'text/plain', base64: BYTES } },
    );
    expect(url).toMatch(/^http/);
    expect(await bob.download(url)).toEqual({ status: 200, base64: BYTES });
  });

  it('a picture from a file is uploaded on send and its URL downloads the picture', async () => {
    const info = pic('', 68);
    const message = await alice.callWithFiles<Msg>(
      'createImageMessageByFile',
      { sourcePicture: info, bigPicture: info, snapshotPicture: info, sourcePath: 'dot.png' },
      { file: { name: 'dot.png', type: 'image/png', base64: PNG } },
    );
    const got = await deliver(message, true);
    const url = (got.pictureElem as { sourcePicture: { url: string } }).sourcePicture.url;
    expect(await bob.download(url)).toEqual({ status: 200, base64: PNG });
  });

  it('sound, video and file messages from files are uploaded on send and download', async () => {
    const sound = await alice.callWithFiles<Msg>(
      'createSoundMessageByFile',
      { uuid: randomUUID(), soundPath: '', sourceUrl: '', dataSize: 26, duration: 2, soundType: 'audio/mpeg' },
      { file: { name: 'v.mp3', type: 'audio/mpeg', base64: BYTES } },
    );
    const gotSound = await deliver(sound, true);
    expect(await bob.download((gotSound.soundElem as { sourceUrl: string }).sourceUrl)).toEqual({
      status: 200,
      base64: BYTES,
    });

    const video = await alice.callWithFiles<Msg>(
      'createVideoMessageByFile',
      {
        videoPath: '',
        duration: 1,
        videoType: 'video/mp4',
        snapshotPath: '',
        videoUUID: randomUUID(),
        videoUrl: '',
        videoSize: 26,
        snapshotUUID: randomUUID(),
        snapshotSize: 68,
        snapshotUrl: '',
        snapshotWidth: 1,
        snapshotHeight: 1,
        snapShotType: 'image/png',
      },
      {
        videoFile: { name: 'v.mp4', type: 'video/mp4', base64: BYTES },
        snapshotFile: { name: 'v.png', type: 'image/png', base64: PNG },
      },
    );
    const gotVideo = await deliver(video, true);
    const v = gotVideo.videoElem as { videoUrl: string; snapshotUrl: string };
    expect(await bob.download(v.videoUrl)).toEqual({ status: 200, base64: BYTES });
    expect(await bob.download(v.snapshotUrl)).toEqual({ status: 200, base64: PNG });

    const file = await alice.callWithFiles<Msg>(
      'createFileMessageByFile',
      { filePath: '', fileName: 'f.txt', uuid: randomUUID(), sourceUrl: '', fileSize: 26, fileType: 'text/plain' },
      { file: { name: 'f.txt', type: 'text/plain', base64: BYTES } },
    );
    const gotFile = await deliver(file, true);
    expect(gotFile.fileElem).toMatchObject({ fileName: 'f.txt' });
    expect(await bob.download((gotFile.fileElem as { sourceUrl: string }).sourceUrl)).toEqual({
      status: 200,
      base64: BYTES,
    });
  });

  it('the conversation shows the last message and its unread count', async () => {
    const conv = (await bob.call<{ conversationID: string; unreadCount: number }[]>('getAllConversationList')).find(
      (c) => c.conversationID === si(a, b),
    );
    expect(conv?.unreadCount).toBeGreaterThan(byURL.length);
  });
});
