import { registerUsers, userToken } from '../../helpers/fixtures';
import { startS3Server, S3Server } from '../../helpers/s3-server';
import { startTestApp, TestApp } from '../../helpers/test-app';
import { bytes, download, initiate, md5, picture, post, putPart, uploadAll } from './object-flow';

const MiB = 1024 * 1024;

/** The S3 store against a real S3-compatible server (s3rver): presigned part, form and download URLs. */
describe('object storage on S3 (s3rver)', () => {
  let s3: S3Server;
  let t: TestApp;
  let alice: string;
  let token: string;
  beforeAll(async () => {
    s3 = await startS3Server();
    t = await startTestApp({ listen: true, env: s3.env });
    [{ userID: alice }] = await registerUsers(t, 1);
    token = await userToken(t, alice);
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
  });

  it('a picture uploaded in two parts to presigned URLs downloads back byte-identical', async () => {
    const file = picture(5 * MiB + 300_000);
    const url = await uploadAll(t, token, `${alice}/pictures/cat.png`, file);
    const res = await download(url);
    expect(res.status).toBe(200);
    expect(md5(await bytes(res))).toBe(md5(file));
  });

  it('refuses a completion whose parts are not what was uploaded', async () => {
    const file = picture(5 * MiB + 10);
    const up = await initiate(t, token, `${alice}/x.png`, file);
    expect((await putPart(up.signed[0].url, up.parts[0])).status).toBe(200);
    const wrong = Buffer.alloc(10, 1);
    expect((await putPart(up.signed[1].url, wrong)).status).toBe(200);
    const complete = (parts: string[]) =>
      post(t, '/object/complete_multipart_upload', { uploadID: up.uploadID, parts, name: `${alice}/x.png` }, token);
    expect((await complete([up.md5s[0], md5(wrong)])).errDlt).toContain('hash');
    expect((await complete(up.md5s)).errCode).toBe(1001);
  });

  it('uploads a file through the form-data flow (presigned POST)', async () => {
    const file = picture(3000);
    const name = `${alice}/form/dog.png`;
    const init = await post(
      t,
      '/object/initiate_form_data',
      { name, size: file.length, contentType: 'image/png' },
      token,
    );
    expect(init.errCode).toBe(0);
    const form = new FormData();
    for (const [k, v] of Object.entries(init.data.formData as Record<string, string>)) form.append(k, v);
    form.append(init.data.file as string, new Blob([file]), 'dog.png');
    const sent = await fetch(init.data.url as string, { method: 'POST', body: form });
    expect(init.data.successCodes).toContain(sent.status);
    const done = await post(t, '/object/complete_form_data', { id: init.data.id }, token);
    expect(done.errCode).toBe(0);
    expect(md5(await bytes(await download(done.data.url as string)))).toBe(md5(file));
  });
});
