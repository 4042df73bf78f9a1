/** What Prometheus' HTTP service discovery accepts, and the metric names a PromQL expression reads. */

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address */
const TARGET = /^([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\]):([1-9]\d{0,4})$/;

/** The Content-Type Prometheus' HTTP SD accepts (anything else fails the refresh). */
export const PROMETHEUS_SD_CONTENT_TYPE = /^application\/json(;\s*charset=("utf-8"|utf-8))?$/i;

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/**
 * Checks an HTTP SD answer strictly (prometheus.io/docs/prometheus/latest/http_sd): a JSON array of objects with
 * exactly `targets` (strings `host:port`) and `labels` (string values, valid names, no reserved `__` prefix).
 * Returns it typed, or throws naming what is wrong.
 */
export function expectTargetGroups(body: unknown): TargetGroup[] {
  if (!Array.isArray(body)) throw new Error(`not a JSON array: ${JSON.stringify(body)}`);
  body.forEach((g: unknown, i) => {
    const where = `group ${i} ${JSON.stringify(g)}`;
    if (typeof g !== 'object' || g === null || Array.isArray(g)) throw new Error(`${where}: not an object`);
    const keys = Object.keys(g).sort();
    if (keys.join() !== 'labels,targets') throw new Error(`${where}: keys must be targets and labels`);
    const { targets, labels } = g as { targets: unknown; labels: unknown };
    if (!Array.isArray(targets) || targets.length === 0) throw new Error(`${where}: targets must be a non-empty array`);
    for (const t of targets) {
      const m = typeof t === 'string' ? TARGET.exec(t) : null;
      if (!m || Number(m[2]) > 65535) throw new Error(`${where}: target ${JSON.stringify(t)} is not host:port`);
    }
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
      throw new Error(`${where}: labels must be an object`);
    }
    for (const [k, v] of Object.entries(labels)) {
      if (!LABEL_NAME.test(k) || k.startsWith('__')) throw new Error(`${where}: bad label name ${k}`);
      if (typeof v !== 'string') throw new Error(`${where}: label ${k} is not a string`);
    }
  });
  return body as TargetGroup[];
}

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects: identifiers outside strings, label matchers `{…}`, ranges `[…]`
 * and grouping clauses `by (…)`, that are neither functions nor keywords.
 */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names: string[] = [];
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = m[0];
    const after = stripped.slice(m.index + word.length).trimStart();
    const before = stripped[m.index - 1] ?? '';
    if (after.startsWith('(') || PROMQL_WORDS.has(word.toLowerCase()) || /[\d.$]/.test(before)) continue;
    names.push(word);
  }
  return names;
}
