/* What a scenario reports: rows of the one table `npm run bench` prints, writes as JSON and draws. */

export type Kind = 'throughput' | 'latency' | 'other';

export interface Row {
  scenario: string;
  /** what was measured, e.g. "delivered msgs/s" */
  metric: string;
  value: number;
  unit: string;
  /** the same quantity measured on the baseline in the same run, when the scenario has one */
  baseline?: number;
  baselineLabel?: string;
  /** e.g. "≥ 5000", "≤ 100", "≥ 40 % of baseline" */
  goal?: string;
  met?: boolean;
  /** which chart panel draws it */
  kind: Kind;
}

/** value ÷ baseline, for the table's ratio column */
export function ratio(r: Row): number | undefined {
  return r.baseline === undefined || r.baseline === 0 ? undefined : r.value / r.baseline;
}

/** A goal on the value alone: at least / at most `limit`. */
export function atLeast(limit: number): Pick<Row, 'goal'> & { check: (v: number) => boolean } {
  return { goal: `≥ ${limit.toLocaleString('en-US')}`, check: (v) => v >= limit };
}
export function atMost(limit: number): Pick<Row, 'goal'> & { check: (v: number) => boolean } {
  return { goal: `≤ ${limit.toLocaleString('en-US')}`, check: (v) => v <= limit };
}

export function row(
  scenario: string,
  metric: string,
  value: number,
  unit: string,
  kind: Kind,
  extra: Partial<Row> & { check?: (v: number) => boolean } = {},
): Row {
  const { check, ...rest } = extra;
  return { scenario, metric, value, unit, kind, ...rest, ...(check ? { met: check(value) } : {}) };
}

/** A goal relative to the baseline: value ≥ share × baseline. */
export function shareOfBaseline(
  scenario: string,
  metric: string,
  value: number,
  unit: string,
  baseline: number,
  baselineLabel: string,
  share: number,
): Row {
  return {
    scenario,
    metric,
    value,
    unit,
    kind: 'throughput',
    baseline,
    baselineLabel,
    goal: `≥ ${Math.round(share * 100)} % of baseline`,
    met: value >= share * baseline,
  };
}

function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (Number.isInteger(n) || Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(Math.abs(n) < 10 ? digits + 1 : digits);
}

/** The table as text (also pasted into the README as Markdown when `markdown`). */
export function formatTable(rows: Row[], markdown = false): string {
  const head = ['scenario', 'metric', 'value', 'unit', 'baseline', 'ratio', 'goal', 'met?'];
  const body = rows.map((r) => [
    r.scenario,
    r.metric,
    fmt(r.value),
    r.unit,
    r.baseline === undefined ? '' : `${fmt(r.baseline)}${r.baselineLabel ? ` (${r.baselineLabel})` : ''}`,
    ratio(r) === undefined ? '' : ratio(r)!.toFixed(2),
    r.goal ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
