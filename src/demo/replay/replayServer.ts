// A local stand-in for the Sentry REST API and PagerDuty REST API v2 (neither can run here), speaking their
// documented shapes from in-memory fixtures: real sockets, the vendors' auth header rules, paging, and
// per-route failure modes. Shared by the contract tests, the demo and the extension-host tests.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPagerDutyVendor } from './replayPagerDuty';
import { createSentryVendor } from './replaySentry';
import { htmlErrorPage, type IncomingCall, type Reply } from './reply';

export type SentryRoute = 'sentry.project' | 'sentry.environments' | 'sentry.issues' | 'sentry.latestEvent' | 'sentry.releases';
export type PagerDutyRoute = 'pagerduty.incidents' | 'pagerduty.updateIncident';
export type ReplayRoute = SentryRoute | PagerDutyRoute;

/**
 * `unauthorized` 401, `forbidden` 403, `notFound` 404, `rateLimited` 429 (the vendor's body and rate-limit
 * headers; `Retry-After` only when `retryAfterSeconds` is given, as neither vendor sends one), `serverError` 500,
 * `truncatedJson` (the normal answer cut in half), `htmlPage` (a proxy's error page), `oversize` (a body of
 * `bytes`), `hang` (the request is read and never answered).
 */
export type FailureMode =
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'serverError'
  | 'truncatedJson'
  | 'htmlPage'
  | 'oversize'
  | 'hang';

export type VendorErrorMode = Extract<FailureMode, 'unauthorized' | 'forbidden' | 'notFound' | 'rateLimited' | 'serverError'>;

export interface FailureOptions {
  /** rateLimited: seconds until the vendor's window resets (default 60). */
  resetInSeconds?: number;
  /** rateLimited: also send `Retry-After` with this many seconds. */
  retryAfterSeconds?: number;
  /** htmlPage: the page's status (default 502). */
  status?: number;
  /** oversize: body size in bytes (default 256 KiB). */
  bytes?: number;
  /** Fail only this many requests, then answer normally again (default: until cleared). */
  times?: number;
  /** Answer this many requests of the route normally first, then fail (e.g. `hang` from the fourth page on). */
  after?: number;
}

export interface SentryFixture {
  /** The auth token; requests must send `Authorization: Bearer <token>`. */
  token: string;
  organization: string;
  projects: { id: string; slug: string }[];
  /** Issue list items (REST JSON); `project.slug` ties each to a project. */
  issues: Record<string, unknown>[];
  /** Latest event (REST JSON) per issue id. */
  latestEvents: Record<string, Record<string, unknown>>;
  releases: Record<string, unknown>[];
  /** Serve at most this many issues (or releases) per page, whatever `limit`/`per_page` asks, to force paging. */
  maxPageSize?: number;
  /**
   * The organization's environments: an issue list asked for another gets Sentry's bare 404. Default
   * `production` plus those the releases were deployed to.
   */
  environments?: string[];
  /**
   * Enforce Sentry's documented API rate limits (`X-Sentry-Rate-Limit-*`): at most `limit` requests per
   * `windowSeconds` fixed window and `concurrentLimit` in flight, the rest refused with 429. Each answer is
   * held `latencyMs` (default 20) so that requests sent together are in flight together, as on a real server.
   */
  rateLimits?: SentryRateLimits;
}

export interface SentryRateLimits {
  limit: number;
  windowSeconds: number;
  concurrentLimit: number;
  latencyMs?: number;
}

/** A request a vendor admitted under its rate limits: the headers to add, and when its answer may go. */
export interface Admission {
  refused?: Reply;
  headers: Record<string, string>;
  delayMs: number;
  done(): void;
}

export interface PagerDutyFixture {
  /** The REST API key; requests must send `Authorization: Token token=<key>`. */
  token: string;
  /** Incidents (REST JSON); updated in place by acknowledge/resolve. */
  incidents: Record<string, unknown>[];
  /** Emails accepted in `From`; any well-formed email when absent. */
  userEmails?: string[];
  /** Serve at most this many incidents per page, whatever `limit` asks (the answer's `limit` says so). */
  maxPageSize?: number;
}

export interface ReplayRequest {
  route: ReplayRoute | undefined;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status answered, once sent. */
  status?: number;
}

export interface ReplayServer {
  /** `http://127.0.0.1:<port>`: the base URL for both vendors (any path prefix before their paths is accepted). */
  url: string;
  /** Every request received, in order. */
  requests: ReplayRequest[];
  /** `null` clears; `'*'` applies to every route without its own failure. */
  setFailure(route: ReplayRoute | '*', mode: FailureMode | null, options?: FailureOptions): void;
  stop(): Promise<void>;
}

export interface RouteMatch {
  route: ReplayRoute;
  /** Path parameters by name (`org`, `issueId`, ...). */
  params: Record<string, string>;
}

/** What each vendor module provides to the server. */
export interface Vendor {
  match(method: string, path: string): RouteMatch | undefined;
  /** The vendor's own answer to a missing or wrong credential, or undefined when it is right. */
  authorize(call: IncomingCall): Reply | undefined;
  handle(match: RouteMatch, call: IncomingCall): Reply;
  errorReply(mode: VendorErrorMode, options: FailureOptions, nowMs: number): Reply;
  /** Rate limits, when the vendor enforces them: admits or refuses a call before it is handled. */
  admit?(call: IncomingCall): Admission | undefined;
}

interface ActiveFailure {
  mode: FailureMode;
  options: FailureOptions;
  remaining: number;
  /** Requests still to answer normally before failing. */
  skip: number;
}

export async function startReplayServer(fixtures: {
  sentry?: SentryFixture;
  pagerduty?: PagerDutyFixture;
  /** Listen on this loopback port (default: any free port). */
  port?: number;
  /** Unix ms for rate-limit headers and PagerDuty's default 30-day window. Default Date.now. */
  now?: () => number;
}): Promise<ReplayServer> {
  const now = fixtures.now ?? Date.now;
  const vendors: Vendor[] = [];
  if (fixtures.sentry) vendors.push(createSentryVendor(fixtures.sentry));
  if (fixtures.pagerduty) vendors.push(createPagerDutyVendor(fixtures.pagerduty));
  const requests: ReplayRequest[] = [];
  const failures = new Failures();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://replay.invalid');
      const body = Buffer.concat(chunks).toString('utf8');
      const call: IncomingCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        origin: `http://${req.headers.host ?? '127.0.0.1'}`,
        nowMs: now(),
      };
      const record: ReplayRequest = { route: undefined, method: call.method, path: call.path, query: call.query, headers: req.headers, body };
      requests.push(record);
      answer(vendors, failures, call, res, record);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(fixtures.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFailure: (route, mode, options = {}) => failures.set(route, mode, options),
    stop: () =>
      new Promise<void>((resolve) => {
        // Hanging requests hold their sockets open; close them or `close` never calls back.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The failures set per route (or for every route, `*`); each request of a route takes its own. */
class Failures {
  private readonly byRoute = new Map<ReplayRoute | '*', ActiveFailure>();

  set(route: ReplayRoute | '*', mode: FailureMode | null, options: FailureOptions): void {
    if (mode === null) this.byRoute.delete(route);
    else this.byRoute.set(route, { mode, options, remaining: options.times ?? Infinity, skip: options.after ?? 0 });
  }

  /** The failure this request of `route` gets, if any, counted against its `times` and `after`. */
  take(route: ReplayRoute): ActiveFailure | undefined {
    const key = this.byRoute.has(route) ? route : this.byRoute.has('*') ? '*' : undefined;
    if (!key) return undefined;
    const failure = this.byRoute.get(key)!;
    if (failure.skip > 0) {
      failure.skip--;
      return undefined;
    }
    if (--failure.remaining <= 0) this.byRoute.delete(key);
    return failure;
  }
}

/** Answers one call: the first vendor whose route matches, under its rate limits and the route's failure. */
function answer(vendors: readonly Vendor[], failures: Failures, call: IncomingCall, res: http.ServerResponse, record: ReplayRequest): void {
  const reply = (r: Reply) => {
    record.status = r.status;
    send(res, r);
  };
  for (const vendor of vendors) {
    const match = vendor.match(call.method, call.path);
    if (!match) continue;
    record.route = match.route;
    const admission = vendor.admit?.(call);
    if (admission?.refused) return reply(admission.refused);
    const normal = () => vendor.authorize(call) ?? vendor.handle(match, call);
    const failure = failures.take(match.route);
    if (failure?.mode === 'hang') return admission?.done();
    const built = failure ? failureReply(vendor, failure, normal, call.nowMs) : normal();
    if (!admission) return reply(built);
    Object.assign(built.headers, admission.headers);
    setTimeout(() => {
      admission.done();
      reply(built);
    }, admission.delayMs);
    return;
  }
  reply({ status: 404, headers: { 'content-type': 'application/json' }, body: '{"detail":"no such route in the replay server"}' });
}

function failureReply(vendor: Vendor, failure: ActiveFailure, normal: () => Reply, nowMs: number): Reply {
  const { mode, options } = failure;
  switch (mode) {
    case 'truncatedJson': {
      const full = normal();
      return { ...full, body: full.body.slice(0, Math.max(1, Math.floor(full.body.length / 2))) };
    }
    case 'htmlPage':
      return htmlErrorPage(options.status ?? 502);
    case 'oversize': {
      const bytes = options.bytes ?? 256 * 1024;
      const filler = Math.max(0, bytes - 16);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: `{"padding":"${'x'.repeat(filler)}"}` };
    }
    case 'hang':
      throw new Error('hang is handled before a reply is built');
    default: {
      const reply = vendor.errorReply(mode, options, nowMs);
      if (mode === 'rateLimited' && options.retryAfterSeconds !== undefined) reply.headers['retry-after'] = String(options.retryAfterSeconds);
      return reply;
    }
  }
}

function send(res: http.ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  res.end(body);
}
