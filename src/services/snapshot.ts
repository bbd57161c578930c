// Merges what each backend last returned into one HealthSnapshot. Pure: the refresh service owns the state.
import { assessHealth, DEFAULT_THRESHOLDS, recentFigures, windowCoverage, type HealthThresholds } from '../core/health';
import type { BackendKind, BackendStatus, Deploy, ErrorGroup, HealthSnapshot, Incident } from '../core/model';
import { BACKEND_LABEL } from '../core/labels';
import type { SourceResult } from './sources/types';

export interface SourcePart {
  key: string;
  kind: BackendKind;
  result: SourceResult;
  /** Unix ms of the answer. */
  at: number;
}

const SEVERITY_ORDER: Record<Incident['severity'], number> = { critical: 0, error: 1, warning: 2, info: 3 };
/** Open incidents first; silenced, inhibited and resolved ones after them, whatever their severity. */
const inactive = (i: Incident) => (i.status === 'suppressed' || i.status === 'resolved' ? 1 : 0);
const SIGNALS: Record<BackendKind, string> = { prometheus: 'request metrics', alertmanager: 'alerts', sentry: 'errors', pagerduty: 'incidents' };

/** The key a backend's part and status share. */
export function partKey(kind: BackendKind, url: string | undefined): string {
  return `${kind} ${url ?? ''}`;
}

/**
 * Sorted newest first by instant (after `before`), not by text: backends write ISO 8601 with offsets
 * (`11:30+02:00`) and with or without fractions, which sort wrongly as strings. Unparseable times go last.
 */
function newestFirst<T>(items: T[], time: (item: T) => string, before: (a: T, b: T) => number = () => 0): T[] {
  // Each time parsed once, not once per comparison: a service can have hundreds of alerts.
  const keyed = items.map((item) => {
    const t = Date.parse(time(item));
    return { item, t: Number.isNaN(t) ? -Infinity : t };
  });
  keyed.sort((a, b) => before(a.item, b.item) || b.t - a.t || 0);
  return keyed.map((k) => k.item);
}

export function buildSnapshot(input: {
  service: string;
  environment: string;
  window: string;
  /** The window's length, to judge how current the figures are. */
  windowMs: number;
  now: number;
  parts: readonly SourcePart[];
  backends: readonly BackendStatus[];
  thresholds?: HealthThresholds;
}): HealthSnapshot {
  const metrics = input.parts.find((p) => p.result.metrics)?.result.metrics;
  const incidents: Incident[] = newestFirst(
    input.parts.flatMap((p) => p.result.incidents ?? []),
    (i) => i.startedAt,
    (a, b) => inactive(a) - inactive(b) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const errors: ErrorGroup[] = input.parts.flatMap((p) => p.result.errors ?? []).sort((a, b) => b.count - a.count);
  const deploys: Deploy[] = newestFirst(input.parts.flatMap((p) => p.result.deploys ?? []), (d) => d.finishedAt);
  const partAt = new Map(input.parts.map((p) => [p.key, p.at]));
  const series = metrics?.series ?? {};
  const recent = metrics ? recentFigures(series, input.now, input.windowMs) : undefined;
  const coverage = metrics ? windowCoverage(series.throughput, input.now, input.windowMs) : undefined;
  const kinds = new Set(input.parts.map((p) => p.kind));
  const verdict = assessHealth(
    {
      current: metrics?.current,
      recent,
      incidents,
      incidentsKnown: kinds.has('alertmanager') || kinds.has('pagerduty'),
      errors,
      errorsKnown: kinds.has('sentry'),
      // A backend that failed before ever answering: what it would tell is not known.
      unknown: input.backends.filter((b) => b.state === 'error' && !partAt.has(partKey(b.kind, b.url))).map((b) => ({ signals: SIGNALS[b.kind], backend: BACKEND_LABEL[b.kind] })),
      now: input.now,
      windowMs: input.windowMs,
      windowLabel: input.window,
    },
    input.thresholds ?? DEFAULT_THRESHOLDS,
  );
  // Stale: a backend's latest attempt failed and what it shows is its last good answer, older than this refresh.
  const stale = input.backends.some((b) => b.state === 'error' && partAt.has(partKey(b.kind, b.url)));
  const snapshot: HealthSnapshot = {
    service: input.service,
    environment: input.environment,
    window: input.window,
    fetchedAt: input.now,
    status: verdict.status,
    statusReasons: verdict.reasons,
    current: metrics?.current ?? { latency: {} },
    previous: metrics?.previous,
    series,
    routes: metrics?.routes ?? [],
    errors,
    incidents,
    deploys,
    backends: input.backends.map((b) => ({ ...b, dataAt: partAt.get(partKey(b.kind, b.url)) })),
    stale,
  };
  if (coverage) snapshot.coverage = coverage;
  if (recent) snapshot.recent = recent;
  const buildInfo = input.parts.flatMap((p) => p.result.buildInfo ?? []);
  if (buildInfo.length) snapshot.buildInfo = buildInfo;
  return snapshot;
}

/** Error groups kept in the persisted snapshot: the most frequent, which are what a restart shows first. */
export const STORED_ERROR_GROUPS = 500;

/**
 * The snapshot as persisted after a refresh. A service with thousands of error groups makes a snapshot of
 * megabytes (12 MB for 10,000 groups), serialised on the extension host thread on every refresh and then
 * refused by the store's size limit, so nothing at all was kept. The most frequent groups are kept instead.
 */
export function snapshotForStorage(snapshot: HealthSnapshot): HealthSnapshot {
  if (snapshot.errors.length <= STORED_ERROR_GROUPS) return snapshot;
  return { ...snapshot, errors: snapshot.errors.slice(0, STORED_ERROR_GROUPS) };
}

/**
 * The parts a persisted snapshot holds, one per backend whose answer it showed, dated by that answer. Items carry only their backend's kind, so a kind configured twice for one service is not split.
 */
export function partsFromSnapshot(saved: HealthSnapshot, sources: readonly { kind: BackendKind; url: string }[]): SourcePart[] {
  const parts: SourcePart[] = [];
  for (const source of sources) {
    if (sources.filter((s) => s.kind === source.kind).length > 1) continue;
    const status = saved.backends.find((b) => b.kind === source.kind && b.url === source.url);
    // What the snapshot showed for it, and from when (snapshots saved before `dataAt` existed: an ok answer).
    const at = status?.dataAt ?? (status?.state === 'ok' ? status.lastSuccess : undefined);
    if (!status || at === undefined) continue;
    const key = partKey(source.kind, source.url);
    switch (source.kind) {
      case 'prometheus':
        parts.push({ key, kind: source.kind, at, result: { metrics: { convention: status.convention?.id ?? '', current: saved.current, previous: saved.previous ?? { latency: {} }, routes: saved.routes, series: saved.series }, convention: status.convention, buildInfo: saved.buildInfo } });
        break;
      case 'sentry':
        parts.push({ key, kind: source.kind, at, result: { errors: saved.errors.filter((e) => e.source === 'sentry'), deploys: saved.deploys.filter((d) => d.source === 'sentry') } });
        break;
      case 'alertmanager':
      case 'pagerduty':
        parts.push({ key, kind: source.kind, at, result: { incidents: saved.incidents.filter((i) => i.source === source.kind) } });
        break;
    }
  }
  return parts;
}
