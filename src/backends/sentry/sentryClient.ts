// Sentry REST client (sentry.io or self-hosted, same paths under the instance URL): top issues of a project,
// the latest event of an issue with its frames, releases as deploys. Never throws anything but BackendError.
import type { Deploy, ErrorGroup } from '../../core/model';
import { BackendError, isBackendError } from '../errors';
import { shortDetail } from '../http/httpErrors';
import { guardBackendCall, readAuthHeader } from '../http/guard';
import type { HttpResponse, QueryParams } from '../http/types';
import { joinUrl, parseHttpUrl, safeOrigin } from '../http/url';
import { LRUCache } from 'lru-cache';
import {
  issueStatsParams,
  parseIssuesPage,
  parseLatestEvent,
  parseEnvironments,
  parseNextLink,
  parseProjectId,
  parseReleases,
  sentryRateLimitResetAt,
} from './parse';
import { SentryRateGate } from './rateGate';
import { secretsOfAuthHeader, sentryError, type SentryErrorContext, type SentryOperation } from './sentryErrors';
import type { SentryClientOptions, SentryIssuesQuery, SentryLatestEvent, SentryList } from './types';
import { BACKEND_LABEL } from '../../core/labels';

/** Sentry's largest page for the issue list. */
const PAGE_SIZE_MAX = 100;
const DEFAULT_LIMIT = 100;
/** A safety net only: the empty-page and repeated-cursor checks normally end paging far earlier. */
const MAX_PAGES = 100;
const DEFAULT_EVENT_TTL_MS = 5 * 60 * 1000;
/**
 * Deploy markers kept, newest first: a chart shows a handful, and a project releasing on every commit has
 * tens of thousands (one answer of 12 MB gave 16,528 markers and a 37 MB status JSON).
 */
export const MAX_DEPLOYS = 100;

interface CachedEvent {
  event: Promise<SentryLatestEvent>;
  fetchedAt: number;
  lastSeen?: string;
}

export class SentryClient {
  private readonly origin: string | undefined;
  private readonly now: () => number;
  /** Bounded, least recently used out: a long session clicking through issues cannot grow memory without limit. */
  private readonly events: LRUCache<string, CachedEvent>;
  private projectIdPromise: Promise<string> | undefined;
  /** Shared by every request of this client (one token, one organization), as Sentry's limits are. */
  private readonly gate: SentryRateGate;

  constructor(private readonly options: SentryClientOptions) {
    parseHttpUrl(options.baseUrl);
    if (!options.organization.trim()) throw new BackendError('config', 'the Sentry organization is empty');
    if (!options.project.trim()) throw new BackendError('config', 'the Sentry project is empty');
    this.origin = safeOrigin(options.baseUrl);
    this.now = options.now ?? Date.now;
    this.events = new LRUCache({ max: Math.max(1, options.latestEventCacheSize ?? 200) });
    this.gate = new SentryRateGate({ maxConcurrent: options.maxConcurrentRequests, now: this.now, sleep: options.sleep });
  }

  /** The project's unresolved issues, most frequent first, as domain error groups. */
  async issues(query: SentryIssuesQuery, signal?: AbortSignal): Promise<ErrorGroup[]> {
    return (await this.listIssues(query, signal)).items;
  }

  /**
   * The issues, paged by cursor until `limit`. With a `deadline` (wall-clock unix ms), stops asking at it and
   * returns the pages that arrived, saying in `partial` what is missing; only a first page cut off fails.
   */
  listIssues(query: SentryIssuesQuery, signal?: AbortSignal, deadline?: number): Promise<SentryList<ErrorGroup>> {
    return guardBackendCall(this.origin, async () => {
      const limit = Math.floor(query.limit ?? DEFAULT_LIMIT);
      if (!(limit >= 1)) throw new BackendError('config', 'the Sentry issue limit must be at least 1');
      const { statsPeriod, groupStatsPeriod } = issueStatsParams(query.statsPeriod);
      const environment = query.environment || undefined;
      const project = await this.resolveProjectId(signal);
      const byId = new Map<string, ErrorGroup>();
      let times: readonly number[] | undefined;
      const pages = await this.pages(signal, deadline, 'issues', async (cursor, pageSignal) => {
        const params: QueryParams = {
          project, environment, query: query.query ?? 'is:unresolved', statsPeriod, groupStatsPeriod, sort: 'freq',
          limit: Math.min(PAGE_SIZE_MAX, limit - byId.size), cursor,
        };
        const res = await this.get(`/api/0/organizations/${this.org}/issues/`, params, pageSignal, 'issues', { deadline, environment }).catch((err: unknown) =>
          this.explainUnknownEnvironment(err, environment, signal),
        );
        const groups = parseIssuesPage(res.data, groupStatsPeriod, times);
        // Counts move while we page, so an issue can reappear on the next page: the first sighting wins.
        for (const group of groups) if (byId.size < limit && !byId.has(group.id)) byId.set(group.id, group);
        if (groups.length) times = groups[groups.length - 1].counts?.t;
        return byId.size < limit && groups.length > 0 ? res.headers.link : undefined;
      });
      const partial = pages.stoppedAt !== undefined
        ? `stopped after ${pagesText(pages.stoppedAt)} of issues at the ${pages.deadlineSeconds} s refresh deadline; the least frequent issues are missing`
        : undefined;
      return { items: [...byId.values()], partial };
    });
  }

  /**
   * Asks `page` for pages until it returns no `Link` header with a next page, a cursor repeats, MAX_PAGES is
   * reached, or the deadline passes (`stoppedAt` then says how many pages arrived).
   */
  private async pages(
    signal: AbortSignal | undefined,
    deadline: number | undefined,
    what: string,
    page: (cursor: string | undefined, signal: AbortSignal | undefined) => Promise<string | undefined>,
  ): Promise<{ stoppedAt?: number; deadlineSeconds?: number }> {
    const deadlineSeconds = deadline !== undefined ? Math.max(1, Math.round((deadline - Date.now()) / 1000)) : undefined;
    const seenCursors = new Set<string>();
    let cursor: string | undefined;
    for (let done = 0; done < MAX_PAGES; done++) {
      if (done > 0 && deadline !== undefined && Date.now() >= deadline) return { stoppedAt: done, deadlineSeconds };
      const bounded = untilDeadline(signal, deadline);
      let link: string | undefined;
      try {
        link = await page(cursor, bounded.signal);
      } catch (err) {
        // Cut off by the deadline after some pages arrived: keep them. The first page cut off is a timeout.
        if (bounded.expired() && isBackendError(err) && (err.kind === 'cancelled' || err.kind === 'timeout')) {
          if (done > 0) return { stoppedAt: done, deadlineSeconds };
          throw new BackendError('timeout', `no answer for the ${what} before the refresh deadline`);
        }
        throw err;
      } finally {
        bounded.dispose();
      }
      const next = parseNextLink(link);
      if (!next?.results) return {};
      if (seenCursors.has(next.cursor)) {
        this.options.log?.warn(`Sentry returned a page cursor it had already given; stopped paging the ${what}.`);
        return {};
      }
      seenCursors.add(next.cursor);
      cursor = next.cursor;
    }
    return {};
  }

  /**
   * Sentry answers an unknown `environment` with the same bare 404 as an unknown organization: when one was
   * asked for, the project's environments tell which it is, and which names exist.
   */
  private async explainUnknownEnvironment(err: unknown, environment: string | undefined, signal: AbortSignal | undefined): Promise<never> {
    if (!environment || !isBackendError(err) || err.kind !== 'notFound') throw err;
    let known: string[];
    try {
      const path = `/api/0/projects/${this.org}/${encodeURIComponent(this.options.project.trim())}/environments/`;
      known = parseEnvironments((await this.get(path, { visibility: 'visible' }, signal, 'environments', { maxRetries: 0 })).data);
    } catch {
      throw err;
    }
    if (known.includes(environment)) throw err;
    const choices = known.length ? `pick one of ${known.map((e) => `"${e}"`).join(', ')}` : 'it has none yet';
    throw new BackendError(
      'notFound',
      `Sentry has no environment "${shortDetail(environment, 60)}" for project "${this.options.project.trim()}" (${choices}): check --env or the prodlens.environment setting`,
      err.details,
    );
  }

  /**
   * The latest event of an issue, with its stack frames. Reused while the issue's `lastSeen` is unchanged
   * (a new event moves it), or for `latestEventTtlMs` when the caller does not know it. Concurrent callers
   * share one request; one caller cancelling stops only its own wait.
   */
  latestEvent(issueId: string, signal?: AbortSignal, options: { lastSeen?: string; deadline?: number } = {}): Promise<SentryLatestEvent> {
    return guardBackendCall(this.origin, async () => {
      if (!/^[\w-]+$/.test(issueId)) throw new BackendError('config', 'a Sentry issue id is a number or short id');
      const now = this.now();
      const ttl = this.options.latestEventTtlMs ?? DEFAULT_EVENT_TTL_MS;
      const hit = this.events.get(issueId);
      const fresh = hit && (options.lastSeen !== undefined ? hit.lastSeen === options.lastSeen : now - hit.fetchedAt < ttl);
      if (hit && fresh) return untilAborted(hit.event, signal);
      const path = `/api/0/organizations/${this.org}/issues/${encodeURIComponent(issueId)}/events/latest/`;
      // Not tied to this caller's signal (the answer is shared), but to its deadline: a request still queued
      // behind the rate limits when the refresh ends is not sent.
      const bounded = untilDeadline(undefined, options.deadline);
      const event = this.get(path, {}, bounded.signal, 'event', { issueId, deadline: options.deadline }).then((res) => parseLatestEvent(res.data));
      const entry: CachedEvent = { event, fetchedAt: now, lastSeen: options.lastSeen };
      this.events.set(issueId, entry);
      // Failures are not cached: the next call asks again.
      // Only while it is still this entry: a late failure must not evict a newer one.
      event.then(() => bounded.dispose(), () => {
        bounded.dispose();
        if (this.events.peek(issueId) === entry) this.events.delete(issueId);
      });
      return untilAborted(event, signal);
    });
  }

  /** The project's releases as deploys, newest first, at most MAX_DEPLOYS. */
  async releases(signal?: AbortSignal): Promise<Deploy[]> {
    return (await this.listReleases(signal)).items;
  }

  /**
   * Releases paged by cursor (Sentry lists the most recently created first) until MAX_DEPLOYS are kept;
   * `capped` when older ones exist, `partial` when the deadline stopped the paging.
   */
  listReleases(signal?: AbortSignal, deadline?: number): Promise<SentryList<Deploy> & { capped?: boolean }> {
    return guardBackendCall(this.origin, async () => {
      const project = await this.resolveProjectId(signal);
      const kept = new Map<string, Deploy>();
      let capped = false;
      const pages = await this.pages(signal, deadline, 'releases', async (cursor, pageSignal) => {
        const params: QueryParams = { project, per_page: PAGE_SIZE_MAX, cursor };
        const res = await this.get(`/api/0/organizations/${this.org}/releases/`, params, pageSignal, 'releases', { deadline });
        // A server that ignores per_page can send thousands on one page: only the newest are kept.
        for (const deploy of parseReleases(res.data)) {
          if (kept.size >= MAX_DEPLOYS) {
            capped = true;
            break;
          }
          if (!kept.has(deploy.version)) kept.set(deploy.version, deploy);
        }
        if (kept.size < MAX_DEPLOYS) return res.headers.link;
        capped ||= parseNextLink(res.headers.link)?.results === true;
        return undefined;
      });
      const items = [...kept.values()].sort((x, y) => Date.parse(y.finishedAt) - Date.parse(x.finishedAt));
      const partial = pages.stoppedAt !== undefined
        ? `stopped after ${pagesText(pages.stoppedAt)} of releases at the ${pages.deadlineSeconds} s refresh deadline; older deploy markers are missing`
        : undefined;
      return { items, capped: capped || undefined, partial };
    });
  }

  /** The numeric project id the lists filter on (`project=` takes ids only, per the API reference). */
  projectId(signal?: AbortSignal): Promise<string> {
    return guardBackendCall(this.origin, () => this.resolveProjectId(signal));
  }

  /**
   * Whether Sentry answers for this project, for a backend that seemed down: the project details endpoint
   * (the one that resolves a slug to its id; it takes an id too), one request, never retried, same token.
   */
  probe(signal?: AbortSignal): Promise<void> {
    return guardBackendCall(this.origin, async () => {
      const path = `/api/0/projects/${this.org}/${encodeURIComponent(this.options.project.trim())}/`;
      parseProjectId((await this.get(path, {}, signal, 'project', { maxRetries: 0 })).data);
    });
  }

  private get org(): string {
    return encodeURIComponent(this.options.organization.trim());
  }

  private resolveProjectId(signal: AbortSignal | undefined): Promise<string> {
    const configured = this.options.project.trim();
    if (/^\d+$/.test(configured)) return Promise.resolve(configured);
    if (!this.projectIdPromise) {
      // Not tied to the first caller's signal: the answer is shared, and a cancelled caller only stops waiting.
      const pending = this.get(`/api/0/projects/${this.org}/${encodeURIComponent(configured)}/`, {}, undefined, 'project').then((res) =>
        parseProjectId(res.data),
      );
      this.projectIdPromise = pending;
      pending.catch(() => {
        if (this.projectIdPromise === pending) this.projectIdPromise = undefined;
      });
    }
    return untilAborted(this.projectIdPromise, signal);
  }

  private async get(
    path: string,
    params: QueryParams,
    signal: AbortSignal | undefined,
    operation: SentryOperation,
    extra: { issueId?: string; maxRetries?: number; deadline?: number; environment?: string } = {},
  ): Promise<HttpResponse<unknown>> {
    const auth = (await readAuthHeader(this.options.getAuthHeader, BACKEND_LABEL.sentry))?.trim();
    if (!auth) throw new BackendError('config', 'no Sentry auth token is set (editor: "ProdLens: Set Backend Token"; CLI: PRODLENS_SENTRY_TOKEN)');
    const context: SentryErrorContext = { operation, organization: this.options.organization, project: this.options.project, issueId: extra.issueId };
    try {
      const request = () => this.options.http.request<unknown>({
        url: joinUrl(this.options.baseUrl, path),
        params,
        headers: { Authorization: auth },
        signal,
        rateLimitResetAt: sentryRateLimitResetAt,
        maxRetries: extra.maxRetries,
      });
      return await this.gate.run(request, signal, extra.deadline);
    } catch (err) {
      throw sentryError(err, context, secretsOfAuthHeader(auth));
    }
  }
}

/**
 * A signal that follows `parent` and also aborts at `deadline` (wall-clock unix ms); `expired` tells a
 * deadline from a cancellation. Without a deadline, `parent` itself.
 */
function untilDeadline(parent: AbortSignal | undefined, deadline: number | undefined): { signal: AbortSignal | undefined; expired(): boolean; dispose(): void } {
  if (deadline === undefined) return { signal: parent, expired: () => false, dispose() {} };
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
  // The refresh service aborts its signal at the same deadline; either firing first counts as the deadline.
  const expired = () => Date.now() >= deadline || (parent?.aborted === true && (parent.reason as Error | undefined)?.name === 'DeadlineReached');
  return {
    signal: controller.signal,
    expired,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

const pagesText = (n: number) => `${n} page${n === 1 ? '' : 's'}`;

/** Waits for shared work, but gives up (as `cancelled`) as soon as this caller's signal aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  const cancelled = () => new BackendError('cancelled', 'the request was cancelled');
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
