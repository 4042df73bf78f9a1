/* Starting a baseline server as a forked process that says 'listening' when ready. */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { children } from './target';

export async function forkListening(script: string, args: string[], execArgv: string[] = []): Promise<ChildProcess> {
  const child = fork(path.resolve(__dirname, script), args, {
    execArgv: [...execArgv, '-r', '@swc-node/register'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return child;
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}
