// Prometheus HTTP API v1 client. Also fits Thanos, Mimir/Cortex (path prefix, X-Scope-OrgID) and
// VictoriaMetrics. Every failure leaves as a BackendError, with Prometheus's own message when it gave one.
import { BackendError } from '../errors';
import { guardBackendCall, readAuthHeader } from '../http/guard';
import type { HttpClient, HttpHeaders, QueryParams } from '../http/types';
import { joinUrl, paramPairs, parseHttpUrl, safeOrigin, withParams } from '../http/url';
import { parseAlertsResponse, parseQueryResponse, parseRangeResponse } from './parse';
import type { PromAlertsResult, PromQueryResult, PromRangeResult } from './types';
import { BACKEND_LABEL } from '../../core/labels';

/** Prometheus refuses range queries above 11 000 points per series; refusing early gives a clearer message. */
export const MAX_RANGE_POINTS = 11_000;

/** Long expressions go in a POST form so proxies with short URL limits do not cut them. */
const MAX_GET_URL = 4_000;

/** Statuses whose body is Prometheus's JSON error envelope, which carries the useful message. */
const ENVELOPE_STATUSES = [400, 422, 503] as const;

export interface PrometheusClientOptions {
  /** Including any path prefix, e.g. `https://mimir.example.com/prometheus`. */
  baseUrl: string;
  http: HttpClient;
  /** Sent on every request, e.g. `{ 'X-Scope-OrgID': 'tenant-1' }`. */
  headers?: HttpHeaders;
  /** The full `Authorization` value (`Bearer …` / `Basic …`), read per request so a changed token applies at once. */
  getAuthHeader?: () => Promise<string | undefined> | string | undefined;
}

export class PrometheusClient {
  private readonly origin: string | undefined;

  constructor(private readonly options: PrometheusClientOptions) {
    parseHttpUrl(options.baseUrl);
    this.origin = safeOrigin(options.baseUrl);
  }

  /** Instant query; `time` is unix seconds (default: the server's now). */
  query(promql: string, time?: number, signal?: AbortSignal): Promise<PromQueryResult> {
    return guardBackendCall(this.origin, async () => {
      const { body, status } = await this.call('/api/v1/query', { query: promql, time }, signal);
      return parseQueryResponse(body, status);
    });
  }

  /** Range query; `start`/`end` unix seconds, `step` seconds. */
  queryRange(promql: string, start: number, end: number, step: number, signal?: AbortSignal): Promise<PromRangeResult> {
    return guardBackendCall(this.origin, async () => {
      if (!(step > 0) || !(end >= start)) throw new BackendError('config', 'a range query needs start <= end and a positive step');
      if ((end - start) / step > MAX_RANGE_POINTS) {
        throw new BackendError('config', `the range has more than ${MAX_RANGE_POINTS} points per series: use a larger step`);
      }
      const { body, status } = await this.call('/api/v1/query_range', { query: promql, start, end, step }, signal);
      return parseRangeResponse(body, status);
    });
  }

  /** Alerting rules' active alerts as Prometheus evaluates them (before Alertmanager routing). */
  alerts(signal?: AbortSignal): Promise<PromAlertsResult> {
    return guardBackendCall(this.origin, async () => {
      const { body, status } = await this.call('/api/v1/alerts', {}, signal, { getOnly: true });
      return parseAlertsResponse(body, status);
    });
  }

  /**
   * Whether the query API answers, for a backend that seemed down: one request, never retried, with the same
   * headers and auth as a query. `vector(1)` reads no series (no TSDB work), and the query path exists on
   * Thanos, Mimir/Cortex and VictoriaMetrics behind their prefixes, where a `/-/ready` often does not.
   */
  probe(signal?: AbortSignal): Promise<void> {
    return guardBackendCall(this.origin, async () => {
      const { body, status } = await this.call('/api/v1/query', { query: 'vector(1)' }, signal, { getOnly: true, maxRetries: 0 });
      parseQueryResponse(body, status);
    });
  }

  private async call(
    path: string,
    params: QueryParams,
    signal: AbortSignal | undefined,
    options: { getOnly?: boolean; maxRetries?: number } = {},
  ): Promise<{ body: unknown; status: number }> {
    const url = joinUrl(this.options.baseUrl, path);
    const headers: HttpHeaders = { ...this.options.headers };
    const auth = await readAuthHeader(this.options.getAuthHeader, BACKEND_LABEL.prometheus);
    if (auth) headers.Authorization = auth;
    const usePost = !options.getOnly && withParams(url, params).length > MAX_GET_URL;
    const res = await this.options.http.request<unknown>(
      usePost
        ? {
            method: 'POST',
            url,
            headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(paramPairs(params)).toString(),
            // Queries only read, so a POST here is as safe to repeat as a GET.
            idempotent: true,
            signal,
            acceptStatus: ENVELOPE_STATUSES,
            maxRetries: options.maxRetries,
          }
        : { method: 'GET', url, params, headers, signal, acceptStatus: ENVELOPE_STATUSES, maxRetries: options.maxRetries },
    );
    return { body: res.data, status: res.status };
  }
}
