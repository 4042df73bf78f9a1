/* The bare `ws` server of bench/suite/bare-fanout.ts as a child of the run. */
import { freePort } from '../../test/helpers/server-process';
import { forkListening, stopChild } from './baseline-process';

export interface BareServer {
  url: string;
  pid: number;
  /** a full GC in the bare server, before RSS is read */
  gc: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function startBareFanout(): Promise<BareServer> {
  const port = await freePort();
  const child = await forkListening('bare-fanout.ts', [String(port)], ['--expose-gc']);
  const gc = () =>
    new Promise<void>((resolve) => {
      child.once('message', () => resolve());
      child.send('gc');
    });
  return { url: `ws://127.0.0.1:${port}/`, pid: child.pid!, gc, stop: () => stopChild(child) };
}
