import { ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './server-process';

const exec = promisify(execFile);

/**
 * The redis-server binary: `REDIS_SERVER_BIN` when set (CI sets it, so a missing binary fails there), else the one on
 * PATH; undefined when Redis is not installed. redis-cli is looked for beside it.
 */
export function redisServerBin(): string | undefined {
  if (process.env.REDIS_SERVER_BIN) return process.env.REDIS_SERVER_BIN;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const bin = path.join(dir, 'redis-server');
    if (dir && fs.existsSync(bin)) return bin;
  }
  return undefined;
}

function redisCli(serverBin: string): string {
  return path.join(path.dirname(serverBin), 'redis-cli');
}

/** A redis-server of a test's own (own port, own temporary directory), for tests that stop it. Never the shared one. */
export interface OwnRedis {
  url: string;
  port: number;
  /** SIGTERM and wait for the exit (with appendonly, what it held comes back on start) */
  stop(): Promise<void>;
  /** starts it again on the same port and directory, resolves when it answers PING */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open and nothing answers, as behind a network that drops everything */
  freeze(): void;
  thaw(): void;
  destroy(): Promise<void>;
}

async function waitForPing(bin: string, port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}`);
    try {
      const { stdout } = await exec(redisCli(bin), ['-p', String(port), 'ping']);
      if (stdout.trim() === 'PONG') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on ${port} did not answer`);
}

function launch(bin: string, port: number, dir: string, extra: string[]): ChildProcess {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'];
  const child = spawn(bin, [...args, '--logfile', path.join(dir, 'redis.log'), ...extra], { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** One redis-server; `persist` keeps its data across stop/start (appendonly), as a production Redis usually does. */
export async function startOwnRedis(bin: string, opts: { persist: boolean }): Promise<OwnRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'im-ownredis-'));
  const port = await freePort();
  const extra = opts.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    child = launch(bin, port, dir, extra);
    await waitForPing(bin, port, child);
  };
  const stop = async () => {
    if (!child) return;
    child.kill('SIGTERM');
    await exited(child);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    destroy: async () => {
      child?.kill('SIGCONT');
      if (child) child.kill('SIGKILL');
      if (child) await exited(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Redis Cluster of `masters` redis-servers without replicas, slots spread by `redis-cli --cluster create`. */
export interface OwnRedisCluster {
  /** for REDIS_CLUSTER_NODES */
  nodes: string;
  destroy(): Promise<void>;
}

export async function startOwnRedisCluster(bin: string, masters = 3): Promise<OwnRedisCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'im-ownrcluster-'));
  const children: ChildProcess[] = [];
  const destroy = async () => {
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(children.map(exited));
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const dir = path.join(root, String(port));
      fs.mkdirSync(dir);
      // the bus port is chosen too: port + 10000 (the default) may lie past 65535 for a kernel-chosen port
      const busPort = String(await freePort());
      const clusterArgs = ['--cluster-enabled', 'yes', '--cluster-port', busPort];
      clusterArgs.push('--cluster-config-file', path.join(dir, 'nodes.conf'));
      const child = launch(bin, port, dir, [...clusterArgs, '--appendonly', 'no', '--cluster-node-timeout', '2000']);
      children.push(child);
      ports.push(port);
      await waitForPing(bin, port, child);
    }
    const addrs = ports.map((p) => `127.0.0.1:${p}`);
    await exec(redisCli(bin), ['--cluster', 'create', ...addrs, '--cluster-replicas', '0', '--cluster-yes']);
    // create returns once slots are assigned; the nodes agree on the layout a moment later
    for (let i = 0; i < 200; i++) {
      const states = await Promise.all(
        ports.map((p) => exec(redisCli(bin), ['-p', String(p), 'cluster', 'info']).then((r) => r.stdout)),
      );
      if (states.every((s) => /cluster_state:ok/.test(s))) return { nodes: addrs.join(','), destroy };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis cluster did not reach cluster_state:ok');
  } catch (err) {
    await destroy();
    throw err;
  }
}
