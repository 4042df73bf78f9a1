/*
 * The top functions of a V8 .cpuprofile (as `npm run bench:ws -- --cpu-prof <dir>` leaves it): self and inclusive
 * time. With --from <text> only the stretch between the first and the last sample under a function whose label
 * (`name file:line`) contains the text counts, e.g. `--from 'send dist/gateway/ws-requests'` for the sending window
 * of bench:ws (start-up, user registration, handshakes and the idle measurement left out).
 *
 * Usage: node -r @swc-node/register bench/profile-top.ts <file.cpuprofile> [--top 30] [--from <text>]
 */
import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, ...rest] = process.argv.slice(2);
const flag = (name: string) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
const top = Number(flag('--top') ?? 30);
const from = flag('--from');

const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byID = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function label(n: ProfileNode): string {
  const url = n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
}

function stack(id: number): ProfileNode[] {
  const out: ProfileNode[] = [];
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) out.push(byID.get(cur)!);
  return out;
}

let first = 0;
let last = profile.samples.length - 1;
if (from) {
  const under = profile.samples.map((id) => stack(id).some((n) => label(n).includes(from)));
  first = under.indexOf(true);
  last = under.lastIndexOf(true);
  if (first < 0) throw new Error(`no sample under ${from}`);
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (let i = first; i <= last; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const frames = stack(profile.samples[i]);
  const own = label(frames[0]);
  self.set(own, (self.get(own) ?? 0) + dt);
  for (const l of new Set(frames.map(label))) inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
}

function print(title: string, m: Map<string, number>): void {
  console.log(`--- ${title}`);
  for (const [l, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((t / total) * 100).toFixed(1).padStart(5)}%  ${l}`);
  }
}

console.log(`${(total / 1e6).toFixed(1)} s of samples${from ? ` (from the first to the last under ${from})` : ''}`);
print('self', self);
print('inclusive', inclusive);
