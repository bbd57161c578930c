// Strict, pure parsing of Prometheus API answers: anything that is not the documented shape becomes a
// BackendError `badResponse` naming the first place it went wrong, never a TypeError deep in the UI.
import type { SeriesPoint } from '../../core/model';
import { BackendError } from '../errors';
import { shortDetail } from '../http/httpErrors';
import type {
  PromAlert,
  PromAlertState,
  PromAlertsResult,
  PromLabels,
  PromQueryResult,
  PromRangeResult,
  PromSample,
  PromSeries,
  PromVectorSample,
} from './types';
import { isRecord } from '../../core/guards';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ALERT_STATES: readonly PromAlertState[] = ['pending', 'firing', 'inactive'];

function bad(where: string, what: string): BackendError {
  // `where` can hold a key the server chose (a label name): one short line, like any server text.
  return new BackendError('badResponse', `Prometheus answer: ${shortDetail(where, 120)} ${what}`);
}

/** A sample value as Prometheus writes it: a string, possibly "NaN", "+Inf" or "-Inf". */
export function parsePromValue(raw: unknown, where = 'value'): number {
  const value = promValueOrNull(raw);
  if (value === null) throw bad(where, typeof raw === 'string' ? 'is not a number' : 'is not a string');
  return value;
}

/** parsePromValue's answer, or null for anything that is not a value (the caller names the place). */
function promValueOrNull(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  switch (raw) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
  }
  return NUMBER.test(raw) ? Number(raw) : null;
}

/** Float unix seconds to unix ms. */
export function parsePromTimestamp(raw: unknown, where = 'timestamp'): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw bad(where, 'is not a unix time');
  return Math.round(raw * 1000);
}

export function parseSamplePair(raw: unknown, where = 'sample'): PromSample {
  if (!Array.isArray(raw) || raw.length !== 2) throw bad(where, 'is not a [time, "value"] pair');
  return { t: parsePromTimestamp(raw[0], `${where} time`), v: parsePromValue(raw[1], `${where} value`) };
}

export function parseLabels(raw: unknown, where = 'labels'): PromLabels {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw bad(where, 'is not an object');
  // Checked, then kept as it is: a parsed JSON object is a fresh, plain object nobody else holds, and an
  // answer carries a label set per sample (tens of thousands when it holds histogram buckets).
  for (const name in raw) {
    if (typeof raw[name] !== 'string') throw bad(`${where}.${name}`, 'is not a string');
  }
  return raw as PromLabels;
}

// An answer holds tens of thousands of samples: the fast checks below build no text per sample; only a
// sample that fails them is checked again by the strict functions above, which name the place in the error.

/** `[time, "value"]` at `list[i]field`. */
function pairAt(raw: unknown, list: string, i: number, field: string): PromSample {
  if (Array.isArray(raw) && raw.length === 2) {
    const t: unknown = raw[0];
    const v = promValueOrNull(raw[1]);
    if (typeof t === 'number' && Number.isFinite(t) && v !== null) return { t: Math.round(t * 1000), v };
  }
  return parseSamplePair(raw, `${list}[${i}]${field}`);
}

/** The label set at `list[i]field`. */
function labelsAt(raw: unknown, list: string, i: number, field: string): PromLabels {
  if (isRecord(raw)) {
    let strings = true;
    for (const name in raw) {
      if (typeof raw[name] !== 'string') {
        strings = false;
        break;
      }
    }
    if (strings) return raw as PromLabels;
  }
  return parseLabels(raw, `${list}[${i}]${field}`);
}

function parseWarnings(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((w) => typeof w === 'string')) throw bad('warnings', 'is not a list of strings');
  return raw;
}

/** Prometheus's `status:"error"` envelope as a BackendError carrying its message. */
export function promApiError(errorType: unknown, error: unknown, status?: number): BackendError {
  // The server's errorType is as untrusted as its message: one short line, like it.
  const type = typeof errorType === 'string' && errorType.trim() ? shortDetail(errorType, 40) : 'error';
  const message = typeof error === 'string' && error ? shortDetail(error, 300) : 'no message';
  const text = `Prometheus ${type}: ${message}`;
  const details = status === undefined ? {} : { status };
  // A server-side query timeout is the same thing to the user as a client-side one: narrow the window.
  if (type === 'timeout') return new BackendError('timeout', text, details);
  if (type === 'not_found') return new BackendError('notFound', text, details);
  return new BackendError('badResponse', text, details);
}

/** Checks the `{status, data, warnings}` envelope; returns `data` or throws Prometheus's own error. */
export function parseEnvelope(body: unknown, httpStatus?: number): { data: unknown; warnings: string[] } {
  if (!isRecord(body)) throw bad('body', 'is not a JSON object');
  if (body.status === 'error') throw promApiError(body.errorType, body.error, httpStatus);
  if (body.status !== 'success') throw bad('status', 'is neither "success" nor "error"');
  if (!('data' in body)) throw bad('data', 'is missing');
  return { data: body.data, warnings: parseWarnings(body.warnings) };
}

function parseVector(raw: unknown, warnings: string[]): PromVectorSample[] {
  if (!Array.isArray(raw)) throw bad('data.result', 'is not a list');
  const out: PromVectorSample[] = [];
  let histograms = 0;
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (!isRecord(item)) throw bad(`data.result[${i}]`, 'is not an object');
    // Native histograms (experimental in 2.x) carry `histogram` instead of `value`; we have no view for them yet.
    if (item.value === undefined && item.histogram !== undefined) {
      histograms++;
      continue;
    }
    const sample = pairAt(item.value, 'data.result', i, '.value');
    out.push({ metric: labelsAt(item.metric, 'data.result', i, '.metric'), t: sample.t, v: sample.v });
  }
  if (histograms > 0) warnings.push(`${histograms} native histogram sample(s) skipped`);
  return out;
}

function parseMatrix(raw: unknown, warnings: string[]): PromSeries[] {
  if (!Array.isArray(raw)) throw bad('data.result', 'is not a list');
  let histograms = 0;
  const out = raw.map((item, i): PromSeries => {
    const where = `data.result[${i}]`;
    if (!isRecord(item)) throw bad(where, 'is not an object');
    if (item.values === undefined && item.histograms !== undefined) histograms++;
    const values = item.values ?? [];
    if (!Array.isArray(values)) throw bad(`${where}.values`, 'is not a list');
    const points = new Array<PromSample>(values.length);
    for (let j = 0; j < values.length; j++) points[j] = pairAt(values[j], `${where}.values`, j, '');
    return { metric: labelsAt(item.metric, 'data.result', i, '.metric'), points };
  });
  if (histograms > 0) warnings.push(`${histograms} native histogram series skipped`);
  return out;
}

/** An instant query answer (`/api/v1/query`). */
export function parseQueryResponse(body: unknown, httpStatus?: number): PromQueryResult {
  const { data, warnings } = parseEnvelope(body, httpStatus);
  if (!isRecord(data)) throw bad('data', 'is not an object');
  switch (data.resultType) {
    case 'vector':
      return { resultType: 'vector', result: parseVector(data.result, warnings), warnings };
    case 'matrix':
      return { resultType: 'matrix', result: parseMatrix(data.result, warnings), warnings };
    case 'scalar':
      return { resultType: 'scalar', result: parseSamplePair(data.result, 'data.result'), warnings };
    case 'string': {
      const pair = data.result;
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[1] !== 'string') throw bad('data.result', 'is not a [time, "string"] pair');
      return { resultType: 'string', result: { t: parsePromTimestamp(pair[0], 'data.result time'), value: pair[1] }, warnings };
    }
    default:
      throw bad('data.resultType', 'is not vector, matrix, scalar or string');
  }
}

/** A range query answer (`/api/v1/query_range`), which must be a matrix. */
export function parseRangeResponse(body: unknown, httpStatus?: number): PromRangeResult {
  const result = parseQueryResponse(body, httpStatus);
  if (result.resultType !== 'matrix') throw bad('data.resultType', `is ${result.resultType}, expected matrix for a range query`);
  return { series: result.result, warnings: result.warnings };
}

/** `/api/v1/alerts`. */
export function parseAlertsResponse(body: unknown, httpStatus?: number): PromAlertsResult {
  const { data, warnings } = parseEnvelope(body, httpStatus);
  if (!isRecord(data) || !Array.isArray(data.alerts)) throw bad('data.alerts', 'is not a list');
  const alerts = data.alerts.map((item, i): PromAlert => {
    const where = `data.alerts[${i}]`;
    if (!isRecord(item)) throw bad(where, 'is not an object');
    if (!ALERT_STATES.includes(item.state as PromAlertState)) throw bad(`${where}.state`, 'is not pending, firing or inactive');
    const activeAt = item.activeAt;
    if (activeAt !== undefined && (typeof activeAt !== 'string' || Number.isNaN(Date.parse(activeAt)))) {
      throw bad(`${where}.activeAt`, 'is not a date');
    }
    return {
      labels: parseLabels(item.labels, `${where}.labels`),
      annotations: parseLabels(item.annotations, `${where}.annotations`),
      state: item.state as PromAlertState,
      ...(activeAt !== undefined ? { activeAt } : {}),
      value: item.value === undefined ? NaN : parsePromValue(item.value, `${where}.value`),
    };
  });
  return { alerts, warnings };
}

/** The samples of an instant query as a vector; a scalar becomes one unlabelled sample. */
export function vectorOf(result: PromQueryResult): PromVectorSample[] {
  if (result.resultType === 'vector') return result.result;
  if (result.resultType === 'scalar') return [{ metric: {}, ...result.result }];
  throw bad('data.resultType', `is ${result.resultType}, expected an instant vector`);
}

/** Domain series points: NaN and infinities become gaps, as the model requires. */
export function toSeriesPoints(series: PromSeries): SeriesPoint[] {
  return series.points.filter((p) => Number.isFinite(p.v)).map((p) => ({ t: p.t, v: p.v }));
}
