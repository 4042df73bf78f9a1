import { ObjectService } from '../../../src/object/object.service';
import { registerUsers, userToken } from '../../helpers/fixtures';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { bytes, download, initiate, md5, picture, post, putPart, split, uploadAll } from './object-flow';

const MiB = 1024 * 1024;

/** The local store: this server hands out signed part URLs, takes the parts, and serves the files back. */
describe('object storage on local disk', () => {
  let t: TestApp;
  let alice: string;
  let aliceToken: string;
  let bobToken: string;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    const [a, b] = await registerUsers(t, 2);
    alice = a.userID;
    aliceToken = await userToken(t, alice);
    bobToken = await userToken(t, b.userID);
  });
  afterAll(() => t.close());

  it('tells the part rules: 5 MiB parts up to 10000 of them, larger parts past that', async () => {
    expect((await post(t, '/object/part_limit', {}, aliceToken)).data).toEqual({
      minPartSize: 5 * MiB,
      maxPartSize: 5 * 1024 * MiB,
      maxNumSize: 10000,
    });
    expect((await post(t, '/object/part_size', { size: 1 }, aliceToken)).data).toEqual({ size: 5 * MiB });
    const big = 5 * MiB * 10000 + 10000;
    expect((await post(t, '/object/part_size', { size: big }, aliceToken)).data).toEqual({ size: 5 * MiB + 1 });
    expect((await post(t, '/object/part_size', { size: 0 }, aliceToken)).errCode).toBe(1001);
  });

  it('a picture uploaded in two parts downloads back byte-identical, in whole and by Range', async () => {
    const file = picture(5 * MiB + 300_000);
    const name = `${alice}/pictures/cat 1.png`;
    const url = await uploadAll(t, aliceToken, name, file);
    expect(url).toMatch(/\/object\/.+\/pictures\/cat%201\.png$/);
    const whole = await download(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(md5(await bytes(whole))).toBe(md5(file));

    const range = await download(url, { Range: 'bytes=5242870-5242889' });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 5242870-5242889/${file.length}`);
    expect(await bytes(range)).toEqual(file.subarray(5242870, 5242890));

    // access_url hands out the same bytes; nobody's names are private to read
    const access = await post(t, '/object/access_url', { name }, bobToken);
    expect(access.errCode).toBe(0);
    expect(md5(await bytes(await fetch(access.data.url as string)))).toBe(md5(file));
  });

  it('the same file under another name is stored once: the upload is skipped', async () => {
    const file = picture(1000);
    await uploadAll(t, aliceToken, `${alice}/a.png`, file);
    const { hash } = split(file, 5 * MiB);
    const again = await post(
      t,
      '/object/initiate_multipart_upload',
      { hash, size: file.length, maxParts: -1, name: `${alice}/b.png` },
      aliceToken,
    );
    expect(again.data.upload).toBeNull();
    expect(md5(await bytes(await download(again.data.url as string)))).toBe(md5(file));
  });

  it("refuses someone else's names, bad hashes and part numbers, oversize parts and wrong md5s", async () => {
    const file = picture(5 * MiB + 10);
    const { hash } = split(file, 5 * MiB);
    const init = (body: Record<string, unknown>, token = aliceToken) =>
      post(t, '/object/initiate_multipart_upload', { hash, size: file.length, maxParts: 0, ...body }, token);
    expect((await init({ name: `${alice}/x.png` }, bobToken)).errCode).toBe(1002);
    expect((await init({ name: `/${alice}/x.png` })).errCode).toBe(1001);
    expect((await init({ name: `${alice}/x.png`, hash: 'not-a-hash' })).errCode).toBe(1001);

    const up = await initiate(t, aliceToken, `${alice}/x.png`, file);
    expect(up.signed.map((s) => s.partNumber)).toEqual([1, 2]);
    const sign = (partNumbers: number[], token = aliceToken) =>
      post(t, '/object/auth_sign', { uploadID: up.uploadID, partNumbers }, token);
    expect((await sign([0])).errCode).toBe(1001);
    expect((await sign([3])).errCode).toBe(1001);
    expect((await sign([2], bobToken)).errCode).toBe(1002);
    const resigned = await sign([2]);
    expect(resigned.data.parts).toEqual([expect.objectContaining({ partNumber: 2 })]);

    // part 2 is 10 bytes: more is refused while it arrives, fewer too
    const over = await putPart(up.signed[1].url, Buffer.alloc(11));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { errCode: number }).errCode).toBe(1001);
    expect((await putPart(up.signed[1].url, Buffer.alloc(9))).status).toBe(400);
    expect((await putPart(`${up.signed[1].url}x`, up.parts[1])).status).toBe(403);

    expect((await putPart(up.signed[0].url, up.parts[0])).status).toBe(200);
    const wrongBytes = Buffer.alloc(10, 7);
    expect((await putPart(up.signed[1].url, wrongBytes)).status).toBe(200);
    const complete = (parts: string[], name = `${alice}/x.png`, token = aliceToken) =>
      post(t, '/object/complete_multipart_upload', { uploadID: up.uploadID, parts, name }, token);
    expect((await complete([up.md5s[0]])).errCode).toBe(1001);
    expect((await complete([up.md5s[0], md5(wrongBytes)])).errDlt).toContain('hash');
    expect((await complete(up.md5s, `${alice}/x.png`, bobToken)).errCode).toBe(1002);
    // the md5s add up to the hash, but part 2 on disk is not that part
    expect((await complete(up.md5s)).errDlt).toContain('part 2');

    expect((await putPart(up.signed[1].url, up.parts[1])).status).toBe(200);
    expect((await complete(up.md5s)).errCode).toBe(0);
    expect((await sign([1])).errCode).toBe(1004);
  });

  it('uploads a file through the form-data flow, and 90007 when the stored size differs', async () => {
    const file = picture(2000);
    const name = `${alice}/form/dog.png`;
    const init = await post(
      t,
      '/object/initiate_form_data',
      { name, size: file.length, contentType: 'image/png' },
      aliceToken,
    );
    expect(init.errCode).toBe(0);
    const form = new FormData();
    for (const [k, v] of Object.entries(init.data.formData as Record<string, string>)) form.append(k, v);
    form.append(init.data.file as string, new Blob([file]), 'dog.png');
    const sent = await fetch(init.data.url as string, { method: 'POST', body: form });
    expect(init.data.successCodes).toContain(sent.status);
    expect((await post(t, '/object/initiate_form_data', { name, size: 1 }, bobToken)).errCode).toBe(1002);
    expect(
      (await post(t, '/object/complete_form_data', { id: `${init.data.id as string}x` }, aliceToken)).errCode,
    ).toBe(1001);
    const done = await post(t, '/object/complete_form_data', { id: init.data.id }, aliceToken);
    expect(done.errCode).toBe(0);
    expect(md5(await bytes(await download(done.data.url as string)))).toBe(md5(file));

    const short = await post(t, '/object/initiate_form_data', { name, size: file.length + 1 }, aliceToken);
    const form2 = new FormData();
    form2.append('file', new Blob([file]), 'dog.png');
    await fetch(short.data.url as string, { method: 'POST', body: form2 });
    expect((await post(t, '/object/complete_form_data', { id: short.data.id }, aliceToken)).errCode).toBe(90007);
  });

  it('unknown names: 1004 from access_url, HTTP 404 from the redirect', async () => {
    expect((await post(t, '/object/access_url', { name: `${alice}/none` }, aliceToken)).errCode).toBe(1004);
    const res = await fetch(
      `http://127.0.0.1:${(t.app.getHttpServer() as { address(): { port: number } }).address().port}/object/${alice}/none`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(404);
  });

  it('sweeps uploads that expired unfinished: their parts are gone and their URLs refused', async () => {
    const up = await initiate(t, aliceToken, `${alice}/late.png`, picture(100));
    expect((await putPart(up.signed[0].url, up.parts[0])).status).toBe(200);
    const objects = t.app.get(ObjectService);
    expect(await objects.sweepExpired()).toBe(0);
    expect(
      await objects.sweepExpired(Date.now() + t.config.objects.uploadExpireSeconds * 1000 + 1),
    ).toBeGreaterThanOrEqual(1);
    expect((await post(t, '/object/auth_sign', { uploadID: up.uploadID, partNumbers: [1] }, aliceToken)).errCode).toBe(
      1004,
    );
    expect((await putPart(up.signed[0].url, up.parts[0])).status).toBe(404);
  });
});
