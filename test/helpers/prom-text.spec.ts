import { expectTargetGroups, promqlMetricNames } from './prom-checks';
import { parsePromText, sampleValue } from './prom-text';

describe('the strict Prometheus text-format parser of the tests', () => {
  it('reads families, labels with escapes, special values and histograms', () => {
    const f = parsePromText(
      [
        '# HELP a_total things',
        '# TYPE a_total counter',
        'a_total{x="q\\"uo\\\\te\\n",y="2"} 3',
        '# TYPE h histogram',
        'h_bucket{le="0.1"} 1',
        'h_bucket{le="+Inf"} 2',
        'h_sum 0.3',
        'h_count 2',
        'g NaN 1700000000000',
        '',
      ].join('\n'),
    );
    expect(f.get('a_total')).toMatchObject({ type: 'counter', help: 'things' });
    expect(f.get('a_total')!.samples[0].labels).toEqual({ x: 'q"uo\\te\n', y: '2' });
    expect(sampleValue(f, 'h_count')).toBe(2);
    expect(f.get('g')!.type).toBe('untyped');
  });

  it("takes NaN and Inf in any case, as Prometheus (Go's ParseFloat) does: prom-client writes Nan", () => {
    const f = parsePromText('n Nan\np +inf\nm -Inf\n');
    expect(sampleValue(f, 'n')).toBeNaN();
    expect(sampleValue(f, 'p')).toBe(Infinity);
    expect(sampleValue(f, 'm')).toBe(-Infinity);
    expect(() => parsePromText('x nan1\n')).toThrow('bad value');
  });

  it.each([
    ['a value that is no number', 'a 1x'],
    ['an unquoted label value', 'a{x=1} 1'],
    ['a bad escape', 'a{x="\\t"} 1'],
    ['a bad label name', 'a{1x="1"} 1'],
    ['the same series twice', 'a 1\na 2'],
    ['a family split in two', 'a{x="1"} 1\nb 1\na{x="2"} 1'],
    ['a TYPE after samples', 'a 1\n# TYPE a gauge'],
    ['an unknown type', '# TYPE a thing'],
    ['a negative counter', '# TYPE a counter\na -1'],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1'],
    ['buckets that are not cumulative', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePromText(text)).toThrow();
  });
});

describe('test checks of discovery answers and dashboards', () => {
  it('accepts HTTP SD target groups and refuses what Prometheus would not take', () => {
    expect(expectTargetGroups([{ targets: ['h:1', '[::1]:2'], labels: { job: 'x' } }])).toHaveLength(1);
    expect(expectTargetGroups([])).toEqual([]);
    for (const bad of [
      { errCode: 0, data: [] },
      [{ targets: ['h'], labels: {} }],
      [{ targets: ['http://h:1'], labels: {} }],
      [{ targets: [], labels: {} }],
      [{ targets: ['h:1'] }],
      [{ targets: ['h:1'], labels: { __x: 'y' } }],
      [{ targets: ['h:1'], labels: { job: 1 } }],
      [{ targets: ['h:1'], labels: {}, extra: 1 }],
    ]) {
      expect(() => expectTargetGroups(bad)).toThrow();
    }
  });

  it('finds the metric names of PromQL expressions', () => {
    expect(
      promqlMetricNames(
        'histogram_quantile(0.99, sum by (le, transport) (rate(x_bucket{instance=~"$instance"}[$__rate_interval])))',
      ),
    ).toEqual(['x_bucket']);
    expect(promqlMetricNames('sum(rate(a_total[5m])) / on (job) b offset 5m and c{x="by (y)"}')).toEqual([
      'a_total',
      'b',
      'c',
    ]);
  });
});
