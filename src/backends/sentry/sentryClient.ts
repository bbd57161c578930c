// Sentry REST client (sentry.io or self-hosted, same paths under the instance URL): top issues of a project,
// the latest event of an issue with its frames, releases as deploys. Never throws anything but BackendError.
import type { Deploy, ErrorGroup } from '../../core/model';
import { BackendError } from '../errors';
import { guardBackendCall, readAuthHeader } from '../http/guard';
import type { HttpResponse, QueryParams } from '../http/types';
import { joinUrl, parseHttpUrl, safeOrigin } from '../http/url';
import { LRUCache } from 'lru-cache';
import {
  issueStatsParams,
  parseIssuesPage,
  parseLatestEvent,
  parseNextLink,
  parseProjectId,
  parseReleases,
  sentryRateLimitResetAt,
} from './parse';
import { secretsOfAuthHeader, sentryError, type SentryErrorContext, type SentryOperation } from './sentryErrors';
import type { SentryClientOptions, SentryIssuesQuery, SentryLatestEvent } from './types';

/** Sentry's largest page for the issue list. */
const PAGE_SIZE_MAX = 100;
const DEFAULT_LIMIT = 100;
/** A safety net only: the empty-page and repeated-cursor checks normally end paging far earlier. */
const MAX_PAGES = 100;
const DEFAULT_EVENT_TTL_MS = 5 * 60 * 1000;

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

  constructor(private readonly options: SentryClientOptions) {
    parseHttpUrl(options.baseUrl);
    if (!options.organization.trim()) throw new BackendError('config', 'the Sentry organization is empty');
    if (!options.project.trim()) throw new BackendError('config', 'the Sentry project is empty');
    this.origin = safeOrigin(options.baseUrl);
    this.now = options.now ?? Date.now;
    this.events = new LRUCache({ max: Math.max(1, options.latestEventCacheSize ?? 200) });
  }

  /** The project's unresolved issues, most frequent first, as domain error groups. */
  issues(query: SentryIssuesQuery, signal?: AbortSignal): Promise<ErrorGroup[]> {
    return guardBackendCall(this.origin, async () => {
      const limit = Math.floor(query.limit ?? DEFAULT_LIMIT);
      if (!(limit >= 1)) throw new BackendError('config', 'the Sentry issue limit must be at least 1');
      const { statsPeriod, groupStatsPeriod } = issueStatsParams(query.statsPeriod);
      const project = await this.resolveProjectId(signal);
      const byId = new Map<string, ErrorGroup>();
      const seenCursors = new Set<string>();
      let cursor: string | undefined;
      let times: readonly number[] | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const params: QueryParams = {
          project,
          environment: query.environment || undefined,
          query: query.query ?? 'is:unresolved',
          statsPeriod,
          groupStatsPeriod,
          sort: 'freq',
          limit: Math.min(PAGE_SIZE_MAX, limit - byId.size),
          cursor,
        };
        const res = await this.get(`/api/0/organizations/${this.org}/issues/`, params, signal, 'issues');
        const groups = parseIssuesPage(res.data, groupStatsPeriod, times);
        // Counts move while we page, so an issue can reappear on the next page: the first sighting wins.
        for (const group of groups) if (byId.size < limit && !byId.has(group.id)) byId.set(group.id, group);
        if (byId.size >= limit || groups.length === 0) break;
        times = groups[groups.length - 1].counts?.t;
        const next = parseNextLink(res.headers.link);
        if (!next?.results) break;
        if (seenCursors.has(next.cursor)) {
          this.options.log?.warn('Sentry returned a page cursor it had already given; stopped paging the issue list.');
          break;
        }
        seenCursors.add(next.cursor);
        cursor = next.cursor;
      }
      return [...byId.values()];
    });
  }

  /**
   * The latest event of an issue, with its stack frames. Reused while the issue's `lastSeen` is unchanged
   * (a new event moves it), or for `latestEventTtlMs` when the caller does not know it. Concurrent callers
   * share one request; one caller cancelling stops only its own wait.
   */
  latestEvent(issueId: string, signal?: AbortSignal, options: { lastSeen?: string } = {}): Promise<SentryLatestEvent> {
    return guardBackendCall(this.origin, async () => {
      if (!/^[\w-]+$/.test(issueId)) throw new BackendError('config', 'a Sentry issue id is a number or short id');
      const now = this.now();
      const ttl = this.options.latestEventTtlMs ?? DEFAULT_EVENT_TTL_MS;
      const hit = this.events.get(issueId);
      const fresh = hit && (options.lastSeen !== undefined ? hit.lastSeen === options.lastSeen : now - hit.fetchedAt < ttl);
      if (hit && fresh) return untilAborted(hit.event, signal);
      const path = `/api/0/organizations/${this.org}/issues/${encodeURIComponent(issueId)}/events/latest/`;
      const event = this.get(path, {}, undefined, 'event', { issueId }).then((res) => parseLatestEvent(res.data));
      const entry: CachedEvent = { event, fetchedAt: now, lastSeen: options.lastSeen };
      this.events.set(issueId, entry);
      // Failures are not cached: the next call asks again.
      // Only while it is still this entry: a late failure must not evict a newer one.
      event.catch(() => {
        if (this.events.peek(issueId) === entry) this.events.delete(issueId);
      });
      return untilAborted(event, signal);
    });
  }

  /** The project's releases as deploys, newest first (Sentry's first page: its 100 most recent). */
  releases(signal?: AbortSignal): Promise<Deploy[]> {
    return guardBackendCall(this.origin, async () => {
      const project = await this.resolveProjectId(signal);
      const res = await this.get(`/api/0/organizations/${this.org}/releases/`, { project }, signal, 'releases');
      return parseReleases(res.data);
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
    extra: { issueId?: string; maxRetries?: number } = {},
  ): Promise<HttpResponse<unknown>> {
    const auth = (await readAuthHeader(this.options.getAuthHeader, 'Sentry'))?.trim();
    if (!auth) throw new BackendError('config', 'no Sentry auth token is set (editor: "ProdLens: Set Backend Token"; CLI: PRODLENS_SENTRY_TOKEN)');
    const context: SentryErrorContext = { operation, organization: this.options.organization, project: this.options.project, issueId: extra.issueId };
    try {
      return await this.options.http.request<unknown>({
        url: joinUrl(this.options.baseUrl, path),
        params,
        headers: { Authorization: auth },
        signal,
        rateLimitResetAt: sentryRateLimitResetAt,
        maxRetries: extra.maxRetries,
      });
    } catch (err) {
      throw sentryError(err, context, secretsOfAuthHeader(auth));
    }
  }
}

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
