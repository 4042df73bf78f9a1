import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GoEnv, GoResult } from './fixtures';

/** The Go program of test/gob/golden, built once per test file with a private GOCACHE and no network. */
export class GoGolden {
  private constructor(readonly bin: string) {}

  /** null (with the reason) when `go` is not on PATH. */
  static build(): GoGolden | string {
    const found = spawnSync('go', ['version'], { encoding: 'utf8' });
    if (found.error || found.status !== 0) return '`go` is not on PATH (apt-get install golang-go to run it)';
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gob-golden-'));
    const bin = path.join(tmp, 'golden');
    execFileSync('go', ['build', '-o', bin, '.'], {
      cwd: path.join(__dirname, 'golden'),
      env: { ...process.env, ...GoGolden.env(tmp) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return new GoGolden(bin);
  }

  /** The build cache survives between runs in the OS temp dir; modules are off the network. */
  static env(tmp: string): Record<string, string> {
    return {
      GOCACHE: path.join(os.tmpdir(), 'gob-golden-gocache'),
      GOPATH: path.join(tmp, 'gopath'),
      GOFLAGS: '-mod=mod',
      GOPROXY: 'off',
      GO111MODULE: 'on',
      CGO_ENABLED: '0',
    };
  }

  write(dir: string): void {
    execFileSync(this.bin, ['write', dir]);
  }

  decode(goType: string, frames: { frame: Uint8Array; gzip: boolean }[]): GoResult[] {
    const input = frames.map((f) => `${goType} ${f.gzip ? 1 : 0} ${Buffer.from(f.frame).toString('hex')}`).join('\n');
    return this.run('decode', input).map((line) => JSON.parse(line) as GoResult);
  }

  encode(goType: string, values: { value: GoEnv; gzip: boolean }[]): Buffer[] {
    const input = values.map((v) => JSON.stringify({ goType, gzip: v.gzip, value: v.value })).join('\n');
    return this.run('encode', input).map((hex) => Buffer.from(hex, 'hex'));
  }

  private run(mode: string, input: string): string[] {
    const out = execFileSync(this.bin, [mode], { input: input + '\n', maxBuffer: 256 << 20, encoding: 'utf8' });
    return out.split('\n').filter((l) => l !== '');
  }
}
