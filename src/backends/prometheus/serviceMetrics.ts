// Builds the few queries a refresh needs for one service (rates, latency, chart series: three queries,
// each broken down with `by (...)`, never one per route) and assembles their answers into domain metrics.
import type { Rates, RouteMetrics, SeriesPoint } from '../../core/model';
import type { TimeWindow } from '../../core/timeWindow';
import { countedSelectors, promString, type ResolvedConvention } from './conventions';
import { parseBucketBound, prepareHistogram, quantileOf, type Bucket } from './histogramQuantile';
import type { PromSeries, PromVectorSample } from './types';

export interface ServiceQueries {
  rates: string;
  latency?: string;
  range: string;
  /** Seconds between chart points. */
  step: number;
}

export interface ServiceMetrics {
  convention: string;
  current: Rates;
  previous: Rates;
  routes: RouteMetrics[];
  series: { throughput?: SeriesPoint[]; errorRatio?: SeriesPoint[]; p95?: SeriesPoint[] };
}

const QUANTILES = [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const;
/** The route and method labels as the built-in latency query returns them (see buildServiceQueries). */
const SHORT_ROUTE = 'r';
const SHORT_METHOD = 'm';
type Quantile = (typeof QUANTILES)[number][0];
const QUANTILE_NAMES: readonly string[] = QUANTILES.map(([name]) => name);

function promDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function tag(expr: string, label: string, value: string): string {
  return `label_replace(${expr}, ${promString(label)}, ${promString(value)}, "", "")`;
}

export function buildServiceQueries(rc: ResolvedConvention, window: TimeWindow, chartPoints = 60): ServiceQueries {
  const { convention: c, statusLabel, routeLabel, methodLabel } = rc;
  // Every purpose reads the same requests (see countedSelectors): one or two disjoint selectors joined by `or`.
  const counted = countedSelectors(rc);
  const failed = statusLabel ? countedSelectors(rc, [c.errorMatcher(statusLabel)]) : undefined;
  /** `range` is the range selector's tail: `[1h]`, or `[1h] offset 1h` for the previous window. */
  const rate = (metric: string, selectors: string[], range: string) => selectors.map((s) => `rate(${metric}${s}${range})`).join(' or ');
  const by = [routeLabel, methodLabel].filter(Boolean).join(', ');
  const w = promDuration(window.seconds);
  const req = (s: string[]) => `sum by (${by}) (${rate(c.requests, s, `[${w}]`)})`;
  // The previous window is only compared as a whole: its totals, not one sample per route.
  const prevReq = (s: string[]) => `sum(${rate(c.requests, s, `[${w}] offset ${w}`)})`;

  const rates = [
    tag(req(counted), 'prodlens_kind', 'total'),
    failed && tag(req(failed), 'prodlens_kind', 'errors'),
    tag(prevReq(counted), 'prodlens_kind', 'prev_total'),
    failed && tag(prevReq(failed), 'prodlens_kind', 'prev_errors'),
  ].filter(Boolean).join('\nor ');

  let latency: string | undefined;
  if (c.histogram) {
    // Bucket rates, not quantiles: Prometheus shares nothing between `or` branches, so seven
    // histogram_quantile parts re-read the same buckets seven times (4.3 M samples per refresh at 500 routes).
    // The per-route rates are read once; every quantile, and the overall histogram (their sum per `le`), is
    // computed client-side. The previous window needs only its overall histogram.
    // One sample per route, method and bucket (thousands): the route and method labels come back as `r` and
    // `m` and the current window goes untagged, which makes the answer about 40 % smaller (renaming 7,500
    // aggregated series costs Prometheus next to nothing). The previous window is tagged.
    const buckets = `${c.histogram}_bucket`;
    let current = `sum by (le${by ? `, ${by}` : ''}) (${rate(buckets, counted, `[${w}]`)})`;
    const renamed = [[routeLabel, SHORT_ROUTE], [methodLabel, SHORT_METHOD]].filter((pair): pair is [string, string] => pair[0] !== undefined);
    if (renamed.length > 0) {
      for (const [label, short] of renamed) current = `label_replace(${current}, ${promString(short)}, "$1", ${promString(label)}, "(.*)")`;
      current = `sum without (${renamed.map(([label]) => label).join(', ')}) (${current})`;
    }
    latency = [current, tag(`sum by (le) (${rate(buckets, counted, `[${w}] offset ${w}`)})`, 'prodlens_scope', 'previous')].join('\nor ');
  }

  const step = Math.max(1, Math.round(window.seconds / chartPoints));
  const r = promDuration(Math.max(step * 2, 120));
  const total = `sum(${rate(c.requests, counted, `[${r}]`)})`;
  const range = [
    tag(total, 'prodlens_series', 'throughput'),
    failed && tag(`(sum(${rate(c.requests, failed, `[${r}]`)}) or vector(0)) / ${total}`, 'prodlens_series', 'error_ratio'),
    c.histogram && tag(`histogram_quantile(0.95, sum by (le) (${rate(`${c.histogram}_bucket`, counted, `[${r}]`)}))`, 'prodlens_series', 'p95'),
  ].filter(Boolean).join('\nor ');

  return { rates, latency, range, step };
}

interface RouteAccumulator {
  name: string;
  method?: string;
  total?: number;
  errors?: number;
  latency: Rates['latency'];
}

const finite = (v: number) => (Number.isFinite(v) ? v : undefined);

interface BucketGroups {
  /** One histogram per label set other than `le`, as histogram_quantile groups them. */
  routes: BucketGroup[];
  /** The service's histogram now: the route histograms added up per `le`, as `sum by (le)` would. */
  current: Bucket[];
  previous: Bucket[];
}

type BucketGroup = { metric: Record<string, string>; buckets: Bucket[] };

/**
 * The group of a sample whose labels are other than the route and method (a `queries.latency` override):
 * every label but `le` and the tag, as histogram_quantile groups. Label names cannot hold `=` or `,`, and each
 * value is JSON-quoted (it is production's text), so no two label sets share a key.
 */
function groupKey(metric: Record<string, string>): string {
  return Object.keys(metric).filter((n) => n !== 'le' && n !== 'prodlens_scope').sort().map((n) => `${n}=${JSON.stringify(metric[n])},`).join('');
}

/**
 * Groups the bucket-rate samples of the latency query (the current window untagged or tagged `current`, the
 * previous one tagged `previous`); other samples are left out.
 * Thousands of samples per refresh (routes × buckets): the route and method values are looked up directly,
 * each `le` text is parsed once, and the service-wide sums are kept per `le` text, as Prometheus's
 * `sum by (le)` keeps them ("1" and "1.0" stay apart until the quantile coalesces them).
 */
function bucketGroups(samples: readonly PromVectorSample[], routeLabel: string | undefined, methodLabel: string | undefined): BucketGroups {
  const groups: BucketGroup[] = [];
  const byRoute = new Map<string | undefined, Map<string | undefined, BucketGroup>>();
  const byKey = new Map<string, BucketGroup>();
  const les = new Map<string, { bound: number | undefined; index: number }>();
  const sums = { current: [] as number[], previous: [] as number[] };
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const m = s.metric;
    if (m.prodlens_q !== undefined) continue;
    // The built-in query leaves the current window untagged; an override may tag it `current`.
    const scope = m.prodlens_scope ?? (m.le !== undefined ? 'current' : undefined);
    if (scope !== 'current' && scope !== 'previous') continue;
    const text = m.le ?? '';
    let le = les.get(text);
    if (!le) les.set(text, (le = { bound: parseBucketBound(text), index: les.size }));
    const sum = sums[scope];
    sum[le.index] = (sum[le.index] ?? 0) + s.v;
    if (scope !== 'current' || le.bound === undefined) continue;
    let plain = true;
    for (const name in m) {
      if (name !== 'le' && name !== 'prodlens_scope' && name !== routeLabel && name !== methodLabel && name !== SHORT_ROUTE && name !== SHORT_METHOD) {
        plain = false;
        break;
      }
    }
    let group: BucketGroup | undefined;
    if (plain) {
      const route = m[SHORT_ROUTE] ?? (routeLabel === undefined ? undefined : m[routeLabel]);
      const method = m[SHORT_METHOD] ?? (methodLabel === undefined ? undefined : m[methodLabel]);
      let methods = byRoute.get(route);
      if (!methods) byRoute.set(route, (methods = new Map<string | undefined, BucketGroup>()));
      group = methods.get(method);
      if (!group) methods.set(method, (group = newGroup(m, groups, routeLabel, methodLabel)));
    } else {
      const key = groupKey(m);
      group = byKey.get(key);
      if (!group) byKey.set(key, (group = newGroup(m, groups, routeLabel, methodLabel)));
    }
    group.buckets.push({ le: le.bound, count: s.v });
  }
  const summed = (sum: number[]) => {
    const out: Bucket[] = [];
    for (const { bound, index } of les.values()) if (bound !== undefined && sum[index] !== undefined) out.push({ le: bound, count: sum[index] });
    return out;
  };
  return { routes: groups, current: summed(sums.current), previous: summed(sums.previous) };
}

/** A new histogram for the sample's labels, with `r`/`m` back under the convention's route and method names. */
function newGroup(metric: Record<string, string>, groups: BucketGroup[], routeLabel: string | undefined, methodLabel: string | undefined): BucketGroup {
  const labels: Record<string, string> = {};
  for (const name in metric) {
    if (name === 'le' || name === 'prodlens_scope') continue;
    if (name === SHORT_ROUTE && routeLabel !== undefined) labels[routeLabel] = metric[name];
    else if (name === SHORT_METHOD && methodLabel !== undefined) labels[methodLabel] = metric[name];
    else labels[name] = metric[name];
  }
  const group = { metric: labels, buckets: [] };
  groups.push(group);
  return group;
}

/**
 * The rows of the route table, one per route name and method, looked up by name then method (no key text is
 * built per sample). Created once per assembly: its lookups run for every sample.
 */
class RouteRows {
  readonly list: RouteAccumulator[] = [];
  private readonly byName = new Map<string, Map<string | undefined, RouteAccumulator>>();

  constructor(
    private readonly routeLabel: string | undefined,
    private readonly methodLabel: string | undefined,
  ) {}

  private nameOf(metric: Record<string, string>): string {
    return this.routeLabel ? metric[this.routeLabel] ?? '(no route)' : '(all)';
  }

  rowOf(metric: Record<string, string>): RouteAccumulator {
    const name = this.nameOf(metric);
    const method = this.methodLabel ? metric[this.methodLabel] : undefined;
    let methods = this.byName.get(name);
    if (!methods) this.byName.set(name, (methods = new Map<string | undefined, RouteAccumulator>()));
    let acc = methods.get(method);
    if (!acc) {
      methods.set(method, (acc = { name, method, latency: {} }));
      this.list.push(acc);
    }
    return acc;
  }

  /** The rows a latency applies to. */
  latencyRows(metric: Record<string, string>): RouteAccumulator[] {
    if (this.methodLabel && metric[this.methodLabel] === undefined) {
      // A histogram without the counter's method label (common with prom-client, always with Python) still
      // describes the route: it applies to each method row of that route.
      const methods = this.byName.get(this.nameOf(metric));
      return methods ? [...methods.values()] : [this.rowOf(metric)];
    }
    return [this.rowOf(metric)];
  }
}

/** The previous window's totals; the current window's totals and errors go to the route rows. */
function readRates(rates: readonly PromVectorSample[], rows: RouteRows): { total: number; errors: number; seen: boolean } {
  const prev = { total: 0, errors: 0, seen: false };
  for (const s of rates) {
    const value = finite(s.v) ?? 0;
    switch (s.metric.prodlens_kind) {
      case 'total': rows.rowOf(s.metric).total = value; break;
      case 'errors': rows.rowOf(s.metric).errors = value; break;
      case 'prev_total': prev.total += value; prev.seen = true; break;
      case 'prev_errors': prev.errors += value; break;
    }
  }
  return prev;
}

/** Sets each route row's quantiles and returns the service's, now and in the previous window. */
function readLatency(rc: ResolvedConvention, latency: readonly PromVectorSample[], rows: RouteRows): { overall: Rates['latency']; previous: Rates['latency'] } {
  const overall: Rates['latency'] = {};
  const previous: Rates['latency'] = {};
  const toSeconds = (v: number) => (Number.isFinite(v) ? v * rc.convention.latencyToSeconds : undefined);
  const buckets = bucketGroups(latency, rc.routeLabel, rc.methodLabel);
  // Each histogram prepared once (sorted, coalesced, made monotonic) for its three quantiles. Indexed loops:
  // this runs for every route of the service.
  const groups = buckets.routes;
  for (let g = 0; g < groups.length; g++) {
    const prepared = prepareHistogram(groups[g].buckets, true);
    let targets: RouteAccumulator[] | undefined;
    for (let k = 0; k < QUANTILES.length; k++) {
      const seconds = toSeconds(quantileOf(QUANTILES[k][1], prepared));
      if (seconds === undefined) continue;
      targets ??= rows.latencyRows(groups[g].metric);
      for (let r = 0; r < targets.length; r++) targets[r].latency[QUANTILES[k][0]] = seconds;
    }
  }
  if (buckets.current.length > 0) {
    const prepared = prepareHistogram(buckets.current, true);
    for (const [name, q] of QUANTILES) {
      const seconds = toSeconds(quantileOf(q, prepared));
      if (seconds !== undefined) overall[name] = seconds;
    }
  }
  if (buckets.previous.length > 0) {
    const seconds = toSeconds(quantileOf(0.95, prepareHistogram(buckets.previous, true)));
    if (seconds !== undefined) previous.p95 = seconds;
  }
  // Quantiles computed by Prometheus, as a `queries.latency` override in .prodlens.json may still return.
  for (const s of latency) {
    const q = s.metric.prodlens_q as Quantile;
    const seconds = toSeconds(s.v);
    if (seconds === undefined || !QUANTILE_NAMES.includes(q)) continue;
    if (s.metric.prodlens_scope === 'overall') overall[q] = seconds;
    else if (s.metric.prodlens_scope === 'previous') previous[q] = seconds;
    else for (const r of rows.latencyRows(s.metric)) r.latency[q] = seconds;
  }
  return { overall, previous };
}

/** The chart series by name, latency in seconds. */
function chartSeries(rc: ResolvedConvention, range: readonly PromSeries[]): ServiceMetrics['series'] {
  const series: ServiceMetrics['series'] = {};
  for (const s of range) {
    const points = s.points.filter((p) => Number.isFinite(p.v)).map((p) => ({ t: p.t, v: p.v }));
    const name = s.metric.prodlens_series;
    if (name === 'throughput') series.throughput = points;
    else if (name === 'error_ratio') series.errorRatio = points;
    else if (name === 'p95') series.p95 = points.map((p) => ({ t: p.t, v: p.v * rc.convention.latencyToSeconds }));
  }
  return series;
}

export function assembleServiceMetrics(
  rc: ResolvedConvention,
  rates: readonly PromVectorSample[],
  latency: readonly PromVectorSample[],
  range: readonly PromSeries[],
): ServiceMetrics {
  const rows = new RouteRows(rc.routeLabel, rc.methodLabel);
  const prev = readRates(rates, rows);
  const { overall, previous } = readLatency(rc, latency, rows);
  const routes = rows.list;
  const hasStatus = rc.statusLabel !== undefined;
  const routeRows: RouteMetrics[] = routes
    .filter((r) => r.total !== undefined)
    .map((r) => ({
      kind: rc.convention.breakdown,
      name: r.name,
      method: r.method,
      throughput: r.total,
      // A route with traffic and no 5xx series has ratio 0: absence of errors is data, not a gap.
      errorRatio: hasStatus && r.total! > 0 ? (r.errors ?? 0) / r.total! : undefined,
      latency: r.latency,
    }));
  const total = routeRows.reduce((sum, r) => sum + (r.throughput ?? 0), 0);
  const errors = routes.reduce((sum, r) => sum + (r.errors ?? 0), 0);
  return {
    convention: rc.convention.id,
    current: {
      throughput: routeRows.length ? total : undefined,
      errorRatio: hasStatus && total > 0 ? errors / total : undefined,
      latency: overall,
    },
    previous: {
      throughput: prev.seen ? prev.total : undefined,
      errorRatio: hasStatus && prev.total > 0 ? prev.errors / prev.total : undefined,
      latency: previous,
    },
    routes: routeRows.sort((a, b) => (b.throughput ?? 0) - (a.throughput ?? 0)),
    series: chartSeries(rc, range),
  };
}
