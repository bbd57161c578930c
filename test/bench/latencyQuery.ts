// The latency query before and after client-side quantiles, against REAL Prometheus 2.42 holding the refresh
// bench's history (500 routes of OpenTelemetry histograms, 1-minute samples): Prometheus's own evaluation
// figures (`stats=all`) for each, the answer sizes, and whether both give the same ServiceMetrics.
// Run as `node out/test/bench/latencyQuery.js` after `node esbuild.js --tests`.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHttpClient } from '../../src/backends/http/httpClient';
import { detectionQuery, resolveConvention } from '../../src/backends/prometheus/conventions';
import { PrometheusClient } from '../../src/backends/prometheus/prometheusClient';
import { assembleServiceMetrics, buildServiceQueries, type ServiceMetrics } from '../../src/backends/prometheus/serviceMetrics';
import type { PromVectorSample } from '../../src/backends/prometheus/types';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { startPrometheus } from '../integration/servers';
import { median, seededRandom } from './common';
import { writeOtelHistory } from './otelHistory';
import { SERVICE, routeSpecs } from './production';

const RUNS = 7;
const WINDOW = parseTimeWindow('1h')!;

/** The seven-part query ProdLens sent before, rebuilt from the new one's bucket selector. */
function previousLatencyQuery(current: string): string {
  const m = /sum by \(le(, [^)]*)?\) \(rate\((\S+_bucket\{.*?\})\[(\w+)\]\)\)/.exec(current);
  if (!m) throw new Error(`unexpected latency query: ${current}`);
  const [, by = '', bucketSelector, w] = m;
  const bucket = `rate(${bucketSelector}[${w}])`;
  const tag = (e: string, l: string, v: string) => `label_replace(${e}, "${l}", "${v}", "", "")`;
  return [
    ...([['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const).flatMap(([name, q]) => [
      tag(`histogram_quantile(${q}, sum by (le${by}) (${bucket}))`, 'prodlens_q', name),
      tag(tag(`histogram_quantile(${q}, sum by (le) (${bucket}))`, 'prodlens_q', name), 'prodlens_scope', 'overall'),
    ]),
    tag(tag(`histogram_quantile(0.95, sum by (le) (rate(${bucketSelector}[${w}] offset ${w})))`, 'prodlens_q', 'p95'), 'prodlens_scope', 'previous'),
  ].join('\nor ');
}

interface Stats {
  evalMs: number[];
  execMs: number[];
  samples: number;
  series: number;
  kb: number;
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function measure(base: string, query: string, time: number): Promise<Stats> {
  const url = (stats: boolean) => `${base}/api/v1/query?${new URLSearchParams({ query, time: String(time), ...(stats ? { stats: 'all' } : {}) }).toString()}`;
  const out: Stats = { evalMs: [], execMs: [], samples: 0, series: 0, kb: 0 };
  for (let i = 0; i < RUNS; i++) {
    const body = JSON.parse(await get(url(true))) as { data: { result: unknown[]; stats: { timings: { evalTotalTime: number; execTotalTime: number }; samples: { totalQueryableSamples: number } } } };
    out.evalMs.push(body.data.stats.timings.evalTotalTime * 1000);
    out.execMs.push(body.data.stats.timings.execTotalTime * 1000);
    out.samples = body.data.stats.samples.totalQueryableSamples;
    out.series = body.data.result.length;
  }
  out.kb = Buffer.byteLength(await get(url(false))) / 1024;
  return out;
}

/** Every quantile of `a` equals `b`'s to 1e-9 relative; returns the mismatches. */
function differences(a: ServiceMetrics, b: ServiceMetrics): string[] {
  const out: string[] = [];
  const same = (x: number | undefined, y: number | undefined) => (x === undefined ? y === undefined : y !== undefined && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)));
  for (const q of ['p50', 'p95', 'p99'] as const) {
    if (!same(a.current.latency[q], b.current.latency[q])) out.push(`overall ${q}: ${a.current.latency[q]} vs ${b.current.latency[q]}`);
    a.routes.forEach((r, i) => {
      if (!same(r.latency[q], b.routes[i].latency[q])) out.push(`${r.method} ${r.name} ${q}: ${r.latency[q]} vs ${b.routes[i].latency[q]}`);
    });
  }
  if (!same(a.previous.latency.p95, b.previous.latency.p95)) out.push(`previous p95: ${a.previous.latency.p95} vs ${b.previous.latency.p95}`);
  return out;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-latency-bench-'));
  const file = path.join(dir, 'history.om');
  const aligned = Math.floor(Date.now() / 1000 / 60) * 60;
  writeOtelHistory(file, { job: SERVICE, routes: routeSpecs(500), start: aligned - 2 * 3600 - 600, end: aligned + 900, stepSeconds: 60, currentFrom: aligned - 3600, random: seededRandom(7) });
  const prom = await startPrometheus({ openMetricsFile: file });
  try {
    const client = new PrometheusClient({ baseUrl: prom.url, http: createHttpClient({ version: 'bench', timeoutMs: 60_000 }) });
    const signal = new AbortController().signal;
    const detected = await client.query(detectionQuery(SERVICE, undefined), aligned, signal);
    const rc = resolveConvention(detected.resultType === 'vector' ? detected.result : [], SERVICE, undefined);
    if (!rc) throw new Error('no convention detected');
    const queries = buildServiceQueries(rc, WINDOW);
    const before = previousLatencyQuery(queries.latency!);
    const vector = async (q: string) => {
      const r = await client.query(q, aligned, signal);
      return r.resultType === 'vector' ? r.result : ([] as PromVectorSample[]);
    };
    const rates = await vector(queries.rates);
    const old = assembleServiceMetrics(rc, rates, await vector(before), []);
    const now = assembleServiceMetrics(rc, rates, await vector(queries.latency!), []);
    const mismatches = differences(now, old);
    // Warm both once, then alternate so neither gets a colder cache.
    await measure(prom.url, before, aligned);
    await measure(prom.url, queries.latency!, aligned);
    const stats = { before: await measure(prom.url, before, aligned), after: await measure(prom.url, queries.latency!, aligned) };
    const line = (name: string, s: Stats) =>
      `${name}: eval median ${median(s.evalMs).toFixed(1)} ms (${Math.min(...s.evalMs).toFixed(1)}–${Math.max(...s.evalMs).toFixed(1)}), exec median ${median(s.execMs).toFixed(1)} ms, ${s.samples} samples read, ${s.series} series, ${s.kb.toFixed(0)} KB JSON`;
    console.log(line('before (7 histogram_quantile parts)', stats.before));
    console.log(line('after  (bucket rates, 2 parts)     ', stats.after));
    console.log(`routes ${now.routes.length}; client-side quantiles vs Prometheus's: ${mismatches.length} mismatches${mismatches.length ? `, e.g. ${mismatches.slice(0, 5).join('; ')}` : ''}`);
    const t0 = process.hrtime.bigint();
    const latencySamples = await vector(queries.latency!);
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) assembleServiceMetrics(rc, rates, latencySamples, []);
    const t2 = process.hrtime.bigint();
    console.log(`client: fetch+parse ${(Number(t1 - t0) / 1e6).toFixed(1)} ms, assembleServiceMetrics ${(Number(t2 - t1) / 1e6 / 20).toFixed(2)} ms per call`);
    if (mismatches.length > 0) process.exitCode = 1;
  } finally {
    await prom.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
