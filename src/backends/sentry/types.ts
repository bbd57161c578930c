// Sentry REST API shapes (`/api/0/`, camelCase) as the adapter reads them, and the adapter's own options.
// Checked against docs.sentry.io "API": issues, events, releases, pagination, rate limits.
import type { Logger } from '../../core/log';
import type { TimeWindowLabel } from '../../core/timeWindow';
import type { StackFrame, VersionEvidence } from '../../core/model';
import type { HttpClient } from '../http/types';

export interface SentryClientOptions {
  /** `https://sentry.io`, or a self-hosted instance URL, including any path prefix. */
  baseUrl: string;
  /** Organization slug (or id). */
  organization: string;
  /** Numeric project id, or a slug resolved once to its id. */
  project: string;
  http: HttpClient;
  /** The full `Authorization` value (`Bearer <token>`), read per request so a changed token applies at once. */
  getAuthHeader: () => Promise<string | undefined> | string | undefined;
  /** Unix ms; drives the latest-event cache expiry. */
  now?: () => number;
  /** How long a fetched latest event is reused for an issue whose `lastSeen` is unknown. Default 5 min. */
  latestEventTtlMs?: number;
  /** Issues whose latest event is kept. Default 200. */
  latestEventCacheSize?: number;
  log?: Pick<Logger, 'warn'>;
  /** Requests in flight at once at most, fewer when Sentry's concurrent-limit header says so. Default 3. */
  maxConcurrentRequests?: number;
  /** Waits for a spent rate-limit window to reset; injected so tests need not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What a paged list returned: its items, and what is missing when paging stopped early. */
export interface SentryList<T> {
  items: T[];
  /** One sentence, set when the deadline stopped the paging. */
  partial?: string;
}

export interface SentryIssuesQuery {
  environment?: string;
  /** The window the counts and stats cover. */
  statsPeriod: TimeWindowLabel;
  /** Total issues wanted across pages. Default 100. */
  limit?: number;
  /** Sentry search syntax. Default `is:unresolved`. */
  query?: string;
}

/** One exception of an event's chain, in Sentry's order (the cause first, the raised one last). */
export interface SentryException {
  type?: string;
  value?: string;
  /** Oldest call first, the frame that raised last. */
  frames: StackFrame[];
}

export interface SentryLatestEvent {
  eventId: string;
  release?: string;
  /** The release and OpenTelemetry version attributes the event carries. */
  versionEvidence?: VersionEvidence[];
  platform?: string;
  /** ISO 8601. */
  dateCreated?: string;
  /**
   * Frames of the raised exception (the last of the chain), oldest call first, crashing frame last.
   * When the raised exception carries no stack (common for re-thrown wrappers), the frames of the
   * nearest earlier exception that has one.
   */
  frames: StackFrame[];
  exceptionType?: string;
  exceptionValue?: string;
  /** The whole chain, for callers that want the root cause (`exceptions[0]`). */
  exceptions: SentryException[];
}

/** The next page of a `Link` header, when Sentry says there is one. */
export interface SentryNextPage {
  cursor: string;
  results: boolean;
}
