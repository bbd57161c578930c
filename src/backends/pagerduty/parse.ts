// Pure parsing of PagerDuty v2 answers: incident lists and updates to domain Incidents, the error envelope
// to a short safe sentence, and the `ratelimit-reset` header to a retry time.
import type { Incident, IncidentStatus, Severity } from '../../core/model';
import { BackendError } from '../errors';
import { shortDetail } from '../http/httpErrors';
import type { HttpHeaders } from '../http/types';
import { webLink } from '../http/url';
import type { PagerDutyApiError, PagerDutyPage } from './types';
import { isRecord } from '../../core/guards';

const STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'resolved'];
const URGENCY: Record<string, Severity> = { high: 'critical', low: 'warning' };
/** Longest pause a rate-limit reset may impose, whatever the header says. */
const MAX_RESET_WAIT_MS = 60 * 60 * 1000;

function bad(where: string, what: string): BackendError {
  return new BackendError('badResponse', `PagerDuty answer: ${where} ${what}`);
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

export function severityOfUrgency(urgency: unknown): Severity {
  // Own keys only: an urgency of "constructor" must not find Object.prototype's.
  const key = typeof urgency === 'string' ? urgency.toLowerCase() : '';
  return Object.hasOwn(URGENCY, key) ? URGENCY[key] : 'warning';
}

/** `ratelimit-reset` is seconds from now (not an epoch), per PagerDuty's rate-limit headers. */
export function pagerDutyRateLimitResetAt(headers: HttpHeaders, nowMs: number): number | undefined {
  const raw = headers['ratelimit-reset']?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  return nowMs + Math.min(Math.round(Number(raw) * 1000), MAX_RESET_WAIT_MS);
}

export function incidentToDomain(raw: unknown, where = 'incident'): Incident {
  if (!isRecord(raw)) throw bad(where, 'is not an object');
  const id = text(raw.id);
  if (!id) throw bad(`${where}.id`, 'is missing');
  const status = raw.status as IncidentStatus;
  if (!STATUSES.includes(status)) throw bad(`${where}.status`, 'is not triggered, acknowledged or resolved');
  const startedAt = text(raw.created_at);
  if (!startedAt || Number.isNaN(Date.parse(startedAt))) throw bad(`${where}.created_at`, 'is not a date');
  const number = typeof raw.incident_number === 'number' ? String(raw.incident_number) : undefined;
  const service = isRecord(raw.service) ? raw.service : {};
  const assignments = Array.isArray(raw.assignments) ? raw.assignments : [];
  const assignees = [...new Set(assignments.map((a) => (isRecord(a) && isRecord(a.assignee) ? text(a.assignee.summary) : undefined)).filter((n): n is string => n !== undefined))];
  const priority = isRecord(raw.priority) ? text(raw.priority.summary) : undefined;
  const labels = compact({
    service: text(service.summary),
    service_id: text(service.id),
    incident_number: number,
    urgency: text(raw.urgency),
    priority,
  }) as Record<string, string>;
  const title = text(raw.title) ?? text(raw.summary) ?? `Incident ${number ? `#${number}` : id}`;
  const description = text(raw.description);
  return compact({
    id,
    source: 'pagerduty' as const,
    kind: 'incident' as const,
    title,
    summary: description && description !== title ? description : undefined,
    severity: severityOfUrgency(raw.urgency),
    status,
    startedAt,
    url: webLink(raw.html_url),
    assignee: assignees[0],
    assignees: assignees.length ? assignees : undefined,
    labels,
  });
}

function optionalCount(raw: unknown, where: string): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) throw bad(where, 'is not a count');
  return raw;
}

/** `GET /incidents` → one page of incidents with the classic offset paging fields. */
export function parseIncidentsPage(body: unknown): PagerDutyPage<Incident> {
  if (!isRecord(body)) throw bad('body', 'is not an object');
  if (!Array.isArray(body.incidents)) throw bad('incidents', 'is not a list');
  if (body.more !== undefined && body.more !== null && typeof body.more !== 'boolean') throw bad('more', 'is not a boolean');
  return compact({
    items: body.incidents.map((item, i) => incidentToDomain(item, `incidents[${i}]`)),
    limit: optionalCount(body.limit, 'limit'),
    offset: optionalCount(body.offset, 'offset'),
    more: body.more === true,
    total: optionalCount(body.total, 'total'),
  });
}

/** `PUT /incidents/{id}` → `{incident: {...}}`. */
export function parseIncidentResponse(body: unknown): Incident {
  if (!isRecord(body)) throw bad('body', 'is not an object');
  return incidentToDomain(body.incident);
}

/** PagerDuty's error envelope, or undefined when the body is something else. */
export function parseApiError(body: unknown): PagerDutyApiError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { message, code, errors } = body.error;
  return compact({
    message: text(message),
    code: typeof code === 'number' ? code : undefined,
    errors: Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : [],
  });
}

/** `Invalid Input Provided (code 2001): Service ids is invalid`: one short, scrubbed line. */
export function describeApiError(error: PagerDutyApiError | undefined): string {
  if (!error) return 'no error message';
  const head = `${error.message ?? 'error'}${error.code !== undefined ? ` (code ${error.code})` : ''}`;
  const tail = error.errors.length ? `: ${error.errors.slice(0, 3).join('; ')}` : '';
  return shortDetail(head + tail, 200);
}
