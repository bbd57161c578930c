// Builds the few queries a refresh needs for one service (rates, latency, chart series: three queries,
// each broken down with `by (...)`, never one per route) and assembles their answers into domain metrics.
import type { Rates, RouteMetrics, SeriesPoint } from '../../core/model';
import type { TimeWindow } from '../../core/timeWindow';
import { NOISE_ROUTES, promString, selectorText, type ResolvedConvention } from './conventions';
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
  // HTTP server spans (spanmetrics' `span_name`) are named "GET /metrics": the method prefix is optional.
  const noise = routeLabel ? [`${routeLabel}!~${promString(`(?:[A-Z]+ )?(?:${[...NOISE_ROUTES].map(escapeRegex).join('|')})`)}`] : [];
  const sel = selectorText(rc.selector, noise);
  const errSel = statusLabel ? selectorText(rc.selector, [...noise, c.errorMatcher(statusLabel)]) : undefined;
  const by = [routeLabel, methodLabel].filter(Boolean).join(', ');
  const w = promDuration(window.seconds);
  const req = (s: string, offset = '') => `sum by (${by}) (rate(${c.requests}${s}[${w}]${offset}))`;

  const rates = [
    tag(req(sel), 'prodlens_kind', 'total'),
    errSel && tag(req(errSel), 'prodlens_kind', 'errors'),
    tag(req(sel, ` offset ${w}`), 'prodlens_kind', 'prev_total'),
    errSel && tag(req(errSel, ` offset ${w}`), 'prodlens_kind', 'prev_errors'),
  ].filter(Boolean).join('\nor ');

  let latency: string | undefined;
  if (c.histogram) {
    const bucket = `rate(${c.histogram}_bucket${sel}[${w}])`;
    latency = [
      ...QUANTILES.flatMap(([name, q]) => [
        tag(`histogram_quantile(${q}, sum by (le${by ? `, ${by}` : ''}) (${bucket}))`, 'prodlens_q', name),
        tag(tag(`histogram_quantile(${q}, sum by (le) (${bucket}))`, 'prodlens_q', name), 'prodlens_scope', 'overall'),
      ]),
      // The previous window's p95, for the change shown beside the current one.
      tag(tag(`histogram_quantile(0.95, sum by (le) (rate(${c.histogram}_bucket${sel}[${w}] offset ${w})))`, 'prodlens_q', 'p95'), 'prodlens_scope', 'previous'),
    ].join('\nor ');
  }

  const step = Math.max(1, Math.round(window.seconds / chartPoints));
  const r = promDuration(Math.max(step * 2, 120));
  const total = `sum(rate(${c.requests}${sel}[${r}]))`;
  const range = [
    tag(total, 'prodlens_series', 'throughput'),
    errSel && tag(`(sum(rate(${c.requests}${errSel}[${r}])) or vector(0)) / ${total}`, 'prodlens_series', 'error_ratio'),
    c.histogram && tag(`histogram_quantile(0.95, sum by (le) (rate(${c.histogram}_bucket${sel}[${r}])))`, 'prodlens_series', 'p95'),
  ].filter(Boolean).join('\nor ');

  return { rates, latency, range, step };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface RouteAccumulator {
  name: string;
  method?: string;
  total?: number;
  errors?: number;
  latency: Rates['latency'];
}

const finite = (v: number) => (Number.isFinite(v) ? v : undefined);

export function assembleServiceMetrics(
  rc: ResolvedConvention,
  rates: readonly PromVectorSample[],
  latency: readonly PromVectorSample[],
  range: readonly PromSeries[],
): ServiceMetrics {
  const { routeLabel, methodLabel } = rc;
  const routes = new Map<string, RouteAccumulator>();
  const prev = { total: 0, errors: 0, seen: false };
  const routeOf = (metric: Record<string, string>): RouteAccumulator => {
    const name = routeLabel ? metric[routeLabel] ?? '(no route)' : '(all)';
    const method = methodLabel ? metric[methodLabel] : undefined;
    const key = `${method ?? ''} ${name}`;
    let acc = routes.get(key);
    if (!acc) routes.set(key, (acc = { name, method, latency: {} }));
    return acc;
  };
  for (const s of rates) {
    const value = finite(s.v) ?? 0;
    switch (s.metric.prodlens_kind) {
      case 'total': routeOf(s.metric).total = value; break;
      case 'errors': routeOf(s.metric).errors = value; break;
      case 'prev_total': prev.total += value; prev.seen = true; break;
      case 'prev_errors': prev.errors += value; break;
    }
  }
  const overallLatency: Rates['latency'] = {};
  const previousLatency: Rates['latency'] = {};
  for (const s of latency) {
    const q = s.metric.prodlens_q as 'p50' | 'p95' | 'p99';
    const seconds = finite(s.v) === undefined ? undefined : s.v * rc.convention.latencyToSeconds;
    if (seconds === undefined || !['p50', 'p95', 'p99'].includes(q)) continue;
    if (s.metric.prodlens_scope === 'overall') overallLatency[q] = seconds;
    else if (s.metric.prodlens_scope === 'previous') previousLatency[q] = seconds;
    else if (methodLabel && s.metric[methodLabel] === undefined) {
      // A histogram without the counter's method label (common with prom-client, always with Python) still
      // describes the route: it applies to each method row of that route.
      const name = routeLabel ? s.metric[routeLabel] ?? '(no route)' : '(all)';
      const rows = [...routes.values()].filter((r) => r.name === name);
      for (const r of rows.length > 0 ? rows : [routeOf(s.metric)]) r.latency[q] = seconds;
    } else routeOf(s.metric).latency[q] = seconds;
  }
  const hasStatus = rc.statusLabel !== undefined;
  const routeRows: RouteMetrics[] = [...routes.values()]
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
  const errors = [...routes.values()].reduce((sum, r) => sum + (r.errors ?? 0), 0);
  const series: ServiceMetrics['series'] = {};
  for (const s of range) {
    const points = s.points.filter((p) => Number.isFinite(p.v)).map((p) => ({ t: p.t, v: p.v }));
    const name = s.metric.prodlens_series;
    if (name === 'throughput') series.throughput = points;
    else if (name === 'error_ratio') series.errorRatio = points;
    else if (name === 'p95') series.p95 = points.map((p) => ({ t: p.t, v: p.v * rc.convention.latencyToSeconds }));
  }
  return {
    convention: rc.convention.id,
    current: {
      throughput: routeRows.length ? total : undefined,
      errorRatio: hasStatus && total > 0 ? errors / total : undefined,
      latency: overallLatency,
    },
    previous: {
      throughput: prev.seen ? prev.total : undefined,
      errorRatio: hasStatus && prev.total > 0 ? prev.errors / prev.total : undefined,
      latency: previousLatency,
    },
    routes: routeRows.sort((a, b) => (b.throughput ?? 0) - (a.throughput ?? 0)),
    series,
  };
}
