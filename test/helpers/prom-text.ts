/*
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: what Prometheus would
 * refuse to ingest throws. Checks names, label syntax and escapes, values, one TYPE per family before its samples,
 * contiguous families, no duplicate series, and the histogram rules (le buckets cumulative, +Inf = _count).
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

export class PromParseError extends Error {
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
  }
}

/** The family a sample name belongs to, given the declared types (histogram/summary suffixes). */
function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const f = families.get(base);
    if (f && (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket'))) return base;
  }
  return name;
}

/**
 * Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case: prom-client writes `Nan` (e.g.
 * the event-loop lag gauges before their first sample), and Prometheus accepts it.
 */
function parseValue(raw: string, line: number): number {
  if (/^\+?inf(inity)?$/i.test(raw)) return Infinity;
  if (/^-inf(inity)?$/i.test(raw)) return -Infinity;
  if (/^nan$/i.test(raw)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new PromParseError(line, `bad value "${raw}"`);
  return Number(raw);
}

/** `{a="x",b="y"}` starting at text[0] === '{'; returns the labels and the rest after '}'. */
function parseLabels(text: string, line: number): [Record<string, string>, string] {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '}') return [labels, text.slice(i + 1)];
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new PromParseError(line, 'label without "="');
    const name = text.slice(i, eq).trim();
    if (!LABEL_NAME.test(name)) throw new PromParseError(line, `bad label name "${name}"`);
    if (name in labels) throw new PromParseError(line, `label ${name} twice`);
    i = eq + 1;
    if (text[i] !== '"') throw new PromParseError(line, `label ${name}: value must be quoted`);
    let value = '';
    for (i++; ; i++) {
      const ch = text[i];
      if (ch === undefined) throw new PromParseError(line, `label ${name}: unterminated value`);
      if (ch === '"') break;
      if (ch === '\\') {
        const next = text[++i];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new PromParseError(line, `label ${name}: bad escape \\${next}`);
      } else {
        value += ch;
      }
    }
    labels[name] = value;
    i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new PromParseError(line, `after label ${name}: expected "," or "}"`);
  }
}

export function parsePromText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seenSeries = new Set<string>();
  let current: string | undefined;
  const closed = new Set<string>();
  const typed = new Set<string>();
  const enter = (name: string, line: number) => {
    if (current === name) return;
    if (closed.has(name)) throw new PromParseError(line, `family ${name} is not contiguous`);
    if (current) closed.add(current);
    current = name;
  };
  text.split('\n').forEach((raw, idx) => {
    const line = idx + 1;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(raw);
      if (!m) return; // a plain comment
      const [, kind, name, rest = ''] = m;
      if (!METRIC_NAME.test(name)) throw new PromParseError(line, `bad metric name "${name}"`);
      enter(name, line);
      const f = families.get(name) ?? { name, type: 'untyped' as MetricType, samples: [] };
      if (kind === 'TYPE') {
        if (!TYPES.includes(rest as MetricType)) throw new PromParseError(line, `unknown type "${rest}"`);
        if (typed.has(name) || f.samples.length) {
          throw new PromParseError(line, `TYPE of ${name} again or after its samples`);
        }
        typed.add(name);
        f.type = rest as MetricType;
      } else {
        if (f.help !== undefined) throw new PromParseError(line, `HELP of ${name} twice`);
        f.help = rest;
      }
      families.set(name, f);
      return;
    }
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(raw);
    if (!nameMatch) throw new PromParseError(line, `bad sample line "${raw}"`);
    const name = nameMatch[0];
    let rest = raw.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) [labels, rest] = parseLabels(rest, line);
    const parts = rest.trim().split(/\s+/);
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2 || parts[0] === '') {
      throw new PromParseError(line, `expected " value [timestamp]" after ${name}`);
    }
    const value = parseValue(parts[0], line);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new PromParseError(line, 'bad timestamp');
    const familyName = familyOf(name, families);
    enter(familyName, line);
    const f = families.get(familyName) ?? { name: familyName, type: 'untyped' as MetricType, samples: [] };
    families.set(familyName, f);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seenSeries.has(key)) throw new PromParseError(line, `series ${key} twice`);
    seenSeries.add(key);
    if (f.type === 'counter' && !(value >= 0)) throw new PromParseError(line, `counter ${name} is ${value}`);
    if (f.type === 'histogram' && name.endsWith('_bucket') && labels.le === undefined) {
      throw new PromParseError(line, `bucket of ${familyName} without le`);
    }
    f.samples.push({ name, labels, value });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

function checkHistogram(f: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name.endsWith('_bucket')) entry.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    else if (s.name.endsWith('_count')) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i][1] < sorted[i - 1][1]) throw new Error(`${f.name}${key}: buckets not cumulative`);
    }
    const inf = sorted.at(-1);
    if (!inf || inf[0] !== Infinity) throw new Error(`${f.name}${key}: no +Inf bucket`);
    if (inf[1] !== count) throw new Error(`${f.name}${key}: +Inf bucket ${inf[1]} != _count ${count}`);
  }
}

/** The value of one series (labels must match exactly those given, among the series' own), 0 if absent. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  for (const f of families.values()) {
    for (const s of f.samples) {
      if (s.name !== name) continue;
      if (Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
    }
  }
  return 0;
}

/**
 * Every series name a query may select: the samples present, and each declared family's names even before it has
 * a sample (a labelled counter shows up at its first increment; histograms as _bucket, _sum, _count).
 */
export function exposedNames(families: Map<string, Family>): Set<string> {
  const names = new Set<string>();
  for (const f of families.values()) {
    for (const s of f.samples) names.add(s.name);
    if (f.type === 'histogram') for (const x of ['_bucket', '_sum', '_count']) names.add(f.name + x);
    else if (f.type === 'summary') for (const x of ['', '_sum', '_count']) names.add(f.name + x);
    else names.add(f.name);
  }
  return names;
}
