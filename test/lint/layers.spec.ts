import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Lints files written for the test into src/ with the project's real ESLint config; removes them afterwards. */
async function lint(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const written = Object.entries(files).map(([rel, text]) => {
    const file = path.join(ROOT, rel);
    fs.writeFileSync(file, text);
    return file;
  });
  try {
    return await new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--no-warn-ignored', ...written],
        { cwd: ROOT },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, output: stdout + stderr }),
      );
    });
  } finally {
    written.forEach((f) => fs.rmSync(f, { force: true }));
  }
}

/** The layer rule of ARCHITECTURE.md is enforced by `npm run lint`: a change that breaks it fails CI. */
describe('layer rule (eslint)', () => {
  const tag = randomBytes(3).toString('hex');

  it('fails imports across the walls and passes the allowed ones', async () => {
    const { code, output } = await lint({
      [`src/msg/probe-${tag}.ts`]: [
        "import { ConversationService } from '../conversation/conversation.service';",
        "import { GroupRepository } from '../group/group.repository';",
        "import { sql } from 'drizzle-orm';",
        "import { dbHandle } from '../infra/database/database.service';",
        'export const probe = [ConversationService, GroupRepository, sql, dbHandle];',
        '',
      ].join('\n'),
      [`src/chat-store/probe-${tag}.ts`]: [
        "import { MsgSendService } from '../msg/msg-send.service';",
        'export const probe = MsgSendService;',
        '',
      ].join('\n'),
      [`src/conversation/probe-ok-${tag}.ts`]: [
        "import { SeqRepository } from '../chat-store/seq.repository';",
        "import { UserService } from '../user/user.service';",
        "import { SessionType } from '../protocol/message';",
        'export const probe = [SeqRepository, UserService, SessionType];',
        '',
      ].join('\n'),
    });
    expect(code).toBe(1);
    expect(output).toMatch(/msg\/ may not import conversation\//);
    expect(output).toMatch(/the tables of group\/ are its own/);
    expect(output).toMatch(/SQL belongs in a \*\.repository\.ts/);
    expect(output).toMatch(/only repositories hold the db handle/);
    expect(output).toMatch(/chat-store\/ may not import msg\//);
    expect(output).not.toMatch(new RegExp(`probe-ok-${tag}`));
  }, 180_000);
});
