// The contract every adapter codes against: adapters never see axios, so the transport can change
// (or be faked in a unit test) without touching them.
import type { Logger } from '../../core/log';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean;

/** Query parameters; an array repeats the key (`filter=a&filter=b`), `undefined` drops it. */
export type QueryParams = Record<string, QueryValue | readonly QueryValue[] | undefined>;

export type HttpHeaders = Record<string, string>;

export interface HttpRequest {
  method?: HttpMethod;
  /** Absolute http(s) URL; query parameters go in `params`. */
  url: string;
  params?: QueryParams;
  headers?: HttpHeaders;
  /** A string or Buffer is sent as is; anything else is sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Whether repeating the request is harmless, which allows retries on 429/502/503/504.
   * Defaults to true for GET and HEAD only: a POST is retried only when the caller says so.
   */
  idempotent?: boolean;
  /** `json` (default) parses and validates the body; `text` returns it decoded as UTF-8. */
  responseType?: 'json' | 'text';
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /**
   * Overrides the client's retries after the first attempt. A readiness probe passes 0: it must cost exactly
   * one request, and its failure only means "not back yet".
   */
  maxRetries?: number;
  /**
   * Error statuses the caller wants to read itself (Prometheus puts its error envelope in 400/422/503
   * answers). They are still retried when retryable; the last answer is returned instead of thrown.
   */
  acceptStatus?: readonly number[];
  /** Extra header names that carry credentials for this request (added to the client's list). */
  credentialHeaders?: readonly string[];
  /** When the backend signals rate limits without `Retry-After` (Sentry, PagerDuty): unix ms to retry at. */
  rateLimitResetAt?: (headers: HttpHeaders, nowMs: number) => number | undefined;
}

export interface HttpResponse<T> {
  status: number;
  /** Lower-case names. */
  headers: HttpHeaders;
  data: T;
  /** The URL that finally answered, after redirects. */
  url: string;
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
}

export interface HttpClientOptions {
  /** ProdLens version, sent as `User-Agent: ProdLens/<version>`. */
  version: string;
  /** Per HTTP exchange (each retry and each redirect hop), from connecting to the last body byte. Default 10 000. */
  timeoutMs?: number;
  /** Decompressed body size limit. Default 20 MB. */
  maxResponseBytes?: number;
  /** `http://[user:pass@]host:port`; the environment is never read here, the caller passes it. */
  proxy?: string;
  /** Hosts that bypass the proxy: `example.com` (and its subdomains), `.corp`, `host:port`, `*`. */
  noProxy?: readonly string[];
  /** Extra trusted CA certificates (PEM), added to Node's default roots. */
  caPem?: string;
  /** `false` disables certificate verification; it is logged as a warning once per client. */
  rejectUnauthorized?: boolean;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff delay, doubled on each retry. Default 500. */
  retryBaseDelayMs?: number;
  /** Longest single wait before a retry; a longer `Retry-After` ends retrying at once. Default 10 000. */
  maxRetryWaitMs?: number;
  /** Default 3. */
  maxRedirects?: number;
  /** Header names never sent to another origin on redirect, besides authorization, cookie and proxy-authorization. */
  credentialHeaders?: readonly string[];
  log?: Pick<Logger, 'warn' | 'debug'>;
  /** Injected so tests do not wait; must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Unix ms. */
  now?: () => number;
  /** 0..1, for backoff jitter. */
  random?: () => number;
}
