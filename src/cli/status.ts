// `prodlens status`: refreshes each service once through the same refresh service as the extension and
// prints health, incidents and top errors. With `--fail-on`, an unhealthy service makes the exit code 1.
import { groupMapping } from '../core/mapping/groupMapping';
import { formatAgo, formatCount, formatPercent, formatRate, formatSeconds } from '../core/format';
import type { ErrorGroup, HealthSnapshot, HealthStatus } from '../core/model';
import { oneLine } from '../core/text';
import { locationVersionText, suspectTextLines } from '../core/versions/versionText';
import { coverageText, incidentStateText, summarise } from '../core/statusSummary';
import type { Pipeline } from '../services/pipeline';
import { cliPipeline, type CliPipelineOptions } from './cliPipeline';
import { deployedTextLines } from './deployedOutput';

export type StatusOptions = CliPipelineOptions;

/** Refreshes each service once; `pipeline` lets the doctor keep its HTTP clients for its own queries. */
export async function collectStatus(options: StatusOptions, pipeline: Pipeline = cliPipeline(options)): Promise<HealthSnapshot[]> {
  const { refresh } = pipeline;
  try {
    return await Promise.all(options.services.map(async (service) => {
      // The cached snapshot gives each backend its last good answer: one that fails now keeps showing it,
      // marked stale with its age, through the refresh service's one stale-data path (as in the editor).
      await refresh.restore(service.name);
      const snapshot = await refresh.refresh(service, { force: true });
      // The terminal has no first paint to protect: it waits for git to put the lines on the working copy.
      return (await refresh.translated(service.name)) ?? snapshot;
    }));
  } finally {
    // The snapshots are persisted after each refresh hands them over: written before the CLI moves on.
    await refresh.flushSaves();
    refresh.dispose();
  }
}

const RANK: Record<HealthStatus, number> = { unknown: 0, ok: 1, degraded: 2, critical: 3 };

export function failsThreshold(snapshots: readonly HealthSnapshot[], failOn: 'critical' | 'degraded' | undefined): boolean {
  if (!failOn) return false;
  return snapshots.some((s) => RANK[s.status] >= RANK[failOn]);
}

/** `file:24 (line 19 in 2.14.0, moved)`, or why there is no line: the working copy's line, and production's when they differ. */
function errorWhere(e: ErrorGroup): string {
  if (!e.location) return oneLine(groupMapping(e)?.explanation ?? 'not mapped', 300);
  const note = locationVersionText(e.location.version);
  return `${e.location.file}:${e.location.line}${note ? ` (${oneLine(note, 300)})` : ''}`;
}

export function renderStatusText(snapshots: readonly HealthSnapshot[], now: number): string {
  const lines: string[] = [];
  // A repository-wide note (no git, not a repository) is said once, not per service.
  const said = new Set<string>();
  for (const s of snapshots) {
    const summary = summarise({ service: s.service, snapshot: s, loading: false, hasBackends: s.backends.length > 0, now });
    lines.push(`${s.status.toUpperCase().padEnd(9)} ${summary.text}`);
    for (const reason of s.statusReasons) lines.push(`          ${reason}`);
    const c = s.current;
    const figures = [
      c.errorRatio !== undefined ? `errors ${formatPercent(c.errorRatio)}` : undefined,
      c.latency.p95 !== undefined ? `p95 ${formatSeconds(c.latency.p95)}` : undefined,
      c.throughput !== undefined ? formatRate(c.throughput) : undefined,
    ].filter(Boolean);
    if (figures.length) lines.push(`          ${figures.join(' · ')} (last ${s.window})`);
    for (const line of deployedTextLines(s)) lines.push(`          ${line}`);
    const active = s.incidents.filter((i) => i.status !== 'suppressed' && i.status !== 'resolved');
    for (const i of active.slice(0, 5)) lines.push(`  ! ${i.severity.padEnd(8)} ${i.title}  [${i.source}, ${i.status}]`);
    const quiet = s.incidents.length - active.length;
    if (quiet > 0) {
      const words = [...new Set(s.incidents.filter((i) => !active.includes(i)).map(incidentStateText))].join(', ');
      lines.push(`  ${quiet} alert${quiet === 1 ? '' : 's'} ${words}: not counted in the status (--json lists them)`);
    }
    const note = s.lineVersions?.note;
    if (note && !said.has(note)) {
      said.add(note);
      lines.push(`          ${oneLine(note, 300)}`);
    }
    for (const e of s.errors.slice(0, 5)) {
      lines.push(`  ✖ ${formatCount(e.count).padStart(5)}× ${e.title}  → ${errorWhere(e)}`);
      for (const line of e.suspects ? suspectTextLines(e.suspects) : []) lines.push(`          ${oneLine(line, 300)}`);
    }
    if (s.coverage && s.coverage.fraction < 1) lines.push(`          ${coverageText(s, now)}`);
    for (const b of s.backends) {
      if (b.state === 'error') {
        const kept = b.dataAt !== undefined ? ` Showing its last answer, from ${formatAgo(now - b.dataAt)}.` : ' Nothing of it to show yet.';
        lines.push(`  ${b.kind}: ${b.error}${kept}`);
      }
      if (b.partial) lines.push(`  ${b.kind}: partial answer: ${b.partial}`);
      for (const note of b.notes ?? []) lines.push(`  ${b.kind}: ${note}`);
    }
    if (s.backends.length === 0) lines.push('  no backend configured: run "prodlens doctor"');
  }
  return lines.join('\n');
}
