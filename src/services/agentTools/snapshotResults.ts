// Result builders over a service's snapshot (the refresh service's cache): health, routes, errors, incidents.
// Each item carries its backend and the age of that backend's answer; production text goes into `untrusted`.
import type { BackendKind, ErrorGroup, HealthSnapshot, Incident, MappingResult, Rates, RouteMetrics, StackFrame } from '../../core/model';
import { CAP, compact, isoTime, safeId, untrustedText, type Listing } from './budget';

const MAX_SOURCES = 8;
const MAX_FRAMES = 10;
const MAX_REASONS = 6;
const MAX_LABELS = 10;
const MAX_ASSIGNEES = 5;

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/** Whose data, from when: the part every snapshot-based answer starts with. */
export function snapshotEnvelope(s: HealthSnapshot, now: number): Record<string, unknown> {
  return compact({
    service: untrustedText(s.service, CAP.id),
    environment: untrustedText(s.environment, CAP.id),
    window: s.window,
    ageSeconds: seconds(now - s.fetchedAt),
    stale: s.stale,
    sources: s.backends.slice(0, MAX_SOURCES).map((b) => compact({
      backend: b.kind,
      state: b.state,
      ageSeconds: b.dataAt !== undefined ? seconds(now - b.dataAt) : undefined,
      partial: b.partial ? true : undefined,
      // A backend's error sentence may quote its server's answer.
      untrusted: b.error ? { error: untrustedText(b.error, CAP.reason) } : undefined,
    })),
  });
}

/** Age of each backend kind's answer, for the items it produced. */
function agesByKind(s: HealthSnapshot, now: number): Map<BackendKind, number> {
  const ages = new Map<BackendKind, number>();
  for (const b of s.backends) if (b.dataAt !== undefined && !ages.has(b.kind)) ages.set(b.kind, seconds(now - b.dataAt));
  return ages;
}

function rates(r: Rates | undefined): Record<string, unknown> | undefined {
  if (!r) return undefined;
  const out = compact({ errorRatio: finite(r.errorRatio), p95Seconds: finite(r.latency.p95), requestsPerSecond: finite(r.throughput) });
  return Object.keys(out).length ? out : undefined;
}

function finite(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) ? Number(n.toPrecision(4)) : undefined;
}

function change(current: Rates, previous: Rates | undefined): Record<string, unknown> | undefined {
  if (!previous) return undefined;
  const delta = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? finite(a - b) : undefined);
  const out = compact({ errorRatio: delta(current.errorRatio, previous.errorRatio), p95Seconds: delta(current.latency.p95, previous.latency.p95), requestsPerSecond: delta(current.throughput, previous.throughput) });
  return Object.keys(out).length ? out : undefined;
}

const isOpen = (i: Incident) => i.status !== 'suppressed' && i.status !== 'resolved';

export function serviceHealthResult(s: HealthSnapshot, now: number): Record<string, unknown> {
  const open = s.incidents.filter(isOpen);
  return compact({
    ...snapshotEnvelope(s, now),
    status: s.status,
    current: rates(s.current),
    previous: rates(s.previous),
    change: change(s.current, s.previous),
    openIncidents: open.filter((i) => i.kind === 'incident').length,
    openAlerts: open.filter((i) => i.kind === 'alert').length,
    // Reasons quote error titles: production text.
    untrusted: s.statusReasons.length ? { reasons: s.statusReasons.slice(0, MAX_REASONS).map((r) => untrustedText(r, CAP.reason) ?? '') } : undefined,
    note: s.backends.length === 0 ? 'No backend configured for this service: call diagnose.' : undefined,
  });
}

const at = (loc: { file: string; line: number } | undefined | null) => (loc ? `${loc.file}:${loc.line}` : undefined);

export function routeItems(s: HealthSnapshot, now: number, file: string | undefined): Listing<RouteMetrics> {
  const age = agesByKind(s, now).get('prometheus');
  const all = file === undefined ? s.routes : s.routes.filter((r) => r.location?.file === file);
  return { all, build: (r) => compact({
    kind: r.kind,
    at: at(r.location),
    notCode: untrustedText(r.notCode, CAP.reason),
    source: 'prometheus',
    ageSeconds: age,
    ...rates(r),
    untrusted: compact({ name: untrustedText(r.name, CAP.title), method: untrustedText(r.method, CAP.label) }),
  }) };
}

export function incidentItems(s: HealthSnapshot, now: number): Listing<Incident> {
  const ages = agesByKind(s, now);
  return { all: s.incidents, build: (i) => compact({
    id: safeId(i.id),
    source: i.source,
    ageSeconds: ages.get(i.source),
    kind: i.kind,
    severity: i.severity,
    status: i.status,
    startedAt: isoTime(i.startedAt),
    at: at(i.location),
    untrusted: compact({
      title: untrustedText(i.title, CAP.title),
      summary: untrustedText(i.summary, CAP.message),
      assignees: i.assignees?.length ? i.assignees.slice(0, MAX_ASSIGNEES).map((a) => untrustedText(a, CAP.label) ?? '') : undefined,
      labels: i.labels ? labelsOf(i.labels) : undefined,
    }),
  }) };
}

function labelsOf(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels).slice(0, MAX_LABELS)) {
    const key = untrustedText(k, 60);
    if (key) out[key] = untrustedText(String(v), CAP.label) ?? '';
  }
  return out;
}

export interface ErrorFilter {
  file?: string;
  startLine?: number;
  endLine?: number;
  function?: string;
}

/** The mapped frames of a group that land in the file (and range, and function) asked about. */
function landsIn(g: ErrorGroup, filter: ErrorFilter): boolean {
  if (filter.file === undefined) return true;
  const places: { loc: MappingResult['location'] | undefined; frame?: StackFrame }[] = [{ loc: g.location }];
  (g.frames ?? []).forEach((frame, i) => places.push({ loc: g.frameMappings?.[i]?.location, frame }));
  return places.some(({ loc, frame }) => {
    if (!loc || loc.file !== filter.file) return false;
    if (filter.startLine !== undefined && loc.line < filter.startLine) return false;
    if (filter.endLine !== undefined && loc.line > filter.endLine) return false;
    if (filter.function !== undefined) {
      const fn = frame?.function ?? '';
      return fn === filter.function || fn.endsWith(`.${filter.function}`);
    }
    return true;
  });
}

export function errorItems(s: HealthSnapshot, now: number, filter: ErrorFilter): Listing<ErrorGroup> {
  const ages = agesByKind(s, now);
  return { all: s.errors.filter((g) => landsIn(g, filter)), build: (g) => {
    const frames = g.frames ?? [];
    // Crash frame first: what a reader wants, and what survives the cap.
    const shownFrames = frames.map((f, i) => ({ f, m: g.frameMappings?.[i] })).reverse().slice(0, MAX_FRAMES);
    return compact({
      id: safeId(g.id),
      source: g.source,
      ageSeconds: ages.get(g.source),
      level: g.level,
      count: finite(g.count),
      users: finite(g.userCount),
      firstSeen: isoTime(g.firstSeen),
      lastSeen: isoTime(g.lastSeen),
      at: at(g.location),
      untrusted: compact({
        title: untrustedText(g.title, CAP.title),
        message: untrustedText(g.message, CAP.message),
        culprit: untrustedText(g.culprit, CAP.culprit),
        release: untrustedText(g.release ?? g.lastRelease, CAP.label),
      }),
      frames: shownFrames.length ? shownFrames.map(({ f, m }) => frameItem(f, m)) : undefined,
      framesOmitted: frames.length > MAX_FRAMES ? frames.length - MAX_FRAMES : undefined,
    });
  } };
}

export function frameItem(f: { function?: string | null; deployedPath?: string | null; line?: number | null }, m: Pick<MappingResult, 'location' | 'unmapped'> | undefined): Record<string, unknown> {
  const deployed = f.deployedPath ? `${f.deployedPath}${f.line ? `:${f.line}` : ''}` : undefined;
  return compact({
    at: at(m?.location),
    library: m?.unmapped === 'library' ? true : undefined,
    miss: m && !m.location && m.unmapped && m.unmapped !== 'library' ? m.unmapped : undefined,
    untrusted: compact({ function: untrustedText(f.function ?? undefined, CAP.function), deployed: untrustedText(deployed, CAP.path) }),
  });
}
