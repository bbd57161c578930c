// Alertmanager API v2 client: read alerts as Incidents, create silences. Never throws anything but BackendError.
import type { Incident } from '../../core/model';
import { BackendError } from '../errors';
import { guardBackendCall, readAuthHeader } from '../http/guard';
import type { HttpClient, HttpHeaders, HttpMethod, QueryParams } from '../http/types';
import { joinUrl, parseHttpUrl, safeOrigin } from '../http/url';
import { alertToIncident, formatMatcher, parseAlertsResponse, parseSilenceResponse, parseStatusResponse, validateMatcher } from './parse';
import type { AmAlert, AmAlertsQuery, AmSilenceRequest } from './types';
import { BACKEND_LABEL } from '../../core/labels';

export interface AlertmanagerClientOptions {
  /** Including any path prefix, e.g. `https://mimir.example.com/alertmanager`. */
  baseUrl: string;
  http: HttpClient;
  headers?: HttpHeaders;
  /** The full `Authorization` value, read per request. */
  getAuthHeader?: () => Promise<string | undefined> | string | undefined;
  /** Unix ms; silences start "now" by this clock. */
  now?: () => number;
}

export class AlertmanagerClient {
  private readonly origin: string | undefined;

  constructor(private readonly options: AlertmanagerClientOptions) {
    parseHttpUrl(options.baseUrl);
    this.origin = safeOrigin(options.baseUrl);
  }

  /** Alerts as Alertmanager holds them, for callers that also need annotations (code location hints). */
  rawAlerts(query: AmAlertsQuery = {}, signal?: AbortSignal): Promise<AmAlert[]> {
    return guardBackendCall(this.origin, async () => {
      const params: QueryParams = {
        active: query.active,
        silenced: query.silenced,
        inhibited: query.inhibited,
        unprocessed: query.unprocessed,
        filter: (query.matchers ?? []).map(formatMatcher),
      };
      const body = await this.call('GET', '/api/v2/alerts', { params, signal });
      return parseAlertsResponse(body);
    });
  }

  /** Alerts mapped to domain Incidents (kind `alert`). */
  async alerts(query: AmAlertsQuery = {}, signal?: AbortSignal): Promise<Incident[]> {
    return (await this.rawAlerts(query, signal)).map(alertToIncident);
  }

  /**
   * Whether Alertmanager answers, for a backend that seemed down: `GET /api/v2/status` (small, no alert
   * matching), one request, never retried, with the same headers and auth as the alert list.
   */
  probe(signal?: AbortSignal): Promise<void> {
    return guardBackendCall(this.origin, async () => {
      parseStatusResponse(await this.call('GET', '/api/v2/status', { signal, maxRetries: 0 }));
    });
  }

  /** Creates a silence starting now and returns its id. Not retried: a repeat would create a second silence. */
  createSilence(request: AmSilenceRequest, signal?: AbortSignal): Promise<string> {
    return guardBackendCall(this.origin, async () => {
      if (request.matchers.length === 0) throw new BackendError('config', 'a silence needs at least one matcher');
      if (!(request.durationMs > 0)) throw new BackendError('config', 'a silence needs a positive duration');
      if (!request.createdBy.trim() || !request.comment.trim()) {
        throw new BackendError('config', 'Alertmanager requires a silence author and comment');
      }
      request.matchers.forEach(validateMatcher);
      const start = (this.options.now ?? Date.now)();
      const body = {
        matchers: request.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex ?? false, isEqual: m.isEqual ?? true })),
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + request.durationMs).toISOString(),
        createdBy: request.createdBy,
        comment: request.comment,
      };
      const answer = await this.call('POST', '/api/v2/silences', { body, signal, idempotent: false });
      return parseSilenceResponse(answer);
    });
  }

  private async call(
    method: HttpMethod,
    path: string,
    req: { params?: QueryParams; body?: unknown; signal?: AbortSignal; idempotent?: boolean; maxRetries?: number },
  ): Promise<unknown> {
    const headers: HttpHeaders = { ...this.options.headers };
    const auth = await readAuthHeader(this.options.getAuthHeader, BACKEND_LABEL.alertmanager);
    if (auth) headers.Authorization = auth;
    const res = await this.options.http.request<unknown>({ method, url: joinUrl(this.options.baseUrl, path), headers, ...req });
    return res.data;
  }
}
