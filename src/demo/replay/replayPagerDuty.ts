// PagerDuty REST API v2 as the replay server speaks it: `Token token=` auth, classic limit/offset paging
// with `more` and `total`, repeated `service_ids[]`/`statuses[]`, the 30-day default window (`date_range=all`
// lifts it), and `PUT /incidents/{id}` with the `From` user. Error bodies are `{"error": {message, code, errors}}`;
// codes 2016 (From) and 2020 (rate limit) are documented, the others are plausible stand-ins.
import type { FailureOptions, PagerDutyFixture, RouteMatch, Vendor, VendorErrorMode } from './replayServer';
import { headerOf, jsonReply, type IncomingCall, type Reply } from './reply';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const DEFAULT_WINDOW_MS = 30 * 24 * 3600 * 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function pdError(status: number, message: string, code: number, errors: string[] = [], headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { error: { message, code, errors } }, headers);
}

function listIncidents(fixture: PagerDutyFixture, call: IncomingCall): Reply {
  const { query } = call;
  const services = query.getAll('service_ids[]');
  const statuses = query.getAll('statuses[]');
  const limit = Math.min(MAX_LIMIT, fixture.maxPageSize ?? MAX_LIMIT, Number(query.get('limit') ?? DEFAULT_LIMIT));
  const offset = Number(query.get('offset') ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
    return pdError(400, 'Invalid Input Provided', 2001, ['limit and offset must be non-negative integers']);
  }
  let list = fixture.incidents.filter((i) => {
    const service = i.service as { id?: string } | undefined;
    return (services.length === 0 || services.includes(service?.id ?? '')) && (statuses.length === 0 || statuses.includes(String(i.status)));
  });
  if (query.get('date_range') !== 'all') {
    const since = Date.parse(query.get('since') ?? new Date(call.nowMs - DEFAULT_WINDOW_MS).toISOString());
    const until = Date.parse(query.get('until') ?? new Date(call.nowMs).toISOString());
    if (Number.isNaN(since) || Number.isNaN(until)) return pdError(400, 'Invalid Input Provided', 2001, ['since and until must be dates']);
    list = list.filter((i) => {
      const created = Date.parse(String(i.created_at));
      return created >= since && created < until;
    });
  }
  const sort = query.get('sort_by');
  if (sort === 'created_at:desc' || sort === 'created_at:asc' || sort === 'created_at') {
    const sign = sort.endsWith(':desc') ? -1 : 1;
    list = [...list].sort((a, b) => sign * (Date.parse(String(a.created_at)) - Date.parse(String(b.created_at))));
  }
  const page = list.slice(offset, offset + limit);
  return jsonReply(200, {
    incidents: page,
    limit,
    offset,
    total: query.get('total') === 'true' ? list.length : null,
    more: offset + page.length < list.length,
  });
}

function updateIncident(fixture: PagerDutyFixture, id: string, call: IncomingCall): Reply {
  const from = headerOf(call.headers, 'from')?.trim() ?? '';
  const known = fixture.userEmails ? fixture.userEmails.includes(from) : EMAIL.test(from);
  if (!known) return pdError(400, 'Invalid Input Provided', 2016, ['A valid From header with the email of a user is required.']);
  let body: unknown;
  try {
    body = JSON.parse(call.body);
  } catch {
    return pdError(400, 'Invalid Input Provided', 2001, ['The request body is not valid JSON.']);
  }
  const change = (body as { incident?: { type?: unknown; status?: unknown } } | null)?.incident;
  if (change?.type !== 'incident_reference' || (change.status !== 'acknowledged' && change.status !== 'resolved')) {
    return pdError(400, 'Invalid Input Provided', 2001, ['incident must be an incident_reference with a status of acknowledged or resolved']);
  }
  const incident = fixture.incidents.find((i) => i.id === id);
  if (!incident) return pdError(404, 'Not Found', 2100);
  const at = new Date(call.nowMs).toISOString();
  incident.status = change.status;
  incident.last_status_change_at = at;
  if (change.status === 'acknowledged') {
    incident.acknowledgements = [{ at, acknowledger: { id: 'PUSR009', type: 'user_reference', summary: from } }];
  }
  return jsonReply(200, { incident });
}

export function createPagerDutyVendor(fixture: PagerDutyFixture): Vendor {
  return {
    match(method, path): RouteMatch | undefined {
      const list = /^(.*)\/incidents$/.exec(path);
      if (list && method === 'GET') return { route: 'pagerduty.incidents', params: { prefix: list[1] } };
      const one = /^(.*)\/incidents\/([^/]+)$/.exec(path);
      if (one && method === 'PUT') return { route: 'pagerduty.updateIncident', params: { prefix: one[1], id: decodeURIComponent(one[2]) } };
      return undefined;
    },

    authorize(call) {
      // Exactly `Token token=<key>`: a REST API key sent as `Bearer` (Sentry's form) is refused.
      const header = headerOf(call.headers, 'authorization')?.trim();
      if (header === `Token token=${fixture.token}`) return undefined;
      return pdError(401, 'Authentication failed', 2006);
    },

    handle(match, call) {
      return match.route === 'pagerduty.incidents' ? listIncidents(fixture, call) : updateIncident(fixture, match.params.id, call);
    },

    errorReply(mode: VendorErrorMode, options: FailureOptions) {
      switch (mode) {
        case 'unauthorized':
          return pdError(401, 'Authentication failed', 2006);
        case 'forbidden':
          return pdError(403, 'Access Denied', 2010, ['The API key does not have permission to perform this action.']);
        case 'notFound':
          return pdError(404, 'Not Found', 2100);
        case 'rateLimited':
          return pdError(429, 'Rate Limit Exceeded', 2020, [], {
            'ratelimit-limit': '960',
            'ratelimit-remaining': '0',
            'ratelimit-reset': String(options.resetInSeconds ?? 60),
          });
        case 'serverError':
          return pdError(500, 'Internal Server Error', 2000);
      }
    },
  };
}
