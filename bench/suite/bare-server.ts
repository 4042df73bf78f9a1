/* The bare `ws` server of bench/suite/bare-fanout.ts as a child of the run. */
import { freePort } from '../../test/helpers/server-process';
import { forkListening, stopChild } from './baseline-process';

export async function startBareFanout(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = await forkListening('bare-fanout.ts', [String(port)]);
  return { url: `ws://127.0.0.1:${port}/`, stop: () => stopChild(child) };
}
