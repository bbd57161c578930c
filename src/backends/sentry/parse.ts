// Pure parsing of Sentry REST answers into typed values and the domain model. The structure (lists,
// objects, ids, counts) is checked strictly and becomes a BackendError `badResponse`; optional display
// fields of the wrong type are dropped instead, because self-hosted versions differ in the extras they send.
import type { BucketCounts, Deploy, ErrorGroup, Severity, StackFrame, VersionEvidence } from '../../core/model';
import type { TimeWindowLabel } from '../../core/timeWindow';
import { BackendError } from '../errors';
import { shortDetail } from '../http/httpErrors';
import type { HttpHeaders } from '../http/types';
import { webLink } from '../http/url';
import type { SentryException, SentryLatestEvent, SentryNextPage } from './types';
import { isRecord } from '../../core/guards';

type Json = Record<string, unknown>;

const LEVELS: Record<string, Severity> = { fatal: 'critical', error: 'error', warning: 'warning', info: 'info', debug: 'info' };

/** Longest pause a rate-limit reset may impose: a server clock far ahead must not silence the backend for days. */
const MAX_RESET_WAIT_MS = 60 * 60 * 1000;

function bad(where: string, what: string): BackendError {
  // `where` can hold a key the server chose (a label name): one short line, like any server text.
  return new BackendError('badResponse', `Sentry answer: ${shortDetail(where, 120)} ${what}`);
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
/**
 * ISO 8601 as Sentry writes it, every field in range. Date.parse accepts each such text; checking the form is
 * cheaper than parsing, and a list of 10,000 issues carries 20,000 dates. Other forms still go to Date.parse.
 */
const ISO_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
export const dateText = (v: unknown): string | undefined => (typeof v === 'string' && (ISO_DATE.test(v) || !Number.isNaN(Date.parse(v))) ? v : undefined);
const positiveInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/**
 * Drops undefined values so the domain objects stay minimal, plain JSON. Copies instead of deleting: a
 * `delete` turns a V8 object into a slow dictionary, and a service has thousands of these.
 */
function compact<T extends object>(value: T): T {
  const out = {} as T;
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

export function severityOfLevel(level: unknown): Severity {
  // Own keys only: a level of "constructor" must not find Object.prototype's.
  const key = typeof level === 'string' ? level.toLowerCase() : '';
  return Object.hasOwn(LEVELS, key) ? LEVELS[key] : 'error';
}

/** The issue-list parameters for a window: the counts cover the window; the sparkline buckets follow it. */
export function issueStatsParams(window: TimeWindowLabel): { statsPeriod: string; groupStatsPeriod: '24h' | 'auto' } {
  // Sentry accepts only 24h, 14d or auto for groupStatsPeriod; auto sizes the buckets to statsPeriod.
  return { statsPeriod: window, groupStatsPeriod: window === '24h' ? '24h' : 'auto' };
}

/**
 * The `rel="next"` entry of a `Link` header. Only its cursor is used: the URL in it carries the host Sentry
 * believes it has, which behind a proxy or on a regional domain is not the one the token was configured for.
 */
export function parseNextLink(header: string | undefined): SentryNextPage | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<[^>]*>([^<]*)/g)) {
    const params: Record<string, string> = {};
    for (const p of match[1].matchAll(/;\s*([a-zA-Z]+)\s*=\s*(?:"([^"]*)"|([^;,\s]*))/g)) {
      params[p[1].toLowerCase()] = p[2] ?? p[3] ?? '';
    }
    if (params.rel !== 'next') continue;
    if (!params.cursor) return undefined;
    return { cursor: params.cursor, results: params.results === 'true' };
  }
  return undefined;
}

/** `X-Sentry-Rate-Limit-Reset` (epoch seconds) as unix ms; Sentry sends no Retry-After. */
export function sentryRateLimitResetAt(headers: HttpHeaders, nowMs: number): number | undefined {
  const raw = headers['x-sentry-rate-limit-reset']?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const resetMs = Math.round(Number(raw) * 1000);
  // A reset already past (clock skew) falls back to backoff rather than retrying in a tight loop.
  if (resetMs <= nowMs) return undefined;
  return Math.min(resetMs, nowMs + MAX_RESET_WAIT_MS);
}

/** `count` is a string in the REST API (it can exceed 2^53 in theory); numbers are accepted too. */
export function parseCount(raw: unknown, where: string): number {
  const value = countOrUndefined(raw);
  if (value === undefined) throw bad(where, 'is not a count');
  return value;
}

function countOrUndefined(raw: unknown): number | undefined {
  const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/**
 * `stats: {"24h": [[unixSeconds, count], ...]}` → bucket times in unix ms and counts, for the requested key or
 * the only one. `times`, the bucket times of another issue of the same list, is reused when they are the same
 * (they always are within one list: 10,000 issues then share one array instead of holding 10,000 copies).
 * `issue`: the issue's place in its list, named in errors.
 */
export function parseStatsSeries(raw: unknown, key: string, issue?: number, times?: readonly number[]): BucketCounts {
  if (raw === undefined || raw === null) return { t: [], v: [] };
  if (!isRecord(raw)) throw bad(statsPlace(issue), 'is not an object');
  const chosen = key in raw ? key : onlyKey(raw);
  if (chosen === undefined) return { t: [], v: [] };
  const buckets = raw[chosen];
  if (!Array.isArray(buckets)) throw bad(`${statsPlace(issue)}.${chosen}`, 'is not a list');
  const n = buckets.length;
  const v = new Array<number>(n);
  let same = times !== undefined && times.length === n;
  for (let i = 0; i < n; i++) {
    const pair: unknown = buckets[i];
    if (!Array.isArray(pair) || pair.length < 2 || typeof pair[0] !== 'number' || typeof pair[1] !== 'number') {
      throw bad(`${statsPlace(issue)}.${chosen}[${i}]`, 'is not a [unixSeconds, count] pair');
    }
    if (same && times![i] !== Math.round(pair[0] * 1000)) same = false;
    v[i] = pair[1];
  }
  if (same) return { t: times!, v };
  const t = new Array<number>(n);
  for (let i = 0; i < n; i++) t[i] = Math.round((buckets[i] as number[])[0] * 1000);
  return { t, v };
}

/** Where the stats are, for an error: spelled out only for an answer that is wrong. */
function statsPlace(issue: number | undefined): string {
  return issue === undefined ? 'stats' : `issues[${issue}].stats`;
}

function onlyKey(raw: Json): string | undefined {
  let only: string | undefined;
  for (const k in raw) {
    if (only !== undefined) return undefined;
    only = k;
  }
  return only;
}

function parseId(raw: unknown, where: string): string {
  if (typeof raw === 'number' && Number.isInteger(raw)) return String(raw);
  if (typeof raw === 'string' && raw.trim()) return raw;
  throw bad(where, 'is missing');
}

/**
 * One issue of `GET /api/0/organizations/{org}/issues/` as a domain error group. `i` is its place in the
 * list, for errors only (the place is spelled out only when something is wrong: a list can hold 10,000 issues);
 * `times`: see parseStatsSeries.
 */
export function parseIssue(raw: unknown, statsKey: string, i = 0, times?: readonly number[]): ErrorGroup {
  if (!isRecord(raw)) throw bad(`issues[${i}]`, 'is not an object');
  const metadata = isRecord(raw.metadata) ? raw.metadata : undefined;
  const message = text(metadata?.value);
  const title = text(raw.title) ?? [text(metadata?.type), message].filter(Boolean).join(': ');
  if (!title) throw bad(`issues[${i}].title`, 'is missing');
  const id = raw.id;
  const count = countOrUndefined(raw.count);
  if (count === undefined) throw bad(`issues[${i}].count`, 'is not a count');
  // Built field by field rather than compacted afterwards.
  const group: ErrorGroup = {
    id: typeof id === 'string' && id.trim() !== '' ? id : parseId(id, `issues[${i}].id`),
    source: 'sentry',
    title,
    level: severityOfLevel(raw.level),
    count,
    counts: parseStatsSeries(raw.stats, statsKey, i, times),
  };
  if (message !== undefined) group.message = message;
  const culprit = text(raw.culprit);
  if (culprit !== undefined) group.culprit = culprit;
  if (raw.userCount !== undefined && raw.userCount !== null) {
    const users = countOrUndefined(raw.userCount);
    if (users === undefined) throw bad(`issues[${i}].userCount`, 'is not a count');
    group.userCount = users;
  }
  const firstSeen = dateText(raw.firstSeen);
  if (firstSeen !== undefined) group.firstSeen = firstSeen;
  const lastSeen = dateText(raw.lastSeen);
  if (lastSeen !== undefined) group.lastSeen = lastSeen;
  const permalink = webLink(raw.permalink);
  if (permalink !== undefined) group.permalink = permalink;
  // Issue details carry these (release objects); the issue list does not, so they are usually absent.
  const firstRelease = releaseVersion(raw.firstRelease);
  if (firstRelease !== undefined) group.firstRelease = firstRelease;
  const lastRelease = releaseVersion(raw.lastRelease);
  if (lastRelease !== undefined) group.lastRelease = lastRelease;
  return group;
}

/** One page of the issue list (a bare JSON list). `times`: the bucket times of the list so far (see parseStatsSeries). */
export function parseIssuesPage(body: unknown, statsKey: string, times?: readonly number[]): ErrorGroup[] {
  if (!Array.isArray(body)) throw bad('body', 'is not a list of issues');
  const groups = new Array<ErrorGroup>(body.length);
  let shared = times;
  for (let i = 0; i < body.length; i++) {
    const group = parseIssue(body[i], statsKey, i, shared);
    groups[i] = group;
    shared = group.counts!.t;
  }
  return groups;
}

function contextLineOf(raw: unknown, line: number | undefined): string | undefined {
  if (!Array.isArray(raw) || line === undefined) return undefined;
  const hit: unknown = raw.find((c) => Array.isArray(c) && c[0] === line);
  return Array.isArray(hit) && typeof hit[1] === 'string' && hit[1].trim() ? hit[1].trim() : undefined;
}

/** A REST (camelCase) frame. Node SDKs often put the absolute path in `filename` and none in `absPath`. */
export function parseFrame(raw: Json): StackFrame {
  const line = positiveInt(raw.lineNo);
  return compact({
    function: text(raw.function) ?? text(raw.rawFunction),
    module: text(raw.module) ?? text(raw.package),
    deployedPath: text(raw.absPath) ?? text(raw.filename),
    line,
    column: positiveInt(raw.colNo),
    inApp: typeof raw.inApp === 'boolean' ? raw.inApp : undefined,
    contextLine: contextLineOf(raw.context, line),
  });
}

function framesOf(stacktrace: unknown): StackFrame[] {
  if (!isRecord(stacktrace) || !Array.isArray(stacktrace.frames)) return [];
  // Anything that is not a frame object is skipped: a partial trace still locates the error.
  return stacktrace.frames.filter(isRecord).map(parseFrame);
}

function entryData(entries: unknown[], type: string): Json | undefined {
  const entry = entries.find((e) => isRecord(e) && e.type === type);
  return isRecord(entry) && isRecord(entry.data) ? entry.data : undefined;
}

/** The exception chain of an event; a message event with a stack has it under `threads` or `stacktrace`. */
function exceptionsOf(entries: unknown[]): SentryException[] {
  const exception = entryData(entries, 'exception');
  if (exception && Array.isArray(exception.values)) {
    return exception.values.filter(isRecord).map((v) =>
      compact({ type: text(v.type), value: text(v.value), frames: framesOf(v.stacktrace ?? v.rawStacktrace) }),
    );
  }
  const threads = entryData(entries, 'threads');
  if (threads && Array.isArray(threads.values)) {
    const all = threads.values.filter(isRecord);
    const crashed = all.find((t) => t.crashed === true && isRecord(t.stacktrace)) ?? all.find((t) => isRecord(t.stacktrace));
    if (crashed) return [{ frames: framesOf(crashed.stacktrace) }];
  }
  const stacktrace = entryData(entries, 'stacktrace');
  return stacktrace ? [{ frames: framesOf(stacktrace) }] : [];
}

/** A release as the API nests it (`{version, shortVersion, ...}`), or its bare version string. */
function releaseVersion(raw: unknown): string | undefined {
  return typeof raw === 'string' ? text(raw) : isRecord(raw) ? text(raw.version) : undefined;
}

function releaseOf(event: Json): string | undefined {
  const release = releaseVersion(event.release);
  if (release !== undefined || isRecord(event.release)) return release;
  // Older servers leave `release` null but still tag the event with it.
  const tags = Array.isArray(event.tags) ? event.tags : [];
  const tag: unknown = tags.find((t) => isRecord(t) && t.key === 'release');
  return isRecord(tag) ? text(tag.value) : undefined;
}

/** OpenTelemetry resource attributes naming the version or the commit (`vcs.repository.ref.revision` is the older name). */
const OTEL_VERSION_KEYS: readonly [string, VersionEvidence['kind']][] = [
  ['service.version', 'version'],
  ['vcs.ref.head.revision', 'revision'],
  ['vcs.repository.ref.revision', 'revision'],
];

/**
 * What an event says about the version it ran in: its release, and OpenTelemetry resource attributes where
 * the SDK forwarded them (Sentry's OpenTelemetry integration puts the resource under `contexts.otel.resource`;
 * some setups copy attributes into tags).
 */
function versionEvidenceOf(event: Json, release: string | undefined, at: string | undefined): VersionEvidence[] {
  const out: VersionEvidence[] = [];
  const push = (e: VersionEvidence) => {
    if (!out.some((o) => o.kind === e.kind && o.value === e.value)) out.push(at ? { ...e, at } : e);
  };
  if (release) push({ source: 'sentry-event', field: 'release', value: shortDetail(release, 200), kind: 'version' });
  const contexts = isRecord(event.contexts) ? event.contexts : undefined;
  const otel = isRecord(contexts?.otel) ? contexts.otel : undefined;
  const resource = isRecord(otel?.resource) ? otel.resource : undefined;
  const tags = Array.isArray(event.tags) ? event.tags.filter(isRecord) : [];
  for (const [key, kind] of OTEL_VERSION_KEYS) {
    const fromResource = text(resource?.[key]);
    if (fromResource) push({ source: 'otel-resource', field: `contexts.otel.resource.${key}`, value: shortDetail(fromResource, 200), kind });
    const tag = text(tags.find((t) => t.key === key)?.value);
    if (tag) push({ source: 'otel-resource', field: `tags.${key}`, value: shortDetail(tag, 200), kind });
  }
  return out;
}

/**
 * `GET .../issues/{id}/events/latest/`. Type and message come from the raised exception (the last of the
 * chain, as Sentry orders causes first); the frames from it too, or from the nearest cause with a stack.
 */
export function parseLatestEvent(body: unknown): SentryLatestEvent {
  if (!isRecord(body)) throw bad('event', 'is not an object');
  const eventId = text(body.eventID) ?? text(body.id);
  if (!eventId) throw bad('event.eventID', 'is missing');
  if (body.entries !== undefined && body.entries !== null && !Array.isArray(body.entries)) throw bad('event.entries', 'is not a list');
  const exceptions = exceptionsOf(Array.isArray(body.entries) ? body.entries : []);
  const raised = exceptions[exceptions.length - 1];
  const withFrames = [...exceptions].reverse().find((e) => e.frames.length > 0);
  const release = releaseOf(body);
  const dateCreated = dateText(body.dateCreated);
  const versionEvidence = versionEvidenceOf(body, release, dateCreated);
  return compact({
    eventId,
    release,
    versionEvidence: versionEvidence.length ? versionEvidence : undefined,
    platform: text(body.platform),
    dateCreated,
    frames: withFrames?.frames ?? [],
    exceptionType: raised?.type,
    exceptionValue: raised?.value,
    exceptions,
  });
}

function commitId(raw: unknown): string | undefined {
  const id = text(raw)?.trim();
  return id && /^[0-9a-f]{7,64}$/i.test(id) ? id : undefined;
}

/** A release's `ref`: a commit id or a ref name, of printable characters, bounded, never read as an option. */
function refText(raw: unknown): string | undefined {
  const ref = text(raw)?.trim();
  return ref && ref.length <= 200 && /^[\x21-\x7e]+$/.test(ref) && !ref.startsWith('-') ? ref : undefined;
}

/** `GET /api/0/organizations/{org}/releases/` → deploys, newest first. */
export function parseReleases(body: unknown): Deploy[] {
  if (!Array.isArray(body)) throw bad('body', 'is not a list of releases');
  const deploys = body.map((raw, i): Deploy | undefined => {
    if (!isRecord(raw)) throw bad(`releases[${i}]`, 'is not an object');
    const version = text(raw.version);
    if (!version) throw bad(`releases[${i}].version`, 'is missing');
    const deploy = isRecord(raw.lastDeploy) ? raw.lastDeploy : undefined;
    const finishedAt = dateText(deploy?.dateFinished) ?? dateText(raw.dateReleased) ?? dateText(raw.dateCreated);
    if (!finishedAt) return undefined;
    const lastCommit = isRecord(raw.lastCommit) ? raw.lastCommit : undefined;
    return compact({
      version,
      environment: text(deploy?.environment),
      finishedAt,
      url: webLink(raw.url),
      source: 'sentry' as const,
      createdAt: dateText(raw.dateCreated),
      releasedAt: dateText(raw.dateReleased),
      // Commit ids and refs go to git later: only the shapes git could take are kept.
      commit: commitId(lastCommit?.id),
      ref: refText(raw.ref),
    });
  });
  return deploys
    .filter((d): d is Deploy => d !== undefined)
    .sort((a, b) => Date.parse(b.finishedAt) - Date.parse(a.finishedAt));
}

/** `GET /api/0/projects/{org}/{project}/environments/` → the environment names, as Sentry lists them. */
export function parseEnvironments(body: unknown): string[] {
  if (!Array.isArray(body)) throw bad('body', 'is not a list of environments');
  return body.flatMap((raw) => (isRecord(raw) && text(raw.name) ? [shortDetail(raw.name as string, 60)] : [])).slice(0, 50);
}

/** `GET /api/0/projects/{org}/{slug}/` → the numeric id the issue and release lists filter on. */
export function parseProjectId(body: unknown): string {
  if (!isRecord(body)) throw bad('project', 'is not an object');
  const id = parseId(body.id, 'project.id');
  if (!/^\d+$/.test(id)) throw bad('project.id', 'is not numeric');
  return id;
}
