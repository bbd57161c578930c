// The Sentry REST API (`/api/0/`, any path prefix before it, as self-hosted instances have) as the replay
// server speaks it: Bearer auth, cursor paging through `Link`, stats keyed by `groupStatsPeriod`, and the
// error bodies Sentry sends (`{"detail": ...}`, a 429 labelled text/html, `X-Sentry-Rate-Limit-*` headers).
import type { Admission, FailureOptions, RouteMatch, SentryFixture, SentryRateLimits, SentryRoute, Vendor, VendorErrorMode } from './replayServer';
import { headerOf, jsonReply, type IncomingCall, type Reply } from './reply';

const ROUTES: { route: SentryRoute; pattern: RegExp; names: string[] }[] = [
  { route: 'sentry.project', pattern: /^(.*)\/api\/0\/projects\/([^/]+)\/([^/]+)\/$/, names: ['prefix', 'org', 'project'] },
  { route: 'sentry.environments', pattern: /^(.*)\/api\/0\/projects\/([^/]+)\/([^/]+)\/environments\/$/, names: ['prefix', 'org', 'project'] },
  { route: 'sentry.issues', pattern: /^(.*)\/api\/0\/organizations\/([^/]+)\/issues\/$/, names: ['prefix', 'org'] },
  {
    route: 'sentry.latestEvent',
    pattern: /^(.*)\/api\/0\/organizations\/([^/]+)\/issues\/([^/]+)\/events\/latest\/$/,
    names: ['prefix', 'org', 'issueId'],
  },
  { route: 'sentry.releases', pattern: /^(.*)\/api\/0\/organizations\/([^/]+)\/releases\/$/, names: ['prefix', 'org'] },
];

const DETAIL = {
  noCredentials: 'Authentication credentials were not provided.',
  invalidToken: 'Invalid token',
  forbidden: 'You do not have permission to perform this action.',
  notFound: 'The requested resource does not exist',
  rateLimited: 'You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds',
  concurrency: (n: number) => `You are attempting to go above the allowed concurrency for this endpoint. Concurrency limit is ${n}`,
  frequency: (n: number, seconds: number) => `You are attempting to use this endpoint too frequently. Limit is ${n} requests in ${seconds} seconds`,
  internal: 'Internal Error',
};
const GROUP_STATS_PERIODS = ['', '24h', '14d', 'auto'];
const MAX_LIMIT = 100;

function detail(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { detail: message }, headers);
}

/** Sent on every answer, successful or not, as Sentry does. */
function rateLimitHeaders(nowMs: number, remaining: number, resetInSeconds: number): Record<string, string> {
  return {
    'x-sentry-rate-limit-limit': '40',
    'x-sentry-rate-limit-remaining': String(remaining),
    'x-sentry-rate-limit-reset': String(Math.ceil(nowMs / 1000) + resetInSeconds),
    'x-sentry-rate-limit-concurrentlimit': '25',
    'x-sentry-rate-limit-concurrentremaining': '24',
  };
}

/** Offset cursors in Sentry's `value:offset:is_prev` format. */
function parseCursor(raw: string | null): number | undefined {
  if (raw === null || raw === '') return 0;
  const m = /^\d+:(\d+):[01]$/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

function linkHeader(base: string, query: URLSearchParams, offset: number, pageSize: number, hasNext: boolean): string {
  const link = (cursor: string, rel: string, results: boolean) => {
    const q = new URLSearchParams(query);
    q.set('cursor', cursor);
    return `<${base}?${q.toString()}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  const prev = `0:${Math.max(0, offset - pageSize)}:1`;
  return `${link(prev, 'previous', offset > 0)}, ${link(`0:${offset + pageSize}:0`, 'next', hasNext)}`;
}

const slugOf = (item: Record<string, unknown>) => (item.project as { slug?: string } | undefined)?.slug;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function sortIssues(issues: Record<string, unknown>[], sort: string): Record<string, unknown>[] {
  const byText = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => str(b[key]).localeCompare(str(a[key]));
  if (sort === 'freq') return [...issues].sort((a, b) => Number(b.count) - Number(a.count));
  if (sort === 'new') return [...issues].sort(byText('firstSeen'));
  return [...issues].sort(byText('lastSeen'));
}

/** The list item with its stats keyed by the period asked for, as Sentry does. */
function withStatsKey(issue: Record<string, unknown>, key: string): Record<string, unknown> {
  const stats = issue.stats as Record<string, unknown> | undefined;
  const points = stats ? Object.values(stats)[0] : [];
  return { ...issue, stats: { [key]: points ?? [] } };
}

/** The organization's environments: those named, else `production` and every environment deployed to. */
function environmentsOf(fixture: SentryFixture): string[] {
  if (fixture.environments) return fixture.environments;
  const deployed = fixture.releases.map((r) => (r.lastDeploy as { environment?: unknown } | null)?.environment).filter((e): e is string => typeof e === 'string');
  return [...new Set(['production', ...deployed])];
}

/**
 * Sentry's documented limits, per token: a fixed window of `limit` requests and `concurrentLimit` in flight,
 * refused with 429 and a JSON `detail` labelled text/html; the headers go on every answer.
 */
function rateLimiter(limits: SentryRateLimits): (call: IncomingCall) => Admission {
  let inFlight = 0;
  let window = -1;
  let used = 0;
  return (call) => {
    const windowMs = limits.windowSeconds * 1000;
    const current = Math.floor(call.nowMs / windowMs);
    if (current !== window) {
      window = current;
      used = 0;
    }
    const headers = () => ({
      'x-sentry-rate-limit-limit': String(limits.limit),
      'x-sentry-rate-limit-remaining': String(Math.max(0, limits.limit - used)),
      'x-sentry-rate-limit-reset': String(((current + 1) * windowMs) / 1000),
      'x-sentry-rate-limit-concurrentlimit': String(limits.concurrentLimit),
      'x-sentry-rate-limit-concurrentremaining': String(Math.max(0, limits.concurrentLimit - inFlight)),
    });
    const refuse = (message: string): Admission => {
      const refused = detail(429, message, headers());
      refused.headers['content-type'] = 'text/html; charset=utf-8';
      return { refused, headers: {}, delayMs: 0, done() {} };
    };
    if (used >= limits.limit) return refuse(DETAIL.frequency(limits.limit, limits.windowSeconds));
    if (inFlight >= limits.concurrentLimit) return refuse(DETAIL.concurrency(limits.concurrentLimit));
    used++;
    inFlight++;
    return {
      headers: headers(),
      delayMs: limits.latencyMs ?? 20,
      done: () => {
        inFlight--;
      },
    };
  };
}

/** The issue list: environments, projects, stats period, paging and the default `is:unresolved` query checked as Sentry does. */
function issues(fixture: SentryFixture, call: IncomingCall): Reply {
  const { query } = call;
  // Sentry resolves every `environment` asked for first; one the organization lacks is a bare 404
  // (api/helpers/environments.py raises ResourceDoesNotExist), whatever else the query says.
  const known = environmentsOf(fixture);
  if (query.getAll('environment').some((e) => !known.includes(e))) return detail(404, DETAIL.notFound);
  const projectIds = query.getAll('project');
  if (projectIds.some((p) => !/^-?\d+$/.test(p))) return detail(400, 'Invalid project parameter. Values must be numbers.');
  const wanted = projectIds.filter((p) => p !== '-1');
  if (wanted.some((id) => !fixture.projects.some((p) => p.id === id))) return detail(403, DETAIL.forbidden);
  const slugs = (wanted.length ? fixture.projects.filter((p) => wanted.includes(p.id)) : fixture.projects).map((p) => p.slug);
  const statsKey = query.get('groupStatsPeriod') ?? '24h';
  if (!GROUP_STATS_PERIODS.includes(statsKey)) return detail(400, "Invalid stats_period. Valid choices are '', '24h', '14d', and 'auto'");
  const limit = Number(query.get('limit') ?? MAX_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return detail(400, `Invalid per_page value. Cannot exceed ${MAX_LIMIT}.`);
  const offset = parseCursor(query.get('cursor'));
  if (offset === undefined) return detail(400, 'Invalid cursor parameter.');
  const search = query.get('query') ?? 'is:unresolved';
  let list = fixture.issues.filter((i) => slugs.includes(slugOf(i) ?? ''));
  if (search.includes('is:unresolved')) list = list.filter((i) => i.status === 'unresolved');
  list = sortIssues(list, query.get('sort') ?? 'date');
  const pageSize = Math.min(limit, fixture.maxPageSize ?? MAX_LIMIT);
  const page = list.slice(offset, offset + pageSize).map((i) => withStatsKey(i, statsKey || '24h'));
  const base = `${call.origin}${call.path}`;
  return jsonReply(200, page, {
    ...rateLimitHeaders(call.nowMs, 39, 1),
    link: linkHeader(base, query, offset, pageSize, offset + pageSize < list.length),
  });
}

function releases(fixture: SentryFixture, call: IncomingCall): Reply {
  const ids = call.query.getAll('project');
  const list = fixture.releases.filter((r) => {
    if (ids.length === 0) return true;
    const projects = Array.isArray(r.projects) ? (r.projects as { id?: unknown }[]) : [];
    return projects.some((p) => ids.includes(String(p.id)));
  });
  list.sort((a, b) => str(b.dateCreated).localeCompare(str(a.dateCreated)));
  // Sentry's generic paginator: `per_page` (default and most 100) and `cursor`, with the same Link header.
  const perPage = Number(call.query.get('per_page') ?? MAX_LIMIT);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_LIMIT) return detail(400, `Invalid per_page value. Cannot exceed ${MAX_LIMIT}.`);
  const offset = parseCursor(call.query.get('cursor'));
  if (offset === undefined) return detail(400, 'Invalid cursor parameter.');
  const pageSize = Math.min(perPage, fixture.maxPageSize ?? MAX_LIMIT);
  return jsonReply(200, list.slice(offset, offset + pageSize), {
    ...rateLimitHeaders(call.nowMs, 39, 1),
    link: linkHeader(`${call.origin}${call.path}`, call.query, offset, pageSize, offset + pageSize < list.length),
  });
}

/** A matched route whose credentials were accepted. */
function handle(fixture: SentryFixture, match: RouteMatch, call: IncomingCall): Reply {
  const { org } = match.params;
  if (org !== fixture.organization) return detail(404, DETAIL.notFound);
  switch (match.route) {
    case 'sentry.project': {
      const wanted = match.params.project;
      const project = fixture.projects.find((p) => p.slug === wanted || p.id === wanted);
      if (!project) return detail(404, DETAIL.notFound);
      return jsonReply(200, { id: project.id, slug: project.slug, name: project.slug, platform: 'node', organization: { slug: org } });
    }
    case 'sentry.environments': {
      const wanted = match.params.project;
      if (!fixture.projects.some((p) => p.slug === wanted || p.id === wanted)) return detail(404, DETAIL.notFound);
      return jsonReply(200, environmentsOf(fixture).map((name, i) => ({ id: String(i + 1), name, isHidden: false })), rateLimitHeaders(call.nowMs, 39, 1));
    }
    case 'sentry.issues':
      return issues(fixture, call);
    case 'sentry.latestEvent': {
      const issue = fixture.issues.find((i) => i.id === match.params.issueId);
      const event = issue ? fixture.latestEvents[String(issue.id)] : undefined;
      return event ? jsonReply(200, event, rateLimitHeaders(call.nowMs, 39, 1)) : detail(404, DETAIL.notFound);
    }
    default:
      return releases(fixture, call);
  }
}

/** Sentry's own answer for each failure mode a test switches on. */
function errorReply(mode: VendorErrorMode, options: FailureOptions, nowMs: number): Reply {
  switch (mode) {
    case 'unauthorized':
      return detail(401, DETAIL.invalidToken, { 'www-authenticate': 'Bearer realm="api"' });
    case 'forbidden':
      return detail(403, DETAIL.forbidden);
    case 'notFound':
      return detail(404, DETAIL.notFound);
    case 'rateLimited': {
      // Sentry's 429 carries a JSON body labelled text/html, and no Retry-After.
      const reply = detail(429, DETAIL.rateLimited, rateLimitHeaders(nowMs, 0, options.resetInSeconds ?? 60));
      reply.headers['content-type'] = 'text/html; charset=utf-8';
      return reply;
    }
    case 'serverError':
      return jsonReply(500, { detail: DETAIL.internal, errorId: '6b3ad4bf2c2e4bd5a5b1f1a1d1c1b1a1' });
  }
}

export function createSentryVendor(fixture: SentryFixture): Vendor {
  const admit = fixture.rateLimits ? rateLimiter(fixture.rateLimits) : undefined;
  return {
    match(method, path) {
      if (method !== 'GET') return undefined;
      for (const { route, pattern, names } of ROUTES) {
        const m = pattern.exec(path);
        if (!m) continue;
        const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
        return { route, params } satisfies RouteMatch;
      }
      return undefined;
    },

    admit,

    authorize(call) {
      const header = headerOf(call.headers, 'authorization');
      const challenge = { 'www-authenticate': 'Bearer realm="api"' };
      if (!header) return detail(401, DETAIL.noCredentials, challenge);
      // The scheme is case-insensitive, the token exact; `Token token=` (PagerDuty's form) is refused.
      const m = /^bearer\s+(\S+)$/i.exec(header.trim());
      if (!m || m[1] !== fixture.token) return detail(401, DETAIL.invalidToken, challenge);
      return undefined;
    },

    handle: (match, call) => handle(fixture, match, call),

    errorReply,
  };
}
