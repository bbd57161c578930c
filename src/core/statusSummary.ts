// What the status bar says about a service, as plain data, so it is unit tested without VS Code and the
// CLI can print the same words.
import { formatAge, formatAgo, formatChange, formatPercent, formatRate, formatSeconds } from './format';
import type { HealthSnapshot, Incident } from './model';
import { backendLabel } from './labels';
import { oneLine } from './text';

export type SummaryLevel = 'ok' | 'degraded' | 'critical' | 'unknown' | 'loading' | 'nobackend' | 'stale';

export interface StatusSummary {
  /** Codicon name without `$(…)`. */
  icon: string;
  /** `checkout-api · 4.2% err · 1 incident`. */
  text: string;
  level: SummaryLevel;
  /** Plain-text lines for the tooltip. */
  details: string[];
}


export function summarise(input: { service: string; snapshot?: HealthSnapshot; loading: boolean; hasBackends: boolean; now: number; ignoredUntilTrusted?: number }): StatusSummary {
  const summary = summariseRaw({ ...input, service: oneLine(input.service, MAX_NAME) });
  // The name comes from the repository, the reasons and errors from backends: one clean, bounded line each.
  return { ...summary, details: summary.details.map((line) => oneLine(line, MAX_DETAIL)) };
}

const MAX_NAME = 60;
const MAX_DETAIL = 500;

function summariseRaw(input: Parameters<typeof summarise>[0]): StatusSummary {
  const { service, snapshot, now } = input;
  if (!input.hasBackends && input.ignoredUntilTrusted) {
    return {
      icon: 'shield',
      text: `${service} · workspace not trusted`,
      level: 'nobackend',
      details: [`This workspace is not trusted: ProdLens ignores the ${input.ignoredUntilTrusted} backend(s) its .prodlens.json names until you trust it, so no request (and no token) goes to a host the repository chose.`],
    };
  }
  if (!input.hasBackends) {
    return { icon: 'pulse', text: `${service} · no backend`, level: 'nobackend', details: ['No backend is connected for this service. Click to open the ProdLens sidebar.'] };
  }
  if (!snapshot) {
    return input.loading
      ? { icon: 'sync~spin', text: `${service} · loading…`, level: 'loading', details: ['Fetching production data…'] }
      : { icon: 'pulse', text: `${service} · waiting for data`, level: 'unknown', details: ['No data yet.'] };
  }
  const parts: string[] = [service];
  const { current, previous } = snapshot;
  if (current.errorRatio !== undefined) parts.push(`${formatPercent(current.errorRatio)} err`);
  const open = snapshot.incidents.filter((i) => i.status !== 'resolved' && i.status !== 'suppressed').length;
  if (open > 0) parts.push(`${open} incident${open === 1 ? '' : 's'}`);
  if (current.errorRatio === undefined && open === 0) {
    parts.push(current.latency.p95 !== undefined ? `p95 ${formatSeconds(current.latency.p95)}` : 'no data');
  }
  const failed = snapshot.backends.filter((b) => b.state === 'error');
  const age = now - snapshot.fetchedAt;
  const dataAge = dataAgeMs(snapshot, now);
  let icon = { ok: 'pass', degraded: 'warning', critical: 'error', unknown: 'question' }[snapshot.status];
  let level: SummaryLevel = snapshot.status;
  if (snapshot.stale || failed.length > 0) {
    icon = failed.length > 0 ? 'debug-disconnect' : 'history';
    // Stale: something shown is an earlier answer. A backend that failed with nothing kept is not stale
    // data, but the user still learns it is not answering.
    parts.push(snapshot.stale ? (dataAge < 60_000 ? 'stale' : `${formatAge(dataAge)} old`) : 'disconnected');
    // A critical service stays critical even with stale data; otherwise the staleness is the news.
    if (snapshot.status !== 'critical') level = 'stale';
  }

  const details: string[] = [];
  details.push(`Status: ${snapshot.status}${snapshot.statusReasons.length ? ` (${snapshot.statusReasons.join('; ')})` : ''}`);
  details.push(`Window: last ${snapshot.window} · environment ${snapshot.environment ?? 'any'}`);
  if (current.errorRatio !== undefined) details.push(`Error ratio: ${formatPercent(current.errorRatio)}${change(current.errorRatio, previous?.errorRatio)}`);
  if (current.latency.p95 !== undefined) details.push(`p95 latency: ${formatSeconds(current.latency.p95)}`);
  if (current.throughput !== undefined) details.push(`Throughput: ${formatRate(current.throughput)}${change(current.throughput, previous?.throughput)}`);
  const recent = snapshot.recent;
  if (recent?.throughput !== undefined) {
    const figures = [formatRate(recent.throughput), recent.errorRatio !== undefined ? `${formatPercent(recent.errorRatio)} err` : undefined].filter(Boolean);
    details.push(`Last ${formatAge(recent.spanMs)}: ${figures.join(' · ')}`);
  }
  const coverage = coverageText(snapshot, now);
  if (coverage) details.push(`Note: ${coverage}`);
  details.push(`Open incidents and alerts: ${open}`);
  details.push(`Last refresh: ${formatAge(Math.max(age, 0))}${age >= 5000 ? ' ago' : ''}${snapshot.stale ? ' (stale)' : ''}`);
  for (const b of snapshot.backends) {
    const kept = b.state === 'error' ? (b.dataAt !== undefined ? ` (showing its answer from ${formatAgo(now - b.dataAt)})` : ' (nothing to show yet)') : '';
    const partial = b.partial ? ` (partial: ${b.partial})` : '';
    details.push(`${backendLabel(b.kind)}: ${b.state === 'ok' ? `ok${b.latencyMs !== undefined ? ` (${b.latencyMs} ms)` : ''}` : b.error ?? b.state}${kept}${partial}`);
  }
  return { icon, text: parts.join(' · '), level, details };
}

/** `silenced` or `inhibited` for a suppressed alert, else the incident's status: the word every surface shows. */
export function incidentStateText(incident: Pick<Incident, 'status' | 'suppressedBy'>): string {
  if (incident.status !== 'suppressed') return incident.status;
  const by = incident.suppressedBy;
  if (by && by.silences.length > 0 && by.inhibitors.length > 0) return 'silenced and inhibited';
  if (by && by.inhibitors.length > 0) return 'inhibited';
  return 'silenced';
}

/**
 * `metrics cover the last 5 min of the 1h window (since 11:55 UTC): rates are averaged over the whole window`:
 * a service that started recently, or whose metrics began recently, reads low rates otherwise.
 */
export function coverageText(snapshot: Pick<HealthSnapshot, 'coverage' | 'window'>, now: number): string {
  const c = snapshot.coverage;
  if (!c || c.fraction >= 1) return '';
  return `metrics cover only the last ${formatAge(now - c.since)} of the ${snapshot.window} window (${Math.round(c.fraction * 100)}%): request rates are averaged over the whole window`;
}

/**
 * How old the data on screen is. Every refresh re-assembles the snapshot, failed or not: the data a failed
 * backend still shows is as old as its last success, however recent `fetchedAt` is.
 */
export function dataAgeMs(snapshot: HealthSnapshot, now: number): number {
  const failed = snapshot.backends.filter((b) => b.state === 'error');
  return Math.max(0, now - Math.min(snapshot.fetchedAt, ...failed.map((b) => b.lastSuccess ?? snapshot.fetchedAt)));
}

function change(current: number, previous: number | undefined): string {
  const c = formatChange(current, previous);
  return c ? ` (${c} vs previous window)` : '';
}
