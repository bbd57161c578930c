// The Health view's state, built from the snapshot as plain JSON for the webview. Numbers are formatted
// here (one place, shared formats); the webview only lays them out. The state's type is the contract in
// core/healthViewState.ts, shared with the webview.
import { formatChange, formatPercent, formatRate, formatRateShort, formatSeconds, formatAge } from '../../core/format';
import type { HealthSnapshot, SeriesPoint } from '../../core/model';
import type { HealthChart, HealthRow } from '../../core/healthViewState';
import { routeKey } from '../../core/labels';
import { coverageText, dataAgeMs } from '../../core/statusSummary';

const MAX_ROWS = 200;

function values(points: SeriesPoint[] | undefined): SeriesPoint[] {
  return (points ?? []).filter((p) => Number.isFinite(p.v));
}

export function healthCharts(snapshot: HealthSnapshot): HealthChart[] {
  const { current, previous, series } = snapshot;
  const charts: HealthChart[] = [];
  if (current.errorRatio !== undefined || series.errorRatio?.length) {
    charts.push({ id: 'errorRatio', title: 'Error ratio', value: current.errorRatio === undefined ? '–' : formatPercent(current.errorRatio), change: formatChange(current.errorRatio, previous?.errorRatio), points: values(series.errorRatio) });
  }
  if (current.latency.p95 !== undefined || series.p95?.length) {
    charts.push({ id: 'p95', title: 'p95 latency', value: current.latency.p95 === undefined ? '–' : formatSeconds(current.latency.p95), change: formatChange(current.latency.p95, previous?.latency.p95), points: values(series.p95) });
  }
  if (current.throughput !== undefined || series.throughput?.length) {
    charts.push({ id: 'throughput', title: 'Throughput', value: current.throughput === undefined ? '–' : formatRate(current.throughput), change: formatChange(current.throughput, previous?.throughput), points: values(series.throughput) });
  }
  return charts;
}

export function healthRows(snapshot: HealthSnapshot): HealthRow[] {
  return snapshot.routes.slice(0, MAX_ROWS).map((r) => ({
    key: routeKey(r.kind, r.method, r.name),
    kind: r.kind,
    name: r.name.slice(0, 300),
    method: r.method?.slice(0, 20),
    errorRatio: r.errorRatio,
    p95: r.latency.p95,
    throughput: r.throughput,
    errorText: r.errorRatio === undefined ? '–' : formatPercent(r.errorRatio),
    p95Text: r.latency.p95 === undefined ? '–' : formatSeconds(r.latency.p95),
    throughputText: r.throughput === undefined ? '–' : formatRateShort(r.throughput),
    file: r.location?.file,
    line: r.location?.line,
    notCode: r.location ? undefined : r.notCode,
  }));
}

export function snapshotAge(snapshot: HealthSnapshot, now: number): string {
  return formatAge(dataAgeMs(snapshot, now));
}

/**
 * The lines under the charts: how much of the window has data and what the last minutes say (the level
 * judges the window by them), partial answers, then the backends' own notes.
 */
export function healthNotes(snapshot: HealthSnapshot | undefined, now: number): string[] {
  if (!snapshot) return [];
  const notes: string[] = [];
  const coverage = coverageText(snapshot, now);
  if (coverage) notes.push(`Note: ${coverage}.`);
  const recent = snapshot.recent;
  if (recent?.throughput !== undefined && (coverage || recent.throughput === 0 || snapshot.status !== 'ok')) {
    const figures = recent.throughput === 0 ? 'no requests' : [formatRate(recent.throughput), recent.errorRatio !== undefined ? `${formatPercent(recent.errorRatio)} errors` : undefined].filter(Boolean).join(' · ');
    notes.push(`Last ${formatAge(recent.spanMs)}: ${figures}.`);
  }
  for (const b of snapshot.backends) if (b.partial) notes.push(`Partial answer: ${b.partial}`);
  notes.push(...snapshot.backends.flatMap((b) => b.notes ?? []));
  return notes.slice(0, 12);
}
