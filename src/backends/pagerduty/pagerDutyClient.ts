// PagerDuty REST API v2 client: open incidents of the configured services, and acknowledging one.
// Never throws anything but BackendError; messages carry PagerDuty's own short reason, never the key.
import type { Incident } from '../../core/model';
import { BackendError, isBackendError } from '../errors';
import { guardBackendCall } from '../http/guard';
import type { HttpMethod, QueryParams } from '../http/types';
import { joinUrl, parseHttpUrl, safeOrigin } from '../http/url';
import { describeApiError, pagerDutyRateLimitResetAt, parseApiError, parseIncidentResponse, parseIncidentsPage } from './parse';
import type { PagerDutyClientOptions, PagerDutyIncidentsQuery } from './types';

const ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** PagerDuty's largest page. */
const PAGE_SIZE_MAX = 100;
const DEFAULT_LIMIT = 100;
/** Classic offset paging stops at 10 000 records: PagerDuty refuses offsets beyond. */
const MAX_OFFSET = 10_000;
const MAX_PAGES = 100;
/** PagerDuty's code for a write without a valid `From` user. */
const MISSING_FROM = 2016;
/** Statuses whose JSON body is PagerDuty's error envelope, read here for its code and reasons. */
const ENVELOPE_STATUSES = [400, 401, 403, 404];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Operation = 'list' | 'acknowledge';

export class PagerDutyClient {
  private readonly origin: string | undefined;

  constructor(private readonly options: PagerDutyClientOptions) {
    parseHttpUrl(options.baseUrl);
    this.origin = safeOrigin(options.baseUrl);
  }

  /** Incidents of the given services (open ones by default), newest first, paging with limit/offset. */
  async incidents(query: PagerDutyIncidentsQuery, signal?: AbortSignal): Promise<Incident[]> {
    return (await this.listIncidents(query, signal)).items;
  }

  /**
   * The incidents, paged until `limit`. With a `deadline` (wall-clock unix ms; the caller's signal aborts
   * there too), no page is asked for after it, and a page cut off by it ends the paging with the pages that
   * arrived, `partial` saying so; only a first page cut off fails.
   */
  listIncidents(query: PagerDutyIncidentsQuery, signal?: AbortSignal, deadline?: number): Promise<{ items: Incident[]; partial?: string }> {
    return guardBackendCall(this.origin, async () => {
      const serviceIds = query.serviceIds.map((s) => s.trim()).filter(Boolean);
      if (serviceIds.length === 0) throw new BackendError('config', 'PagerDuty needs at least one service id');
      const limit = Math.floor(query.limit ?? DEFAULT_LIMIT);
      if (!(limit >= 1)) throw new BackendError('config', 'the PagerDuty incident limit must be at least 1');
      this.checkRange(query.since, query.until);
      const byId = new Map<string, Incident>();
      const late = () => deadline !== undefined && Date.now() >= deadline;
      const stopped = (pages: number) => ({
        items: [...byId.values()],
        partial: `stopped after ${pages} page${pages === 1 ? '' : 's'} of incidents at the refresh deadline; older open incidents are missing`,
      });
      let offset = 0;
      for (let page = 0; page < MAX_PAGES && offset < MAX_OFFSET; page++) {
        if (page > 0 && late()) return stopped(page);
        const params: QueryParams = {
          'service_ids[]': serviceIds,
          'statuses[]': query.statuses ?? ['triggered', 'acknowledged'],
          since: query.since,
          until: query.until,
          // Without a range PagerDuty looks back 30 days only; an incident open for longer is still open.
          date_range: query.since || query.until ? undefined : 'all',
          sort_by: 'created_at:desc',
          limit: Math.min(PAGE_SIZE_MAX, limit - byId.size),
          offset,
          total: true,
        };
        let body: unknown;
        try {
          body = await this.call('GET', '/incidents', { params, signal }, 'list');
        } catch (err) {
          if (page > 0 && late() && isBackendError(err) && (err.kind === 'cancelled' || err.kind === 'timeout')) return stopped(page);
          throw err;
        }
        const { items, more, offset: answeredOffset } = parseIncidentsPage(body);
        for (const incident of items) if (byId.size < limit && !byId.has(incident.id)) byId.set(incident.id, incident);
        if (byId.size >= limit || !more || items.length === 0) break;
        offset = (answeredOffset ?? offset) + items.length;
      }
      return { items: [...byId.values()] };
    });
  }

  /**
   * Acknowledges one incident as the PagerDuty user `fromEmail`. Sent once, never retried automatically:
   * after a lost answer the user sees the error and decides, rather than acting twice on their behalf.
   */
  acknowledge(incidentId: string, fromEmail: string, signal?: AbortSignal): Promise<Incident> {
    return guardBackendCall(this.origin, async () => {
      if (!/^[A-Za-z0-9]+$/.test(incidentId)) throw new BackendError('config', 'a PagerDuty incident id is letters and digits');
      const from = fromEmail.trim();
      if (!EMAIL.test(from)) throw new BackendError('config', this.fromMessage());
      const body = { incident: { type: 'incident_reference', status: 'acknowledged' } };
      const answer = await this.call(
        'PUT',
        `/incidents/${encodeURIComponent(incidentId)}`,
        { body, signal, headers: { From: from }, idempotent: false },
        'acknowledge',
        incidentId,
      );
      return parseIncidentResponse(answer);
    });
  }

  private fromMessage(): string {
    const setting = this.options.fromEmailSetting ?? 'the PagerDuty "From" email setting';
    return `acknowledging needs the email of a PagerDuty user (sent as the "From" header): set ${setting}`;
  }

  private checkRange(since: string | undefined, until: string | undefined): void {
    const start = since === undefined ? undefined : Date.parse(since);
    const end = until === undefined ? (this.options.now ?? Date.now)() : Date.parse(until);
    if (Number.isNaN(start) || Number.isNaN(end)) throw new BackendError('config', 'PagerDuty since/until must be ISO 8601 dates');
    if (start !== undefined && start > end) throw new BackendError('config', 'PagerDuty since must not be after until');
  }

  private async call(
    method: HttpMethod,
    path: string,
    req: { params?: QueryParams; body?: unknown; signal?: AbortSignal; headers?: Record<string, string>; idempotent?: boolean },
    operation: Operation,
    incidentId?: string,
  ): Promise<unknown> {
    const key = await this.readKey();
    const authorization = `Token token=${key}`;
    try {
      const res = await this.options.http.request<unknown>({
        method,
        url: joinUrl(this.options.baseUrl, path),
        ...req,
        headers: { ...req.headers, Authorization: authorization, Accept: ACCEPT },
        acceptStatus: ENVELOPE_STATUSES,
        rateLimitResetAt: pagerDutyRateLimitResetAt,
      });
      if (res.status >= 400) throw this.envelopeError(res.status, res.data, operation, incidentId);
      return res.data;
    } catch (err) {
      if (!isBackendError(err)) throw err;
      throw new BackendError(err.kind, redact(err.message, [authorization, key]), err.details);
    }
  }

  private async readKey(): Promise<string> {
    let raw: string | undefined;
    try {
      raw = await this.options.getToken();
    } catch (err) {
      if (isBackendError(err)) throw err;
      throw new BackendError('config', 'the credentials for PagerDuty could not be read');
    }
    // A key pasted with its header prefix still works.
    const key = raw?.trim().replace(/^Token\s+token=/i, '').trim();
    if (!key) throw new BackendError('config', 'no PagerDuty API key is set (editor: "ProdLens: Set Backend Token"; CLI: PRODLENS_PAGERDUTY_TOKEN)');
    return key;
  }

  private envelopeError(status: number, body: unknown, operation: Operation, incidentId?: string): BackendError {
    const apiError = parseApiError(body);
    const reason = `HTTP ${status}: ${describeApiError(apiError)}`;
    const details = { status };
    if (status === 400 && apiError?.code === MISSING_FROM) return new BackendError('config', `${this.fromMessage()} (${reason})`, details);
    if (status === 401) return new BackendError('auth', `PagerDuty rejected the API key (${reason})`, details);
    if (status === 403) {
      const what = operation === 'acknowledge' ? 'acknowledge incidents (a read-only key cannot)' : 'read these incidents';
      return new BackendError('auth', `the PagerDuty API key may not ${what} (${reason})`, details);
    }
    if (status === 404) {
      const what = operation === 'acknowledge' ? `incident ${incidentId ?? ''}` : 'the incidents endpoint (check the URL)';
      return new BackendError('notFound', `PagerDuty has no ${what} (${reason})`, details);
    }
    if (operation === 'list') return new BackendError('config', `PagerDuty refused the query: check serviceIds (${reason})`, details);
    return new BackendError('badResponse', `PagerDuty refused the acknowledgement (${reason})`, details);
  }
}

function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}
