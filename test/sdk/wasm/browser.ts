import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`command -v chromium`), or undefined when it is not installed. */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_BIN) return process.env.CHROMIUM_BIN;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Headless chromium as CI can run it: no sandbox (root in a container), no GPU, nothing fetched from outside. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The suite of a Web SDK test file. It runs in CI's PostgreSQL + Redis run (DATABASE_URL set) with chromium
 * installed; elsewhere the file says why it skips. The tier checks protocol conformance, not storage, so the
 * PGlite run leaves it out to save CI time.
 */
export function wasmSuite(file: string): jest.Describe {
  const bin = chromiumPath();
  let reason = '';
  if (!process.env.DATABASE_URL) reason = 'runs only with DATABASE_URL (the PostgreSQL + Redis run of CI)';
  else if (!bin) reason = 'chromium not found (apt-get install chromium, or set CHROMIUM_BIN)';
  if (reason) console.warn(`${file}: Web SDK tier skipped: ${reason}`);
  return reason ? describe.skip : describe;
}
