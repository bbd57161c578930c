// `npm run bench`, the refresh of issue 4 against REAL Prometheus 2.42 and Alertmanager 0.25 (plain Node):
// one service with 500 routes, 200 error groups and 100 alerts, the same sizes as the canned-server rows of
// refresh.ts, but Prometheus evaluates ProdLens's PromQL over two hours and more of backfilled OpenTelemetry
// histograms, and Alertmanager answers from alerts injected through its API. Sentry and PagerDuty stay on the
// replay server (no Sentry server installs here). Each ProdLens refresh is paired with the raw node:http
// replay of exactly the requests it made, as in refresh.ts.
// Run as `node --expose-gc out/test/bench/refreshReal.js [results.json]`; it fails (NOT MEASURED in the
// table) when the binaries are missing.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { HealthSnapshot } from '../../src/core/model';
import { INSTALL_COMMAND, findBinary, postJson, startAlertmanager, startPrometheus, type RunningServer } from '../integration/servers';
import { median, nowMs, runMain, seededRandom, type BenchOutput, type BenchRow } from './common';
import { rawRequest, type RecordedCall } from './httpReplay';
import { writeOtelHistory, type HistoryStats } from './otelHistory';
import { SERVICE, routeSpecs, serviceAlert, type ProductionSize } from './production';
import { startProductionProcess, type ProductionProcess } from './productionProcess';
import { FIRST_RUNS, measureRefresh, reportPaired, STEADY_RUNS, workspaceFor, type Paired } from './refreshHarness';

const SIZE: ProductionSize = { routes: 500, errorGroups: 200, alerts: 100, incidents: 5 };
const LABEL = 'refresh 500/200/100 vs real Prometheus+Alertmanager';
/** Prometheus's default scrape interval. */
const STEP_SECONDS = 60;
/**
 * The history runs this far past the start, so every query the bench makes finds data up to its own `now`
 * (at most one step old), as on a Prometheus that is still scraping. Longer than the bench can take.
 */
const AHEAD_SECONDS = 15 * 60;
const OTHER_SERVICES = ['payments-api', 'search-api', 'inventory-api', 'notifications-worker', 'storefront-web'];
const OTHER_ALERTS = 50;

interface Backends {
  prometheus: RunningServer;
  alertmanager: RunningServer;
  history: HistoryStats & { start: number; end: number; writeSeconds: number; backfillSeconds: number };
}

/** Backfills the history with promtool, then starts Prometheus on it; Alertmanager starts meanwhile. */
async function startBackends(dir: string, nowS: number): Promise<Backends> {
  const aligned = Math.floor(nowS / STEP_SECONDS) * STEP_SECONDS;
  // Two windows of an hour (ProdLens compares the last hour with the one before) and the margin a
  // `rate(...[1h] offset 1h)` needs before them.
  const start = aligned - 2 * 3600 - 600;
  const end = aligned + AHEAD_SECONDS;
  const file = path.join(dir, 'history.om');
  const written = nowMs();
  const stats = writeOtelHistory(file, { job: SERVICE, routes: routeSpecs(SIZE.routes), start, end, stepSeconds: STEP_SECONDS, currentFrom: aligned - 3600, random: seededRandom(7) });
  const writeSeconds = (nowMs() - written) / 1000;
  const alertmanager = startAlertmanager();
  // Settled before any await below, so a failure of one start never goes unhandled while the other runs.
  alertmanager.catch(() => undefined);
  let prometheus: RunningServer | undefined;
  try {
    const backfilled = nowMs();
    prometheus = await startPrometheus({ openMetricsFile: file });
    const backfillSeconds = (nowMs() - backfilled) / 1000;
    return { prometheus, alertmanager: await alertmanager, history: { ...stats, start, end, writeSeconds, backfillSeconds } };
  } catch (err) {
    await prometheus?.stop();
    await (await alertmanager.catch(() => undefined))?.stop();
    throw err;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    }).on('error', reject);
  });
}

/** The service's 100 alerts (some with code_* labels) and other services' alerts, posted; waits until listed. */
async function injectAlerts(am: RunningServer, nowS: number): Promise<number> {
  const random = seededRandom(3);
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const mine = Array.from({ length: SIZE.alerts }, (_, i) => ({ ...serviceAlert(i, random), startsAt: iso(nowS - 600 - i) }));
  const others = Array.from({ length: OTHER_ALERTS }, (_, i) => {
    const other = OTHER_SERVICES[i % OTHER_SERVICES.length];
    const labels = { alertname: i % 2 ? 'HighErrorRate' : 'HighLatencyP95', service: other, job: other, severity: 'warning', instance: `10.1.${i}.1:8080`, namespace: 'prod' };
    return { labels, annotations: { summary: `${labels.alertname} on ${other}` }, startsAt: iso(nowS - 300 - i) };
  });
  const alerts = [...mine, ...others].map(({ labels, annotations, startsAt }) => ({
    labels,
    annotations,
    startsAt,
    endsAt: iso(nowS + 3600),
    generatorURL: `http://prometheus.example.com/graph?g0.expr=${encodeURIComponent(labels.alertname)}`,
  }));
  const status = await postJson(`${am.url}/api/v2/alerts`, alerts);
  if (status !== 200) throw new Error(`Alertmanager refused the alerts: HTTP ${status}`);
  const started = nowMs();
  for (;;) {
    const listed = (await getJson(`${am.url}/api/v2/alerts`)) as { status: { state: string } }[];
    const active = listed.filter((a) => a.status.state === 'active').length;
    if (active === alerts.length) return nowMs() - started;
    if (nowMs() - started > 10_000) throw new Error(`Alertmanager lists ${active} active alerts of the ${alerts.length} posted`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every route with traffic and latency, as the history has them; or the measurement is not of what it claims. */
function verifyMetrics(snapshot: HealthSnapshot): void {
  const missing = snapshot.routes.filter((r) => !(r.throughput !== undefined && r.throughput > 0) || r.latency.p95 === undefined);
  if (missing.length > 0) throw new Error(`${missing.length} routes came back without throughput or p95, e.g. ${missing[0].method} ${missing[0].name}`);
}

interface QueryStats {
  what: string;
  execMs: number[];
  samples: number;
  series: number;
  gzipKb: number;
  plainKb: number;
}

/** Prometheus's own timings (`stats=all`) for the queries ProdLens made, asked again with plain node:http. */
async function prometheusTimings(calls: readonly RecordedCall[], prometheusUrl: string, runs: number): Promise<QueryStats[]> {
  const agent = new http.Agent({ keepAlive: true });
  const out: QueryStats[] = [];
  try {
    for (const call of calls.filter((c) => c.url.startsWith(prometheusUrl))) {
      const url = new URL(call.url);
      const form = call.body !== undefined ? new URLSearchParams(call.body) : undefined;
      const query = url.searchParams.get('query') ?? form?.get('query') ?? '';
      const what = url.pathname.endsWith('query_range') ? 'range' : query.startsWith('count by') ? 'detection' : query.includes('prodlens_scope') ? 'latency' : 'rates';
      if (form) form.set('stats', 'all');
      else url.searchParams.set('stats', 'all');
      const withStats: RecordedCall = { ...call, url: url.toString(), ...(form ? { body: form.toString() } : {}) };
      const stats: QueryStats = { what, execMs: [], samples: 0, series: 0, gzipKb: 0, plainKb: 0 };
      for (let i = 0; i < runs; i++) {
        const answer = await rawRequest(agent, withStats);
        const plain = answer.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(answer.body) : answer.body;
        const body = JSON.parse(plain.toString('utf8')) as { data: { result: unknown[]; stats: { timings: { execTotalTime: number }; samples: { totalQueryableSamples: number } } } };
        stats.execMs.push(body.data.stats.timings.execTotalTime * 1000);
        stats.samples = body.data.stats.samples.totalQueryableSamples;
        stats.series = body.data.result.length;
      }
      // The sizes of the answer ProdLens got (without stats).
      const answer = await rawRequest(agent, call);
      stats.gzipKb = answer.headers['content-encoding'] === 'gzip' ? answer.body.length / 1024 : NaN;
      stats.plainKb = (answer.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(answer.body) : answer.body).length / 1024;
      out.push(stats);
    }
  } finally {
    agent.destroy();
  }
  return out;
}

/**
 * How far the samples scatter: Prometheus evaluates for about a second per refresh on the same two CPUs as
 * everything else, so a busy machine moves single refreshes by hundreds of ms, for ProdLens and raw alike.
 */
function spread(label: string, p: Paired): string {
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
  const differences = p.prodlens.map((ms, i) => ms - p.raw[i]);
  return `${label}: samples ProdLens ${range(p.prodlens)}, raw ${range(p.raw)}; median of the per-refresh differences (ProdLens − its own raw replay) ${median(differences).toFixed(0)} ms.`;
}

async function main(): Promise<BenchOutput> {
  const missing = (['prometheus', 'promtool', 'alertmanager'] as const).filter((b) => !findBinary(b));
  if (missing.length > 0) throw new Error(`the real-server refresh needs ${missing.join(', ')}: install with \`${INSTALL_COMMAND}\``);
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-bench-real-'));
  const nowS = Math.floor(Date.now() / 1000);
  let backends: Backends | undefined;
  let production: ProductionProcess | undefined;
  try {
    backends = await startBackends(dir, nowS);
    const { prometheus, alertmanager, history } = backends;
    const alertsListedMs = await injectAlerts(alertmanager, nowS);
    production = await startProductionProcess(SIZE);
    const code = await workspaceFor(production.routes);
    const urls = { ...production.urls, prometheus: prometheus.url, alertmanager: alertmanager.url };
    let last: HealthSnapshot | undefined;
    const m = await measureRefresh(urls, code, SIZE, dir, (snapshot) => {
      verifyMetrics(snapshot);
      last = snapshot;
    });
    if (Date.now() / 1000 >= history.end) throw new Error('the bench outlasted the backfilled history: its last refreshes found no current data');

    const cpuWhat = 'this process only: Prometheus, Alertmanager and the Sentry/PagerDuty replay server run in processes of their own on the same CPUs, not counted';
    for (const [label, paired] of [[`first (median of ${FIRST_RUNS})`, m.first], [`steady (median of ${STEADY_RUNS})`, m.steady]] as const) {
      reportPaired(rows, notes, {
        prodlens: `${LABEL}, ${label}: ProdLens`,
        raw: (n) => `${LABEL}, ${label}: raw HTTP of the same ${n} requests`,
        overhead: `${LABEL}, ${label}: ProdLens overhead over raw HTTP`,
        cpu: `${LABEL}, ${label}`,
      }, paired, cpuWhat, 20);
    }
    // Heap is not reported here: the canned rows measure it on the same sizes, and against the real servers
    // it moved by ±1 MB between rounds of 10 refreshes without a trend, so a row would show noise.
    for (const [label, paired] of [['first', m.first], ['steady', m.steady]] as const) notes.push(spread(`${LABEL}, ${label}`, paired));

    const routes = last!.routes;
    const failing = routes.filter((r) => (r.errorRatio ?? 0) > 0).length;
    const points = last!.series.throughput?.length ?? 0;
    notes.push(`${LABEL}: Prometheus held ${history.series.toLocaleString('en')} series (${SIZE.routes} routes × their status codes × 14 OTel buckets + _count, _sum) and ${history.samples.toLocaleString('en')} samples, one a ${STEP_SECONDS} s step from ${((nowS - history.start) / 60).toFixed(0)} min before the bench to ${AHEAD_SECONDS / 60} min after; writing the ${(history.bytes / 1024 / 1024).toFixed(0)} MB of OpenMetrics took ${history.writeSeconds.toFixed(1)} s, promtool's backfill and Prometheus's start ${history.backfillSeconds.toFixed(1)} s; Alertmanager listed the ${SIZE.alerts + OTHER_ALERTS} injected alerts ${alertsListedMs.toFixed(0)} ms after the POST.`);
    notes.push(`${LABEL}: ${routes.length} routes with metrics, ${failing} with a non-zero 5xx ratio (the history gives ${history.routesWithErrors} routes 500s, ${history.spikingRoutes} of them spiking in the current hour), ${points} chart points; mapped ${m.mapped.mappedRoutes}/${SIZE.routes} routes to their handlers, ${m.mapped.mappedGroups}/${SIZE.errorGroups} error groups, ${m.mapped.mappedAlerts} alerts by their code_* labels.`);
    const timings = await prometheusTimings(m.first.calls, prometheus.url, 5);
    notes.push(`${LABEL}: Prometheus's own evaluation (stats=all, execTotalTime, median of 5) of the queries ProdLens sends: ${timings.map((t) => `${t.what} ${median(t.execMs).toFixed(1)} ms (${t.samples.toLocaleString('en')} samples read, ${t.series} series out, ${t.gzipKb.toFixed(0)} KB gzip / ${t.plainKb.toFixed(0)} KB JSON)`).join('; ')}.`);
  } finally {
    await production?.stop();
    await backends?.prometheus.stop();
    await backends?.alertmanager.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}

if (require.main === module) runMain(main);
