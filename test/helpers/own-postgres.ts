import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A PostgreSQL server of a test's own (temporary data directory, its own port and socket directory), for tests
 * that stop and start the database under a running server. Never the shared service.
 */
export interface OwnPostgres {
  /** superuser URL of the `postgres` database */
  url: string;
  port: number;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** starts the server unless it runs */
  start(): Promise<void>;
  /** stops the server if it runs and removes its directory */
  destroy(): Promise<void>;
}

/**
 * The directory of initdb and pg_ctl: `PG_BIN` when set (CI sets it, so a missing binary fails there), else the
 * newest /usr/lib/postgresql/<major>/bin; undefined when PostgreSQL is not installed.
 */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const majors = fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

const exec = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startOwnPostgres(binDir: string): Promise<OwnPostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'im-ownpg-'));
  const data = path.join(root, 'data');
  const sock = path.join(root, 'sock');
  fs.mkdirSync(sock);
  // initdb refuses to run as root: then run the tools as the postgres OS user, which must own the directory.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await exec('chown', ['-R', 'postgres:postgres', root]);
  const run = async (tool: string, args: string[]) => {
    const cmd = path.join(binDir, tool);
    if (asRoot) await exec('runuser', ['-u', 'postgres', '--', cmd, ...args]);
    else await exec(cmd, args);
  };
  const port = await freePort();
  let running = false;
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', data, '-s', ...args]);
  const start = async () => {
    if (running) return;
    const opts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await pgCtl('-w', '-t', '60', '-l', path.join(root, 'log'), '-o', opts, 'start');
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pgCtl('-w', '-t', '60', '-m', mode, 'stop');
    running = false;
  };
  try {
    await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    await start();
  } catch (err) {
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: async () => {
      try {
        if (running) await stop('immediate');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
