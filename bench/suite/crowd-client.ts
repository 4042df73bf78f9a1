/* The orchestrator's side of the crowd load process (bench/suite/crowd.ts). */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { FromCrowd, ToCrowd } from './crowd-protocol';
import { children } from './target';

export interface Crowd {
  ask<T extends FromCrowd['t']>(m: ToCrowd, answer: T): Promise<Extract<FromCrowd, { t: T }>>;
  stop(): void;
}

export function startCrowd(): Crowd {
  const child = fork(path.resolve(__dirname, 'crowd.ts'), [], { execArgv: ['-r', '@swc-node/register'] });
  children.add(child);
  const inbox: FromCrowd[] = [];
  let wake: () => void = () => undefined;
  child.on('message', (m: FromCrowd) => {
    inbox.push(m);
    wake();
  });
  child.on('exit', () => {
    children.delete(child);
    wake();
  });
  return {
    async ask(m, answer) {
      child.send(m);
      for (;;) {
        const got = inbox.shift();
        if (got?.t === 'fatal') throw new Error(got.message);
        if (got?.t === answer) return got as Extract<FromCrowd, { t: typeof answer }>;
        if (!got) {
          if (child.exitCode !== null) throw new Error(`crowd load process exited with ${child.exitCode}`);
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
    },
    stop: () => void child.kill('SIGTERM'),
  };
}
