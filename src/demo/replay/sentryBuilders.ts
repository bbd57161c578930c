// Typed builders for Sentry REST API JSON (camelCase, as `/api/0/` answers): issues as listed by
// `GET /organizations/{org}/issues/`, their latest event (`.../events/latest/`), and releases.
import type { SentryFixture } from './replayServer';

/** A stack frame as the REST API serves it (camelCase; the SDK's ingest payload is snake_case). */
export interface SentryFrameJson {
  filename: string | null;
  absPath: string | null;
  function: string | null;
  lineNo: number | null;
  colNo: number | null;
  inApp: boolean;
  context: [number, string][];
  module: string | null;
  package: string | null;
  platform: string | null;
  rawFunction: string | null;
  symbol: string | null;
  vars: Record<string, unknown> | null;
}

export interface SentryFrameInit {
  filename: string;
  function?: string;
  lineNo?: number;
  colNo?: number;
  inApp?: boolean;
  /** Defaults to null, as Node SDK frames usually have it (the absolute path is in `filename`). */
  absPath?: string;
  module?: string;
  /** The source line at `lineNo`; surrounding lines are made up around it. */
  contextLine?: string;
}

export function sentryFrame(init: SentryFrameInit): SentryFrameJson {
  const line = init.lineNo ?? 1;
  const context: [number, string][] = init.contextLine === undefined
    ? []
    : [[line - 1, '  // before'], [line, init.contextLine], [line + 1, '  // after']];
  return {
    filename: init.filename,
    absPath: init.absPath ?? null,
    function: init.function ?? null,
    lineNo: init.lineNo ?? null,
    colNo: init.colNo ?? null,
    inApp: init.inApp ?? !init.filename.includes('node_modules'),
    context,
    module: init.module ?? null,
    ...{ package: null, platform: null, rawFunction: null, symbol: null, vars: null },
  };
}

interface ExceptionSpec {
  type: string;
  value: string;
  frames: SentryFrameJson[];
}

let nextIssueId = 4_200_001;

/** A Sentry issue and the latest event behind it, built together so their ids and texts agree. */
export class SentryIssueBuilder {
  private readonly issue: Record<string, unknown> & { metadata: Record<string, unknown>; project: { id: string; slug: string } };
  private statsPoints: [number, number][] = [];
  private exceptions: ExceptionSpec[];
  private event: { eventId: string; release: string | null; platform: string; dateCreated: string; otelResource?: Record<string, string> };

  constructor(title = 'TypeError: Cannot read properties of undefined (reading \'id\')') {
    const id = String(nextIssueId++);
    const [type, ...rest] = title.split(': ');
    const value = rest.join(': ') || title;
    this.issue = {
      id,
      shortId: `CHECKOUT-${Number(id).toString(36).toUpperCase()}`,
      title,
      culprit: 'createOrder(src/orders)',
      permalink: `https://acme.sentry.io/issues/${id}/`,
      ...{ logger: null, level: 'error', status: 'unresolved', statusDetails: {}, isPublic: false, platform: 'node' },
      project: { id: '42', slug: 'checkout' },
      type: 'error',
      metadata: { type, value, filename: '/app/src/orders.ts', function: 'createOrder', in_app_frame_mix: 'mixed' },
      ...{ numComments: 0, assignedTo: null, isBookmarked: false, isSubscribed: false, hasSeen: false },
      ...{ issueType: 'error', issueCategory: 'error', isUnhandled: true },
      count: '1',
      userCount: 0,
      firstSeen: '2026-01-01T09:00:00.000000Z',
      lastSeen: '2026-01-01T11:59:00.000000Z',
    };
    this.exceptions = [{ type, value, frames: [] }];
    this.event = {
      eventId: id.padStart(32, 'e').slice(-32),
      release: null,
      platform: 'node',
      dateCreated: '2026-01-01T11:59:00.000000Z',
    };
  }

  get id(): string {
    return this.issue.id as string;
  }

  withId(id: string): this {
    this.issue.id = id;
    this.issue.permalink = `https://acme.sentry.io/issues/${id}/`;
    return this;
  }

  title(title: string): this {
    this.issue.title = title;
    return this;
  }

  culprit(culprit: string): this {
    this.issue.culprit = culprit;
    return this;
  }

  level(level: string): this {
    this.issue.level = level;
    return this;
  }

  status(status: string): this {
    this.issue.status = status;
    return this;
  }

  count(count: number | string): this {
    this.issue.count = String(count);
    return this;
  }

  userCount(n: number): this {
    this.issue.userCount = n;
    return this;
  }

  seen(firstSeen: string, lastSeen: string): this {
    this.issue.firstSeen = firstSeen;
    this.issue.lastSeen = lastSeen;
    this.event.dateCreated = lastSeen;
    return this;
  }

  permalink(url: string): this {
    this.issue.permalink = url;
    return this;
  }

  project(id: string, slug: string): this {
    this.issue.project = { id, slug };
    return this;
  }

  /** The raised exception's type and message, in the metadata and the latest event. */
  exception(type: string, value: string): this {
    Object.assign(this.issue.metadata, { type, value });
    const raised = this.exceptions[this.exceptions.length - 1];
    raised.type = type;
    raised.value = value;
    return this;
  }

  metadata(fields: { type?: string; value?: string; filename?: string; function?: string }): this {
    Object.assign(this.issue.metadata, fields);
    return this;
  }

  /** Sparkline buckets as Sentry sends them: `[unixSeconds, count]`. */
  stats(points: [number, number][]): this {
    this.statsPoints = points;
    return this;
  }

  /** Frames of the raised exception, oldest call first (the crashing frame last), as Sentry orders them. */
  frames(...frames: SentryFrameJson[]): this {
    this.exceptions[this.exceptions.length - 1].frames = frames;
    return this;
  }

  /** Adds an exception that caused the current one (Sentry lists causes first, the raised one last). */
  causedBy(type: string, value: string, frames: SentryFrameJson[]): this {
    this.exceptions.unshift({ type, value, frames });
    return this;
  }

  eventId(id: string): this {
    this.event.eventId = id;
    return this;
  }

  release(version: string): this {
    this.event.release = version;
    return this;
  }

  /**
   * OpenTelemetry resource attributes on the latest event, where Sentry's OpenTelemetry integration puts them
   * (`contexts.otel.resource`), e.g. `service.version`, `vcs.ref.head.revision`.
   */
  otelResource(attributes: Record<string, string>): this {
    this.event.otelResource = attributes;
    return this;
  }

  /**
   * The issue as `GET /organizations/{org}/issues/{id}/` answers: the list item plus `firstRelease` and
   * `lastRelease` as release objects (the list itself never carries them).
   */
  buildDetails(first: SentryReleaseBuilder, last: SentryReleaseBuilder): Record<string, unknown> {
    return { ...this.build(), firstRelease: first.build(), lastRelease: last.build() };
  }

  /** The issue list item; `statsKey` is the `groupStatsPeriod` the list was asked for. */
  build(statsKey = '24h'): Record<string, unknown> {
    return structuredClone({ ...this.issue, stats: { [statsKey]: this.statsPoints } });
  }

  /** `GET /organizations/{org}/issues/{id}/events/latest/`. */
  buildLatestEvent(): Record<string, unknown> {
    const { eventId, release, platform, dateCreated, otelResource } = this.event;
    const values = this.exceptions.map((e) => ({
      type: e.type,
      value: e.value,
      module: null,
      threadId: null,
      mechanism: { type: 'onuncaughtexception', handled: false },
      stacktrace: e.frames.length ? { frames: e.frames, framesOmitted: null, registers: null, hasSystemFrames: true } : null,
      rawStacktrace: null,
    }));
    return structuredClone({
      id: eventId,
      groupID: this.issue.id,
      eventID: eventId,
      projectID: this.issue.project.id,
      title: this.issue.title,
      message: '',
      platform,
      type: 'error',
      dateCreated,
      dateReceived: dateCreated,
      size: 4096,
      culprit: this.issue.culprit,
      location: this.issue.metadata.filename,
      user: null,
      contexts: { runtime: { name: 'node', version: 'v20.11.0', type: 'runtime' }, ...(otelResource ? { otel: { resource: otelResource, type: 'otel' } } : {}) },
      sdk: { name: 'sentry.javascript.node', version: '8.47.0' },
      tags: [{ key: 'environment', value: 'production' }, ...(release ? [{ key: 'release', value: release }] : [])],
      release: release ? { version: release, shortVersion: release, dateCreated, dateReleased: null } : null,
      entries: [
        { type: 'exception', data: { values, excOmitted: null, hasSystemFrames: true } },
        { type: 'breadcrumbs', data: { values: [] } },
      ],
      errors: [],
    });
  }
}

export class SentryReleaseBuilder {
  private readonly release: Record<string, unknown>;

  constructor(version: string) {
    this.release = {
      id: nextIssueId++,
      version,
      shortVersion: version,
      ref: null,
      url: null,
      dateCreated: '2026-01-01T08:00:00.000000Z',
      dateReleased: null,
      ...{ commitCount: 0, deployCount: 0, newGroups: 0, lastCommit: null, lastDeploy: null, authors: [] },
      projects: [{ id: 42, name: 'Checkout', slug: 'checkout' }],
      data: {},
    };
  }

  created(iso: string): this {
    this.release.dateCreated = iso;
    return this;
  }

  deployed(environment: string, dateFinished: string): this {
    this.release.lastDeploy = { id: String(nextIssueId++), environment, dateStarted: null, dateFinished, name: null, url: null };
    this.release.deployCount = 1;
    return this;
  }

  url(url: string): this {
    this.release.url = url;
    return this;
  }

  /** The release's `ref` (set by `sentry-cli releases set-commits` or the API), a commit id or ref name. */
  ref(ref: string): this {
    this.release.ref = ref;
    return this;
  }

  /** Commits associated with the release: `commitCount` and `lastCommit` as the releases list serializes them. */
  commits(count: number, last: { id: string; message: string; dateCreated: string; author: string }): this {
    this.release.commitCount = count;
    this.release.lastCommit = {
      id: last.id,
      message: last.message,
      dateCreated: last.dateCreated,
      pullRequest: null,
      suspectCommitType: '',
      author: { name: last.author, email: `${last.author.toLowerCase().replace(/\W+/g, '.')}@example.com` },
      repository: { id: '1', name: 'acme/checkout', url: 'https://github.com/acme/checkout', provider: { id: 'integrations:github', name: 'GitHub' }, status: 'active', dateCreated: '2025-06-01T00:00:00.000000Z', integrationId: '1', externalSlug: 'acme/checkout', externalId: '1001' },
    };
    return this;
  }

  released(iso: string): this {
    this.release.dateReleased = iso;
    return this;
  }

  project(id: number, slug: string): this {
    this.release.projects = [{ id, name: slug, slug }];
    return this;
  }

  build(): Record<string, unknown> {
    return structuredClone(this.release);
  }
}

/** A replay-server fixture for one organization and project, from builders. */
export function sentryFixture(init: {
  token: string;
  organization?: string;
  project?: { id: string; slug: string };
  issues?: SentryIssueBuilder[];
  releases?: SentryReleaseBuilder[];
  maxPageSize?: number;
  environments?: string[];
  rateLimits?: SentryFixture['rateLimits'];
}): SentryFixture {
  const project = init.project ?? { id: '42', slug: 'checkout' };
  const issues = (init.issues ?? []).map((b) => b.project(project.id, project.slug));
  return {
    token: init.token,
    organization: init.organization ?? 'acme',
    projects: [project],
    issues: issues.map((b) => b.build()),
    latestEvents: Object.fromEntries(issues.map((b) => [b.id, b.buildLatestEvent()])),
    releases: (init.releases ?? []).map((b) => b.project(Number(project.id), project.slug).build()),
    maxPageSize: init.maxPageSize,
    environments: init.environments,
    rateLimits: init.rateLimits,
  };
}
