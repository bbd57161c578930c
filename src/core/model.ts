// The domain model shared by the extension, the CLI and every backend adapter.
// Plain data only (JSON-serialisable), so snapshots can be cached on disk and printed by the CLI.

export type BackendKind = 'prometheus' | 'alertmanager' | 'sentry' | 'pagerduty';

/** Where a fact about a service came from: a file in the repository, or a setting. */
export interface Evidence {
  /** Workspace-relative path with forward slashes, or a description such as `setting prodlens.service`. */
  source: string;
  /** What the source said, e.g. `"name": "checkout-api"`. */
  detail: string;
}

/** A service whose code lives in this workspace. */
export interface Service {
  /** The name the backends know it by (Prometheus `job`, Sentry project slug, ...). */
  name: string;
  /** Workspace-relative folders that hold its code (`''` is the workspace root). */
  folders: string[];
  environments: string[];
  evidence: Evidence[];
}

export type HealthStatus = 'ok' | 'degraded' | 'critical' | 'unknown';

/** A point of a time series: unix milliseconds and a value (NaN is kept out: gaps are omitted). */
export interface SeriesPoint {
  t: number;
  v: number;
}

export interface LatencyQuantiles {
  p50?: number;
  p95?: number;
  p99?: number;
}

/** Request rate, error ratio and latency of one service, route or function over a window. */
export interface Rates {
  /** Requests per second. */
  throughput?: number;
  /** Failed requests / all requests, 0..1. A route with traffic and no errors has 0, not undefined. */
  errorRatio?: number;
  /** Seconds. */
  latency: LatencyQuantiles;
}

export interface RouteMetrics extends Rates {
  /** `route` for HTTP routes (`GET /api/orders/:id`), `function` for code functions / span names. */
  kind: 'route' | 'function';
  name: string;
  method?: string;
  location?: CodeLocation;
  /** Set when the row is not code (requests no route matched, the whole service): what it is, and no fix is offered. */
  notCode?: string;
}

/** A frame of a stack trace as production reported it, before mapping to the workspace. */
export interface StackFrame {
  function?: string;
  module?: string;
  /** The path as deployed (`/app/src/orders.ts`, `webpack:///./src/x.ts`, `com/acme/Foo.java`). */
  deployedPath?: string;
  line?: number;
  column?: number;
  /** What the producer claimed; the mapper does not trust it blindly. */
  inApp?: boolean;
  /** Source line text when the producer sent context. */
  contextLine?: string;
  /** The raw text line this frame was parsed from, for text traces. */
  raw?: string;
}

export type MappingConfidence = 'exact' | 'high' | 'medium' | 'low';

/** A place in the workspace. */
export interface CodeLocation {
  /** Workspace-relative, forward slashes. */
  file: string;
  /** 1-based, as stack traces print it. */
  line: number;
  column?: number;
  /** 1-based inclusive line range of the enclosing function, when known. */
  range?: { startLine: number; endLine: number };
  confidence: MappingConfidence;
  /** Why this location was chosen, e.g. `path mapping /app/ -> services/api/`. */
  reason: string;
  /**
   * Set when production's line was translated to the working copy (`line` is then the working-copy line, so
   * every surface lands on the code the user has): the deployed line, its state, and why when unverified.
   */
  version?: LocationVersion;
}

/** How production's line of a location relates to the working copy. */
export type VersionLineState = 'same' | 'moved' | 'changed' | 'deleted';

/** Production's line (in the deployed version) of a location, and what became of it in the working copy. */
export interface LocationVersion {
  /** How the UI names the deployed version: `2.14.0`. */
  version: string;
  /** The line as production reported it, in the deployed version. */
  deployedLine: number;
  /** The file's path in the deployed version (differs from `file` after a rename). */
  deployedFile: string;
  /**
   * `translated`: `state` says what became of the line; `pending`: git has not answered yet (the line is
   * production's); `unverified`: the deployed commit could not be found (the line is production's), see `reason`.
   */
  status: 'translated' | 'pending' | 'unverified';
  state?: VersionLineState;
  /** The deployed commit, when found. */
  commit?: string;
  /** Why the version could not be verified: one sentence, with the command that fixes it when there is one. */
  reason?: string;
  command?: string;
}

export type UnmappedReason = 'library' | 'ambiguous' | 'nomatch' | 'unparsed' | 'nolocation';

export interface MappingResult {
  location: CodeLocation | null;
  unmapped: UnmappedReason | null;
  /** Human sentence explaining a miss, e.g. `no workspace file ends with orders/handler.ts`. */
  explanation?: string;
  candidates?: string[];
  /**
   * The code production ran here was removed from the working copy since the deployed version (`unmapped`
   * is then `nolocation`): where it was, so the editor can open that version of the file.
   */
  removed?: { version: string; commit: string; file: string; line: number };
}

export type Severity = 'critical' | 'error' | 'warning' | 'info';

/**
 * Counts per time bucket, oldest first: bucket start times (unix ms) and counts, aligned. Two number arrays
 * rather than one object per bucket: a service can list 10,000 issues of 24 buckets each.
 */
export interface BucketCounts {
  /** Shared between the groups of one list when their buckets are the same: never changed in place. */
  t: readonly number[];
  v: number[];
}

/** A group of identical errors (a Sentry issue, an exception type at one place). */
export interface ErrorGroup {
  id: string;
  source: BackendKind;
  title: string;
  message?: string;
  culprit?: string;
  level: Severity;
  count: number;
  userCount?: number;
  firstSeen?: string;
  lastSeen?: string;
  permalink?: string;
  /** Event counts over the window, for a sparkline. */
  counts?: BucketCounts;
  release?: string;
  /**
   * The releases Sentry's issue details name as the group's first and last (`firstRelease.version`,
   * `lastRelease.version`): an error seen in 2.13.0 and 2.14.0. Absent from the issue list.
   */
  firstRelease?: string;
  lastRelease?: string;
  /** What the group's latest event says about the version it ran in: its release, OpenTelemetry resource attributes. */
  versionEvidence?: VersionEvidence[];
  /** Frames oldest call first (the crashing frame is last), as Sentry orders them. */
  frames?: StackFrame[];
  /** Frames of the exceptions that caused the one `frames` belongs to, root cause first: the crash frame may be there. */
  causeFrames?: StackFrame[][];
  /** Where the error happens in this workspace, when it could be mapped. */
  location?: CodeLocation;
  mapping?: MappingResult;
  /** The mapping of each frame, aligned with `frames`. */
  frameMappings?: MappingResult[];
  /** From local git: the commits that changed the hot line between the previous and the current deploy. */
  suspects?: GroupSuspects;
}

/** A commit as local git describes it; author and subject are untrusted text (one line, capped). */
export interface CommitSummary {
  sha: string;
  shortSha: string;
  author: string;
  /** Author time, ms since the epoch. */
  time: number;
  subject: string;
}

/** Who changed an error's hot line, and how its start lines up with the deploy. */
export interface GroupSuspects {
  /** The deployed version the commits lead to (`2.14.0`). */
  version: string;
  /** The version deployed before it, when known: the commits are those between the two. */
  previousVersion?: string;
  /** Most likely first (the newest change of the line). */
  commits: CommitSummary[];
  /**
   * What git was asked about, when it was (lines of the deployed version): the hot line alone, or when no
   * commit changed it, its enclosing function or the lines just above it (where what it reads was set).
   */
  asked?: { scope: 'line' | 'function' | 'nearby'; startLine: number; endLine: number };
  /** The deploy of `version`, joined with the group's first-seen time. */
  deploy?: { version: string; at: string; commit?: string; minutesAfter: number };
  /** Why no commits could be looked up (version not verified, git failed). */
  reason?: string;
}

export type IncidentStatus = 'triggered' | 'acknowledged' | 'firing' | 'pending' | 'suppressed' | 'resolved';

/** An open PagerDuty incident or an active alert: something a human is (or should be) looking at. */
export interface Incident {
  id: string;
  source: BackendKind;
  kind: 'incident' | 'alert';
  title: string;
  summary?: string;
  severity: Severity;
  status: IncidentStatus;
  /** ISO 8601. */
  startedAt: string;
  url?: string;
  /** The first of `assignees`, kept for readers written before incidents had several. */
  assignee?: string;
  /** Everyone the incident is assigned to (PagerDuty allows several), in the vendor's order. */
  assignees?: string[];
  labels?: Record<string, string>;
  /** Alertmanager: why a `suppressed` alert is not active (silence ids, fingerprints of inhibiting alerts). */
  suppressedBy?: { silences: string[]; inhibitors: string[] };
  location?: CodeLocation;
}

export interface Deploy {
  version: string;
  environment?: string;
  /** ISO 8601. */
  finishedAt: string;
  url?: string;
  source: BackendKind;
  /** ISO 8601: when the release was created, and when it was marked released, where the backend says. */
  createdAt?: string;
  releasedAt?: string;
  /** The commit the backend ties the release to (Sentry's `lastCommit.id`), a full or abbreviated SHA. */
  commit?: string;
  /** The release's `ref` (a commit or tag name) when one was set. */
  ref?: string;
}

/** Where a claim about the running version came from. */
export type VersionSource = 'sentry-deploy' | 'sentry-release' | 'sentry-event' | 'otel-resource' | 'prometheus-build-info';

/** One claim about the version production runs, as the backend stated it (the value is untrusted text). */
export interface VersionEvidence {
  source: VersionSource;
  /** The field, tag or label that held it, e.g. `release`, `contexts.otel.resource.service.version`, `checkout_api_build_info{version}`. */
  field: string;
  value: string;
  /** `version`: a release or version name; `revision`: a commit id. */
  kind: 'version' | 'revision';
  /** ISO 8601, when the source dates the claim (a deploy's finish, an event's time). */
  at?: string;
}

export type BackendState = 'ok' | 'error' | 'unconfigured' | 'loading';

/** How a backend fared on the last refresh, for the Backends view, the status tooltip and `prodlens doctor`. */
export interface BackendStatus {
  kind: BackendKind;
  url?: string;
  state: BackendState;
  /** Unix ms of the last successful answer. */
  lastSuccess?: number;
  /**
   * Unix ms of the answer the snapshot shows for this backend; with `state: 'error'` that is its last good
   * answer, kept and shown as stale. Absent when nothing of it is shown.
   */
  dataAt?: number;
  /** Unix ms of the last attempt. */
  lastAttempt?: number;
  latencyMs?: number;
  /** One sentence, safe to show, never containing a token. */
  error?: string;
  errorKind?: string;
  /** Facts that are not failures, e.g. "no request metrics for job=x" or Prometheus warnings. */
  notes?: string[];
  /**
   * Unix ms of the next full fetch after failures (backoff), when backing off. Before it, a backend that is
   * `probing` still gets one cheap readiness request per refresh; otherwise nothing is sent.
   */
  retryAt?: number;
  /** Backing off from a backend that seemed down: each refresh probes it, and a probe answered refreshes it at once. */
  probing?: boolean;
  /** Unix ms of the last probe that found the backend still down. */
  lastProbe?: number;
  /**
   * Set when the last answer is incomplete (paging stopped at the refresh's deadline, a cap reached, ...):
   * one sentence saying what is missing. What did arrive is shown.
   */
  partial?: string;
  /** Prometheus: the metric convention used for the service (detected, or named in `.prodlens.json`). */
  convention?: MetricConvention;
}

/** Which metrics and labels a Prometheus backend's figures were computed from, for doctor, JSON and the Backends view. */
export interface MetricConvention {
  /** `otel-http`, `otel-http-v1`, `spanmetrics`, `prom-client`, `express-prom-bundle`, `django` or `custom`. */
  id: string;
  /** Whether ProdLens detected it or `.prodlens.json` named it. */
  from: 'detected' | 'configured';
  /** The counter (or histogram `_count`) whose rate is the traffic. */
  requests: string;
  /** Histogram base name, when latency is known. */
  histogram?: string;
  /** The label selector that picks the service's series. */
  selector: Record<string, string>;
  routeLabel?: string;
  methodLabel?: string;
  statusLabel?: string;
  /** PromQL matcher of a failed request. */
  errorMatcher?: string;
  /** What is left out of the counts, e.g. `scrapes of /metrics (no route label)`. */
  excluded?: string[];
}

export interface HealthSnapshot {
  service: string;
  environment?: string;
  window: string;
  /** Unix ms when the snapshot was assembled. */
  fetchedAt: number;
  status: HealthStatus;
  /** Why the status is what it is, e.g. `error ratio 4.2% above 2%`. */
  statusReasons: string[];
  current: Rates;
  /** The previous window of equal length, for the change. */
  previous?: Rates;
  series: {
    throughput?: SeriesPoint[];
    errorRatio?: SeriesPoint[];
    p95?: SeriesPoint[];
  };
  routes: RouteMetrics[];
  errors: ErrorGroup[];
  incidents: Incident[];
  deploys: Deploy[];
  backends: BackendStatus[];
  /** True when shown from the last good data because a refresh failed or has not happened yet. */
  stale: boolean;
  /** How much of the window the metrics have data for (a service that started recently covers less). */
  coverage?: WindowCoverage;
  /** What the chart's recent points say (the last few minutes): the health level judges the window by them. */
  recent?: RecentFigures;
  /** Versions the service's build-info series (`*_build_info`, `target_info`) report running now. */
  buildInfo?: VersionEvidence[];
  /** Whether the error locations were translated to the working copy (see `CodeLocation.version`). */
  lineVersions?: SnapshotLineVersions;
}

export interface SnapshotLineVersions {
  /** `pending` until git answered (locations are production's lines meanwhile). */
  state: 'pending' | 'translated';
  /** Said once for the whole snapshot rather than per line: no git, not a repository. */
  note?: string;
}

/** What the chart says about the last few minutes of the window. */
export interface RecentFigures {
  /** Start of the recent span, unix ms. */
  since: number;
  /** Its length in ms (the span ends at the snapshot's time). */
  spanMs: number;
  /** Mean requests per second over the span's points; 0 when the service is idle now. */
  throughput?: number;
  /** Mean error ratio over the span's points with traffic. */
  errorRatio?: number;
  /** Highest p95 among the span's points, seconds. */
  p95?: number;
  /** Requests in the span, estimated from the throughput points. */
  requests?: number;
  /** When traffic was last seen, when the span has none (unix ms). */
  lastTrafficAt?: number;
}

/** How much of the window the metrics cover: from the first chart point with data to now. */
export interface WindowCoverage {
  /** Unix ms of the first point with data inside the window (the window's start when it is covered). */
  since: number;
  /** 0..1 of the window. */
  fraction: number;
}
