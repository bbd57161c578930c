// Merges what each backend last returned into one HealthSnapshot. Pure: the refresh service owns the state.
import { DEFAULT_THRESHOLDS, scoreHealth, type HealthThresholds } from '../core/health';
import type { BackendStatus, Deploy, ErrorGroup, HealthSnapshot, Incident } from '../core/model';
import type { SourceResult } from './sources/types';

export interface SourcePart {
  key: string;
  result: SourceResult;
  /** Unix ms of the answer. */
  at: number;
}

const SEVERITY_ORDER: Record<Incident['severity'], number> = { critical: 0, error: 1, warning: 2, info: 3 };

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
  now: number;
  parts: readonly SourcePart[];
  backends: readonly BackendStatus[];
  thresholds?: HealthThresholds;
}): HealthSnapshot {
  const metrics = input.parts.find((p) => p.result.metrics)?.result.metrics;
  const incidents: Incident[] = newestFirst(input.parts.flatMap((p) => p.result.incidents ?? []), (i) => i.startedAt, (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const errors: ErrorGroup[] = input.parts.flatMap((p) => p.result.errors ?? []).sort((a, b) => b.count - a.count);
  const deploys: Deploy[] = newestFirst(input.parts.flatMap((p) => p.result.deploys ?? []), (d) => d.finishedAt);
  const verdict = scoreHealth(metrics?.current, incidents, input.thresholds ?? DEFAULT_THRESHOLDS);
  // Stale: some backend's latest attempt failed, so what it shows is older than this refresh.
  const stale = input.backends.some((b) => b.state === 'error');
  return {
    service: input.service,
    environment: input.environment,
    window: input.window,
    fetchedAt: input.now,
    status: verdict.status,
    statusReasons: verdict.reasons,
    current: metrics?.current ?? { latency: {} },
    previous: metrics?.previous,
    series: metrics?.series ?? {},
    routes: metrics?.routes ?? [],
    errors,
    incidents,
    deploys,
    backends: [...input.backends],
    stale,
  };
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
