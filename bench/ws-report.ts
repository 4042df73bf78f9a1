/* How bench/ws.ts prints what it measured. */
import type { LoadResult } from './ws-shared';

export interface Measured {
  label: string;
  connected: number;
  connectSeconds: number;
  rssBefore: number;
  rssIdle: number;
  idleCpu: number;
  runCpu: number;
  /** CPU of the database's server processes (PostgreSQL backends of the bench database) while sending */
  dbCpu?: number;
  /** percent of the sending window in which some task on the machine waited for a CPU */
  pressure?: number;
  result: LoadResult;
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
/** milliseconds of CPU one delivered message cost a process that used `percent` of a core over the window */
const cpuPerMsg = (m: Measured, percent: number) =>
  ((percent / 100) * m.result.seconds * 1000) / Math.max(1, m.result.deliveredInWindow);

/** One target's numbers, a few lines; `setup` names the load (senders, codec, window). */
export function report(m: Measured, setup: string, stored?: number): void {
  const r = m.result;
  const perConn = (m.rssIdle - m.rssBefore) / Math.max(1, m.connected);
  console.log(
    [
      `${m.label}: ${m.connected} clients connected in ${f1(m.connectSeconds)} s, ${setup}, ` + `${f1(r.seconds)} s`,
      `  delivered ${(r.deliveredInWindow / r.seconds).toFixed(0)} msgs/s ` +
        `(${r.deliveredInWindow} received by peers in the window; ${r.sent} sent, ${r.acked} acked in all)`,
      `  send→receive p50 ${f1(r.latency.p50)} ms, p99 ${f1(r.latency.p99)} ms, max ${f1(r.latency.max)} ms; ` +
        `ack p50 ${f1(r.ack.p50)} ms, p99 ${f1(r.ack.p99)} ms`,
      `  lost ${r.lost}, duplicated ${r.duplicated}, unacked ${r.sent - r.acked - r.ackErrors}, ` +
        `ack errors ${r.ackErrors}${r.firstAckError ? ` (${r.firstAckError})` : ''}, echo missing ${r.echoMissing}, ` +
        `echo duplicated ${r.echoDuplicated}, unexpected ${r.unexpected}, closed ${r.closedDuringRun}` +
        (stored === undefined ? '' : `, rows stored ${stored}`),
      `  server RSS ${f1(m.rssBefore / 2 ** 20)} MiB → ${f1(m.rssIdle / 2 ** 20)} MiB with the clients idle = ` +
        `${f1(perConn / 1024)} KiB per connection; idle CPU ${f1(m.idleCpu)}% of a core; ` +
        `CPU while sending ${f1(m.runCpu)}%; load process CPU ${f1(r.loadCpuPercent)}%` +
        (m.dbCpu === undefined ? '' : `; PostgreSQL CPU while sending ${f1(m.dbCpu)}%`) +
        (m.pressure === undefined ? '' : `; machine CPU pressure while sending ${f1(m.pressure)}%`),
      `  CPU per delivered message: server ${f2(cpuPerMsg(m, m.runCpu))} ms` +
        (m.dbCpu === undefined ? '' : `, PostgreSQL ${f2(cpuPerMsg(m, m.dbCpu))} ms`),
    ].join('\n'),
  );
}

/** The gateway against the baseline under the same load. */
export function compare(g: Measured, b: Measured): void {
  const rate = (m: Measured) => m.result.deliveredInWindow / m.result.seconds;
  const perConn = (m: Measured) => (m.rssIdle - m.rssBefore) / Math.max(1, m.connected);
  console.log(
    `gateway / baseline: throughput ${(rate(g) / rate(b)).toFixed(2)}, ` +
      `p50 latency ${(g.result.latency.p50 / b.result.latency.p50).toFixed(1)}×, ` +
      `p99 latency ${(g.result.latency.p99 / b.result.latency.p99).toFixed(1)}×, ` +
      `RSS per connection ${(perConn(g) / perConn(b)).toFixed(1)}×`,
  );
}
