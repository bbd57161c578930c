// Pure parsing and mapping for Alertmanager v2: answers to typed alerts, typed alerts to domain Incidents.
import type { Incident, Severity } from '../../core/model';
import { BackendError } from '../errors';
import { shortDetail } from '../http/httpErrors';
import { webLink } from '../http/url';
import type { AmAlert, AmAlertState, AmLabels, AmMatcher, CodeLocationHint } from './types';
import { isRecord } from '../../core/guards';

const STATES: readonly AmAlertState[] = ['active', 'suppressed', 'unprocessed'];
const SEVERITIES: Record<string, Severity> = { critical: 'critical', error: 'error', warning: 'warning', warn: 'warning', info: 'info' };
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function bad(where: string, what: string): BackendError {
  // `where` can hold a key the server chose (a label name): one short line, like any server text.
  return new BackendError('badResponse', `Alertmanager answer: ${shortDetail(where, 120)} ${what}`);
}

function parseStringMap(raw: unknown, where: string): AmLabels {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw bad(where, 'is not an object');
  const out: AmLabels = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw bad(`${where}.${key}`, 'is not a string');
    out[key] = value;
  }
  return out;
}

function parseStringList(raw: unknown, where: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string')) throw bad(where, 'is not a list of strings');
  return raw;
}

function parseDate(raw: unknown, where: string): string {
  if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) throw bad(where, 'is not a date');
  return raw;
}

function optional<T>(raw: unknown, parse: (value: unknown) => T): T | undefined {
  return raw === undefined || raw === null || raw === '' ? undefined : parse(raw);
}

export function parseAlert(raw: unknown, where = 'alert'): AmAlert {
  if (!isRecord(raw)) throw bad(where, 'is not an object');
  if (typeof raw.fingerprint !== 'string' || !raw.fingerprint) throw bad(`${where}.fingerprint`, 'is missing');
  if (!isRecord(raw.status)) throw bad(`${where}.status`, 'is not an object');
  const state = raw.status.state as AmAlertState;
  if (!STATES.includes(state)) throw bad(`${where}.status.state`, 'is not active, suppressed or unprocessed');
  const receivers = raw.receivers ?? [];
  if (!Array.isArray(receivers)) throw bad(`${where}.receivers`, 'is not a list');
  const alert: AmAlert = {
    fingerprint: raw.fingerprint,
    labels: parseStringMap(raw.labels, `${where}.labels`),
    annotations: parseStringMap(raw.annotations, `${where}.annotations`),
    startsAt: parseDate(raw.startsAt, `${where}.startsAt`),
    receivers: receivers.map((r, i) => {
      if (!isRecord(r) || typeof r.name !== 'string') throw bad(`${where}.receivers[${i}]`, 'has no name');
      return r.name;
    }),
    status: {
      state,
      silencedBy: parseStringList(raw.status.silencedBy, `${where}.status.silencedBy`),
      inhibitedBy: parseStringList(raw.status.inhibitedBy, `${where}.status.inhibitedBy`),
    },
  };
  const endsAt = optional(raw.endsAt, (v) => parseDate(v, `${where}.endsAt`));
  const updatedAt = optional(raw.updatedAt, (v) => parseDate(v, `${where}.updatedAt`));
  const generatorURL = optional(raw.generatorURL, (v) => {
    if (typeof v !== 'string') throw bad(`${where}.generatorURL`, 'is not a string');
    return v;
  });
  if (endsAt) alert.endsAt = endsAt;
  if (updatedAt) alert.updatedAt = updatedAt;
  if (generatorURL) alert.generatorURL = generatorURL;
  return alert;
}

/** `GET /api/v2/alerts`: a bare JSON list. */
export function parseAlertsResponse(body: unknown): AmAlert[] {
  if (!Array.isArray(body)) throw bad('body', 'is not a list of alerts');
  return body.map((item, i) => parseAlert(item, `alerts[${i}]`));
}

/** `/api/v2/status` only has to be Alertmanager's JSON object: the probe asks "are you back", not "how are you". */
export function parseStatusResponse(body: unknown): void {
  if (!isRecord(body)) throw bad('status', 'is not an object');
}

/** `POST /api/v2/silences` → the new silence's id. */
export function parseSilenceResponse(body: unknown): string {
  if (!isRecord(body) || typeof body.silenceID !== 'string' || !body.silenceID) throw bad('silenceID', 'is missing');
  return body.silenceID;
}

/** A matcher in Alertmanager's filter syntax: `name="value"`, `name!~"regex"`. */
export function formatMatcher(matcher: AmMatcher): string {
  validateMatcher(matcher);
  const op = (matcher.isEqual === false ? '!' : '=') + (matcher.isRegex ? '~' : matcher.isEqual === false ? '=' : '');
  const quoted = matcher.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `${matcher.name}${op}"${quoted}"`;
}

export function validateMatcher(matcher: AmMatcher): void {
  if (!LABEL_NAME.test(matcher.name)) throw new BackendError('config', `"${matcher.name}" is not a valid label name for a matcher`);
}

export function severityOf(labels: AmLabels): Severity {
  // Own keys only: a severity label of "constructor" must not find Object.prototype's.
  const key = (labels.severity ?? '').trim().toLowerCase();
  return Object.hasOwn(SEVERITIES, key) ? SEVERITIES[key] : 'warning';
}

/** The domain view of an alert; its code location is resolved later from `codeLocationHint`. */
export function alertToIncident(alert: AmAlert): Incident {
  const { labels, annotations } = alert;
  const name = labels.alertname || 'Alert';
  const summary = annotations.summary?.trim();
  const description = annotations.description?.trim();
  const incident: Incident = {
    id: alert.fingerprint,
    source: 'alertmanager',
    kind: 'alert',
    title: summary ? `${name}: ${summary}` : name,
    severity: severityOf(labels),
    // Unprocessed alerts have only just arrived and are not silenced (yet): they fire.
    status: alert.status.state === 'suppressed' ? 'suppressed' : 'firing',
    startedAt: alert.startsAt,
    labels: { ...labels },
  };
  if (incident.status === 'suppressed') {
    incident.suppressedBy = { silences: [...alert.status.silencedBy], inhibitors: [...alert.status.inhibitedBy] };
  }
  const text = description || summary;
  if (text) incident.summary = text;
  const url = webLink(alert.generatorURL);
  if (url) incident.url = url;
  return incident;
}

// OpenTelemetry code attributes, newest name first, as Prometheus label names and as the dotted originals.
const PATH_KEYS = ['code_file_path', 'code_filepath', 'code.file.path', 'code.filepath'];
const LINE_KEYS = ['code_line_number', 'code_lineno', 'code.line.number', 'code.lineno'];
const FUNCTION_KEYS = ['code_function_name', 'code_function', 'code.function.name', 'code.function'];

function firstOf(keys: readonly string[], maps: readonly AmLabels[]): string | undefined {
  for (const map of maps) {
    for (const key of keys) {
      const value = map[key]?.trim();
      if (value) return value;
    }
  }
  return undefined;
}

/** The code location an alert's labels or annotations name, if any (labels win over annotations). */
export function codeLocationHint(alert: Pick<AmAlert, 'labels' | 'annotations'>): CodeLocationHint | undefined {
  const maps = [alert.labels, alert.annotations];
  let path = firstOf(PATH_KEYS, maps);
  if (!path) return undefined;
  let lineText = firstOf(LINE_KEYS, maps);
  // Some pipelines put `file:line` in the path attribute.
  const suffix = /^(.+?):(\d+)$/.exec(path);
  if (suffix && !lineText) {
    path = suffix[1];
    lineText = suffix[2];
  }
  const hint: CodeLocationHint = { path };
  const line = lineText && /^\d+$/.test(lineText) ? Number(lineText) : undefined;
  if (line !== undefined && line > 0) hint.line = line;
  const fn = firstOf(FUNCTION_KEYS, maps);
  if (fn) hint.function = fn;
  return hint;
}
