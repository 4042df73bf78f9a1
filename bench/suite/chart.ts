/*
 * The PNG chart of a run: one panel of throughputs, one of latencies, each scenario's server figure with its
 * same-run baseline beside it. Vega-Lite compiles the spec, Vega renders SVG, resvg turns that into PNG (all
 * from the npm registry; resvg's binary is an npm package of its own, no download at install time).
 */
import * as fs from 'node:fs';
import type { Row } from './result';

// vega and vega-lite are ES modules only; this file is compiled to CommonJS, where a plain `import()` would
// become require(). A Function-made import() stays a real dynamic import.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed string, the only way to import ESM here
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

interface Bar {
  label: string;
  series: string;
  value: number;
}

function bars(rows: Row[], kind: Row['kind']): Bar[] {
  return rows
    .filter((r) => r.kind === kind && Number.isFinite(r.value))
    .flatMap((r) => {
      const label = `${r.scenario}: ${r.metric} (${r.unit})`;
      const out: Bar[] = [{ label, series: 'this server', value: r.value }];
      if (r.baseline !== undefined && Number.isFinite(r.baseline)) {
        out.push({ label, series: 'baseline (same run)', value: r.baseline });
      }
      return out;
    });
}

function panel(title: string, values: Bar[]): Record<string, unknown> {
  return {
    title,
    width: 520,
    data: { values },
    mark: { type: 'bar', tooltip: false },
    encoding: {
      y: { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelLimit: 420 } },
      yOffset: { field: 'series', type: 'nominal', sort: ['this server', 'baseline (same run)'] },
      x: { field: 'value', type: 'quantitative', title: null, scale: { type: 'symlog' } },
      color: {
        field: 'series',
        type: 'nominal',
        sort: ['this server', 'baseline (same run)'],
        scale: { range: ['#1f77b4', '#bbbbbb'] },
        legend: { orient: 'top', title: null },
      },
    },
  };
}

/** Writes the chart of `rows` to `pngPath` (and the SVG beside it is not kept). */
export async function writeChart(rows: Row[], title: string, pngPath: string): Promise<void> {
  const vegaLite = await importEsm<{ compile: (spec: unknown) => { spec: unknown } }>('vega-lite');
  const vega = await importEsm<{
    parse: (spec: unknown) => unknown;
    View: new (runtime: unknown, opts: { renderer: string }) => { toSVG: () => Promise<string> };
  }>('vega');
  const { Resvg } = await import('@resvg/resvg-js');
  const panels = [
    panel('Throughput per second (log scale)', bars(rows, 'throughput')),
    panel('Latency and time, ms (log scale)', bars(rows, 'latency')),
  ].filter((p) => (p.data as { values: Bar[] }).values.length);
  if (!panels.length) return;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    background: 'white',
    vconcat: panels,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: { font: 'DejaVu Sans' },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  const png = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  fs.writeFileSync(pngPath, png);
}
