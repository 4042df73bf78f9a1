import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { httpPost, processStorage, ProcessStorage, ServerProcess, spawnServer } from '../../helpers/server-process';
import { bytes, download, md5, picture, putPart, split } from './object-flow';

const MiB = 1024 * 1024;

/** An upload started before a restart is finished after it: its record is in the database, its parts on disk. */
describe('object upload across a restart', () => {
  let storage: ProcessStorage;
  let env: Record<string, string>;
  let objectsDir: string | undefined;
  beforeAll(async () => {
    storage = await processStorage();
    env = storage.env;
    if (!env.DATA_DIR) {
      // PostgreSQL keeps the records; the files still need a directory that outlives the process
      objectsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'im-objdir-'));
      env = { ...env, DATA_DIR: objectsDir };
    }
  });
  afterAll(async () => {
    await storage.cleanup();
    if (objectsDir) fs.rmSync(objectsDir, { recursive: true, force: true });
  });

  const stop = async (server: ServerProcess) => {
    server.child.kill('SIGTERM');
    await server.exited;
  };

  it('keeps the upload and its first part; the rest is signed again and the file completes', async () => {
    let server = await spawnServer(env);
    const admin = (await httpPost(server.base, '/auth/get_admin_token', { userID: 'imAdmin', secret: 'openIM123' }))
      .data.token as string;
    const userID = `o${randomBytes(3).toString('hex')}`;
    await httpPost(server.base, '/user/user_register', { users: [{ userID, nickname: 'Up' }] }, admin);
    const token = (await httpPost(server.base, '/auth/get_user_token', { userID, platformID: 1 }, admin)).data
      .token as string;
    const file = picture(5 * MiB + 1000);
    const { parts, md5s, hash } = split(file, 5 * MiB);
    const name = `${userID}/before-restart.png`;
    const init = await httpPost(
      server.base,
      '/object/initiate_multipart_upload',
      { hash, size: file.length, maxParts: 1, name, contentType: 'image/png' },
      token,
    );
    const upload = init.data.upload as { uploadID: string; sign: { parts: { url: string }[] } };
    expect((await putPart(upload.sign.parts[0].url, parts[0])).status).toBe(200);
    await stop(server);

    server = await spawnServer(env);
    try {
      const signed = await httpPost(
        server.base,
        '/object/auth_sign',
        { uploadID: upload.uploadID, partNumbers: [2] },
        token,
      );
      expect(signed.errCode).toBe(0);
      const part2 = (signed.data.parts as { url: string }[])[0].url;
      expect((await putPart(part2, parts[1])).status).toBe(200);
      const done = await httpPost(
        server.base,
        '/object/complete_multipart_upload',
        { uploadID: upload.uploadID, parts: md5s, name, contentType: 'image/png' },
        token,
      );
      expect(done.errCode).toBe(0);
      expect(md5(await bytes(await download(done.data.url as string)))).toBe(md5(file));
    } finally {
      await stop(server);
    }
    // two start-ups of the built server (a fresh embedded database takes long on a busy machine)
  }, 240_000);
});
