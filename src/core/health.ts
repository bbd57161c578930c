// Health scoring: ok / degraded / critical from every backend's data, with the reasons spelled out so the
// status bar tooltip, the Health view and `prodlens status` can say why. The rule, documented in the README:
//
// - Metrics (Prometheus): the window's error ratio and p95 against the thresholds, but `critical` only while
//   it is still true now: the chart's recent points (the last few minutes) decide whether a breach is
//   current. A window that was critical and is fine now (or has had no traffic for a while) is `degraded`,
//   and says so. A breach that is new and large enough in the recent points counts although the window's
//   average is still under the threshold.
// - Incidents (PagerDuty, Alertmanager): a triggered or firing critical one makes the service critical, any
//   other open one degraded. Silenced and inhibited alerts and resolved incidents never count.
// - Errors (Sentry): an error group first seen inside the window and still occurring makes the service
//   degraded (never critical by itself: counts alone say nothing about the share of requests failing).
// - Backends: a backend that failed still counts with its last good data. One that never answered makes its
//   signals unknown (said in the reasons) without lowering or raising the level; only when no backend has
//   data at all is the service `unknown`.
import { formatAge, formatAgo, formatPercent, formatSeconds } from './format';
import type { ErrorGroup, HealthStatus, Incident, Rates, RecentFigures, SeriesPoint, WindowCoverage } from './model';
import { oneLine } from './text';

export interface HealthThresholds {
  /** Error ratio (0..1) at which the service is degraded / critical. */
  errorRatio: { degraded: number; critical: number };
  /** p95 latency in seconds at which the service is degraded / critical. */
  p95Seconds: { degraded: number; critical: number };
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  errorRatio: { degraded: 0.01, critical: 0.05 },
  p95Seconds: { degraded: 0.5, critical: 2 },
};

const RANK: Record<HealthStatus, number> = { unknown: 0, ok: 1, degraded: 2, critical: 3 };

function worse(a: HealthStatus, b: HealthStatus): HealthStatus {
  return RANK[a] >= RANK[b] ? a : b;
}

function milder(a: HealthStatus, b: HealthStatus): HealthStatus {
  return RANK[a] <= RANK[b] ? a : b;
}

export interface HealthVerdict {
  status: HealthStatus;
  reasons: string[];
}

/** Recent points must come from at least this much time, so one scrape's noise cannot decide a level. */
const MIN_RECENT_SPAN_MS = 5 * 60_000;
/** Below this many recent requests the recent figures may only lower a level, never raise it. */
export const MIN_RECENT_REQUESTS = 20;
/** An error group counts as still occurring when it was last seen this recently (or within the recent span). */
const STILL_OCCURRING_MS = 15 * 60_000;
/** A chart point counts as covering the window's start when it is within this many steps of it. */
const COVERAGE_SLACK_STEPS = 1.5;

function stepOf(points: readonly SeriesPoint[], windowMs: number): number {
  let step = Infinity;
  for (let i = 1; i < points.length; i++) step = Math.min(step, points[i].t - points[i - 1].t);
  return Number.isFinite(step) && step > 0 ? step : windowMs / 60;
}

/** The recent span of a window's chart: the last two chart steps, and at least five minutes. */
export function recentSpanMs(windowMs: number, points: readonly SeriesPoint[] = []): number {
  return Math.max(MIN_RECENT_SPAN_MS, 2 * stepOf(points, windowMs));
}

/**
 * The figures of the chart's recent points. `undefined` when the chart has no throughput series (nothing to
 * say about now). A service whose traffic stopped shows throughput 0 with when it was last seen.
 */
export function recentFigures(series: { throughput?: SeriesPoint[]; errorRatio?: SeriesPoint[]; p95?: SeriesPoint[] }, now: number, windowMs: number): RecentFigures | undefined {
  const throughput = series.throughput;
  if (!throughput || throughput.length === 0) return undefined;
  const spanMs = recentSpanMs(windowMs, throughput);
  const since = now - spanMs;
  const inSpan = (points: readonly SeriesPoint[] | undefined) => (points ?? []).filter((p) => p.t > since && Number.isFinite(p.v));
  const recentThroughput = inSpan(throughput);
  const mean = (points: readonly SeriesPoint[]) => (points.length ? points.reduce((sum, p) => sum + p.v, 0) / points.length : undefined);
  const rate = mean(recentThroughput) ?? 0;
  const figures: RecentFigures = { since, spanMs, throughput: rate };
  if (rate <= 0) {
    const last = [...throughput].reverse().find((p) => p.v > 0);
    if (last) figures.lastTrafficAt = last.t;
    figures.requests = 0;
    return figures;
  }
  const step = stepOf(throughput, windowMs);
  figures.requests = recentThroughput.reduce((sum, p) => sum + p.v, 0) * (step / 1000);
  const ratio = mean(inSpan(series.errorRatio));
  if (ratio !== undefined) figures.errorRatio = ratio;
  const p95s = inSpan(series.p95);
  if (p95s.length) figures.p95 = Math.max(...p95s.map((p) => p.v));
  return figures;
}

/** From the first throughput point to now, as a share of the window; `undefined` without a chart. */
export function windowCoverage(throughput: readonly SeriesPoint[] | undefined, now: number, windowMs: number): WindowCoverage | undefined {
  const first = throughput?.find((p) => Number.isFinite(p.v));
  if (!throughput || !first) return undefined;
  const start = now - windowMs;
  if (first.t - start <= COVERAGE_SLACK_STEPS * stepOf(throughput, windowMs)) return { since: start, fraction: 1 };
  return { since: first.t, fraction: Math.max(0, Math.min(1, (now - first.t) / windowMs)) };
}

function levelOf(value: number | undefined, limits: { degraded: number; critical: number }): HealthStatus | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return value >= limits.critical ? 'critical' : value >= limits.degraded ? 'degraded' : 'ok';
}

interface Figure {
  name: string;
  window?: number;
  recent?: number;
  limits: { degraded: number; critical: number };
  format(v: number): string;
}

/**
 * One figure (error ratio or p95): the window's level, bounded by what the recent points say when there are
 * enough of them. An idle service is handled by the caller (no figure to judge now).
 */
function scoreFigure(f: Figure, recent: RecentFigures | undefined, windowLabel: string, reasons: string[]): HealthStatus | undefined {
  const windowLevel = levelOf(f.window, f.limits);
  if (windowLevel === undefined) return undefined;
  const limitFor = (level: HealthStatus) => (level === 'critical' ? f.limits.critical : f.limits.degraded);
  const recentLevel = recent && (recent.requests ?? 0) >= MIN_RECENT_REQUESTS ? levelOf(f.recent, f.limits) : undefined;
  if (recent && recentLevel !== undefined && windowLevel === 'critical' && recentLevel !== 'critical') {
    reasons.push(`${f.name} ${f.format(f.window!)} over ${windowLabel} ≥ ${f.format(f.limits.critical)}, but ${f.format(f.recent!)} in the last ${formatAge(recent.spanMs)}`);
    return 'degraded';
  }
  if (recent && recentLevel !== undefined && RANK[recentLevel] > RANK[windowLevel]) {
    reasons.push(`${f.name} ${f.format(f.recent!)} in the last ${formatAge(recent.spanMs)} ≥ ${f.format(limitFor(recentLevel))} (${f.format(f.window!)} over ${windowLabel})`);
    return recentLevel;
  }
  if (windowLevel !== 'ok') reasons.push(`${f.name} ${f.format(f.window!)} ≥ ${f.format(limitFor(windowLevel))}`);
  return windowLevel;
}

export interface HealthInput {
  /** The window's figures, when a metrics backend has data (fresh or kept). */
  current?: Rates;
  /** What the chart's recent points say, when there is a chart. */
  recent?: RecentFigures;
  incidents: readonly Incident[];
  /** Whether an incident backend (PagerDuty, Alertmanager) has data, fresh or kept. */
  incidentsKnown: boolean;
  errors: readonly ErrorGroup[];
  /** Whether an error backend (Sentry) has data, fresh or kept. */
  errorsKnown: boolean;
  /** Backends configured for the service that failed with nothing kept, and the signals they would give. */
  unknown?: readonly { signals: string; backend: string }[];
  now: number;
  windowMs: number;
  /** `1h`, for the reasons. */
  windowLabel: string;
}

/** The service's level and why, by the rule at the top of this file. */
export function assessHealth(input: HealthInput, thresholds: HealthThresholds = DEFAULT_THRESHOLDS): HealthVerdict {
  let status: HealthStatus = 'unknown';
  const reasons: string[] = [];
  const { current, recent } = input;
  const hasTraffic = current !== undefined && (current.throughput !== undefined || current.errorRatio !== undefined);

  let metricsLevel: HealthStatus | undefined;
  if (current) {
    const figures: Figure[] = [
      { name: 'error ratio', window: current.errorRatio, recent: recent?.errorRatio, limits: thresholds.errorRatio, format: formatPercent },
      { name: 'p95 latency', window: current.latency.p95, recent: recent?.p95, limits: thresholds.p95Seconds, format: formatSeconds },
    ];
    for (const f of figures) {
      const level = scoreFigure(f, recent, input.windowLabel, reasons);
      if (level) metricsLevel = worse(metricsLevel ?? 'unknown', level);
    }
    if (hasTraffic) metricsLevel = worse(metricsLevel ?? 'unknown', 'ok');
    if (recent && recent.throughput === 0 && hasTraffic && (current.throughput ?? 0) > 0) {
      const since = recent.lastTrafficAt !== undefined ? ` since ${formatAgo(input.now - recent.lastTrafficAt)}` : '';
      reasons.push(`no requests${since}: the ${input.windowLabel} figures describe earlier traffic`);
      if (metricsLevel) metricsLevel = milder(metricsLevel, 'degraded');
    }
  }
  if (metricsLevel) status = worse(status, metricsLevel);

  const open = input.incidents.filter((i) => i.status !== 'resolved' && i.status !== 'suppressed');
  if (open.length > 0) {
    const critical = open.filter((i) => i.severity === 'critical' && (i.status === 'triggered' || i.status === 'firing'));
    status = worse(status, critical.length > 0 ? 'critical' : 'degraded');
    reasons.push(`${open.length} open incident${open.length === 1 ? '' : 's'} or alert${open.length === 1 ? '' : 's'}${critical.length ? ` (${critical.length} critical)` : ''}`);
  } else if (input.incidentsKnown) {
    status = worse(status, 'ok');
  }

  if (input.errorsKnown) {
    const fresh = newErrors(input.errors, input.now, input.windowMs, recent);
    if (fresh.length > 0) {
      status = worse(status, 'degraded');
      const top = fresh[0];
      const more = fresh.length > 1 ? ` and ${fresh.length - 1} more` : '';
      reasons.push(`new error in the last ${input.windowLabel}, still occurring: ${oneLine(top.title, 80)} (${top.count} event${top.count === 1 ? '' : 's'})${more}`);
    } else {
      status = worse(status, 'ok');
    }
  }

  for (const { signals, backend } of input.unknown ?? []) reasons.push(`${signals} unknown: ${backend} has not answered`);
  return { status, reasons };
}

/** Error groups first seen inside the window and still occurring, at error level or worse, most events first. */
export function newErrors(errors: readonly ErrorGroup[], now: number, windowMs: number, recent?: RecentFigures): ErrorGroup[] {
  const windowStart = now - windowMs;
  const stillSince = Math.min(now - STILL_OCCURRING_MS, recent?.since ?? Infinity);
  return errors.filter((e) => {
    if (e.level !== 'error' && e.level !== 'critical') return false;
    const first = e.firstSeen ? Date.parse(e.firstSeen) : NaN;
    const last = e.lastSeen ? Date.parse(e.lastSeen) : NaN;
    return first >= windowStart && last >= stillSince;
  });
}
