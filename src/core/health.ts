// Health scoring: ok / degraded / critical from thresholds and open incidents, with the reasons spelled out
// so the status bar tooltip and `prodlens status` can say why.
import { formatPercent, formatSeconds } from './format';
import type { HealthStatus, Incident, Rates } from './model';

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

export interface HealthVerdict {
  status: HealthStatus;
  reasons: string[];
}

/**
 * Scores the current window. With no metrics and no incidents the status is `unknown`, never a false `ok`.
 * Open incidents count: a triggered or firing critical one makes the service critical.
 */
export function scoreHealth(current: Rates | undefined, incidents: readonly Incident[], thresholds: HealthThresholds = DEFAULT_THRESHOLDS): HealthVerdict {
  let status: HealthStatus = 'unknown';
  const reasons: string[] = [];
  const ratio = current?.errorRatio;
  if (ratio !== undefined && Number.isFinite(ratio)) {
    const level: HealthStatus = ratio >= thresholds.errorRatio.critical ? 'critical' : ratio >= thresholds.errorRatio.degraded ? 'degraded' : 'ok';
    status = worse(status, level);
    if (level !== 'ok') {
      const limit = level === 'critical' ? thresholds.errorRatio.critical : thresholds.errorRatio.degraded;
      reasons.push(`error ratio ${formatPercent(ratio)} ≥ ${formatPercent(limit)}`);
    }
  }
  const p95 = current?.latency.p95;
  if (p95 !== undefined && Number.isFinite(p95)) {
    const level: HealthStatus = p95 >= thresholds.p95Seconds.critical ? 'critical' : p95 >= thresholds.p95Seconds.degraded ? 'degraded' : 'ok';
    status = worse(status, level);
    if (level !== 'ok') {
      const limit = level === 'critical' ? thresholds.p95Seconds.critical : thresholds.p95Seconds.degraded;
      reasons.push(`p95 latency ${formatSeconds(p95)} ≥ ${formatSeconds(limit)}`);
    }
  }
  const open = incidents.filter((i) => i.status !== 'resolved' && i.status !== 'suppressed');
  if (open.length > 0) {
    const critical = open.filter((i) => i.severity === 'critical' && (i.status === 'triggered' || i.status === 'firing'));
    status = worse(status, critical.length > 0 ? 'critical' : 'degraded');
    reasons.push(`${open.length} open incident${open.length === 1 ? '' : 's'} or alert${open.length === 1 ? '' : 's'}${critical.length ? ` (${critical.length} critical)` : ''}`);
  } else if (status === 'unknown' && current && (current.throughput !== undefined || ratio !== undefined)) {
    status = 'ok';
  }
  return { status, reasons };
}
