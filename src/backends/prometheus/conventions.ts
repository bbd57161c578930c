// The metric conventions real services already emit (measured in shared/notes/backends.md), and how to
// recognise which one a Prometheus server has for a service. Users configure nothing in the common cases.
import type { MetricConvention } from '../../core/model';
import { BackendError } from '../errors';

export type ConventionId = 'otel-http' | 'otel-http-v1' | 'spanmetrics' | 'prom-client' | 'express-prom-bundle' | 'django' | 'custom';

export interface Convention {
  id: ConventionId;
  /** Metric whose rate is requests per second (a counter, or a histogram's `_count`). */
  requests: string;
  /** Histogram base name (without `_bucket`), when the convention has latency. */
  histogram?: string;
  /** Multiply latency by this to get seconds (OTel JS 1.x and spanmetrics report milliseconds). */
  latencyToSeconds: number;
  /** Candidate status labels, in order of preference; the first present on the server is used. */
  statusLabels: string[];
  /** PromQL matcher value for a failed request on the status label. */
  errorMatcher: (label: string) => string;
  routeLabels: string[];
  methodLabels: string[];
  /** Routes are HTTP routes, or functions / span names. */
  breakdown: 'route' | 'function';
}

const http5xx = (label: string) => `${label}=~"5.."`;

/** Most specific first: a server with both OTel and prom-client series for a job uses OTel. */
export const CONVENTIONS: readonly Convention[] = [
  { id: 'otel-http', requests: 'http_server_request_duration_seconds_count', histogram: 'http_server_request_duration_seconds', latencyToSeconds: 1, statusLabels: ['http_response_status_code'], errorMatcher: http5xx, routeLabels: ['http_route'], methodLabels: ['http_request_method'], breakdown: 'route' },
  { id: 'otel-http', requests: 'http_server_request_duration_count', histogram: 'http_server_request_duration', latencyToSeconds: 1, statusLabels: ['http_response_status_code'], errorMatcher: http5xx, routeLabels: ['http_route'], methodLabels: ['http_request_method'], breakdown: 'route' },
  { id: 'otel-http-v1', requests: 'http_server_duration_milliseconds_count', histogram: 'http_server_duration_milliseconds', latencyToSeconds: 0.001, statusLabels: ['http_status_code'], errorMatcher: http5xx, routeLabels: ['http_route'], methodLabels: ['http_method'], breakdown: 'route' },
  { id: 'otel-http-v1', requests: 'http_server_duration_count', histogram: 'http_server_duration', latencyToSeconds: 0.001, statusLabels: ['http_status_code'], errorMatcher: http5xx, routeLabels: ['http_route'], methodLabels: ['http_method'], breakdown: 'route' },
  { id: 'spanmetrics', requests: 'traces_span_metrics_calls_total', histogram: 'traces_span_metrics_duration_milliseconds', latencyToSeconds: 0.001, statusLabels: ['status_code'], errorMatcher: (l) => `${l}="STATUS_CODE_ERROR"`, routeLabels: ['span_name'], methodLabels: [], breakdown: 'function' },
  { id: 'spanmetrics', requests: 'calls_total', histogram: 'duration_milliseconds', latencyToSeconds: 0.001, statusLabels: ['status_code'], errorMatcher: (l) => `${l}="STATUS_CODE_ERROR"`, routeLabels: ['span_name'], methodLabels: [], breakdown: 'function' },
  { id: 'prom-client', requests: 'http_requests_total', histogram: 'http_request_duration_seconds', latencyToSeconds: 1, statusLabels: ['status', 'status_code', 'code', 'http_status'], errorMatcher: http5xx, routeLabels: ['route', 'path', 'endpoint', 'handler'], methodLabels: ['method'], breakdown: 'route' },
  { id: 'express-prom-bundle', requests: 'http_request_duration_seconds_count', histogram: 'http_request_duration_seconds', latencyToSeconds: 1, statusLabels: ['status_code', 'status', 'code'], errorMatcher: http5xx, routeLabels: ['path', 'route'], methodLabels: ['method'], breakdown: 'route' },
  { id: 'django', requests: 'django_http_responses_total_by_status_view_method_total', histogram: 'django_http_requests_latency_seconds_by_view_method', latencyToSeconds: 1, statusLabels: ['status'], errorMatcher: http5xx, routeLabels: ['view'], methodLabels: ['method'], breakdown: 'route' },
];

/** Labels that commonly name the service, tried in this order when the config gives no selector. */
export const IDENTITY_LABELS = ['job', 'service_name', 'service'] as const;

/** Routes that are not the service's own traffic: scrapes and health checks. */
export const NOISE_ROUTES = new Set(['/metrics', 'metrics', '/-/ready', '/-/healthy', '/favicon.ico', 'prometheus-django-metrics']);

/**
 * Requests with no route label that did not fail (1xx-3xx) are scrapes and probes answered outside the
 * router: OpenTelemetry's HTTP instrumentation labels only what a router matched, so `/metrics` served by
 * the exporter or a bare health handler arrives without `http_route`, where prom-client, Flask and Django
 * never record it. Unmatched requests that failed (404s, 5xx) stay counted: they are the service's answers.
 * Only applies when the service has route labels at all (a setup that emits none must keep its traffic) and
 * an HTTP status label to tell success from failure.
 */
export function unroutedRule(rc: ResolvedConvention): { routeLabel: string; statusLabel: string } | undefined {
  const { routeLabel, statusLabel } = rc;
  if (rc.convention.breakdown !== 'route' || !routeLabel || !statusLabel || statusLabel === CUSTOM_STATUS) return undefined;
  return { routeLabel, statusLabel };
}

/** The HTTP statuses of a request that did not fail, as a PromQL regex. */
export const SUCCESS_STATUS = '[123]..';

/**
 * The label matchers of the requests that count, as one or two selectors to read with `or` (their series
 * are disjoint: one has the route label, the other has none). `extra` narrows every branch (e.g. to errors).
 */
export function countedSelectors(rc: ResolvedConvention, extra: string[] = []): string[] {
  const { routeLabel } = rc;
  // HTTP server spans (spanmetrics' `span_name`) are named "GET /metrics": the method prefix is optional.
  const noise = routeLabel ? [`${routeLabel}!~${promString(`(?:[A-Z]+ )?(?:${[...NOISE_ROUTES].map(escapeRegex).join('|')})`)}`] : [];
  const rule = unroutedRule(rc);
  if (!rule) return [selectorText(rc.selector, [...noise, ...extra])];
  return [
    selectorText(rc.selector, [...noise, `${rule.routeLabel}!=""`, ...extra]),
    selectorText(rc.selector, [`${rule.routeLabel}=""`, `${rule.statusLabel}!~${promString(SUCCESS_STATUS)}`, ...extra]),
  ];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What the counts leave out, in words, for doctor, the JSON and the Backends view. */
export function excludedTraffic(rc: ResolvedConvention): string[] {
  if (!rc.routeLabel) return [];
  const out = [`requests whose ${rc.routeLabel} is ${[...NOISE_ROUTES].map((r) => `"${r}"`).join(', ')}${rc.convention.breakdown === 'function' ? ' (with or without a method prefix)' : ''}: scrapes and health checks`];
  const rule = unroutedRule(rc);
  if (rule) out.push(`requests with no ${rule.routeLabel} label answered 1xx-3xx (${rule.statusLabel}): scrapes and probes served outside the router; those that failed (4xx, 5xx) are counted`);
  return out;
}

/** The convention as reported: which metrics and labels the figures come from, and what they leave out. */
export function describeConvention(rc: ResolvedConvention, from: MetricConvention['from']): MetricConvention {
  const c = rc.convention;
  const statusLabel = rc.statusLabel === CUSTOM_STATUS ? undefined : rc.statusLabel;
  return {
    id: c.id,
    from,
    requests: c.requests,
    histogram: c.histogram,
    selector: { ...rc.selector },
    routeLabel: rc.routeLabel,
    methodLabel: rc.methodLabel,
    statusLabel,
    errorMatcher: rc.statusLabel ? c.errorMatcher(rc.statusLabel) : undefined,
    excluded: excludedTraffic(rc),
  };
}

/** The concrete choice for one service on one server: which metric and which labels. */
export interface ResolvedConvention {
  convention: Convention;
  selector: Record<string, string>;
  statusLabel?: string;
  routeLabel?: string;
  methodLabel?: string;
}

/** The stand-in status label of a custom error matcher that names no status label. */
const CUSTOM_STATUS = '__custom__';

/** A convention the user named in `.prodlens.json` (`metrics`), used as is, without detection. */
export function customConvention(
  metrics: { requests: string; histogram?: string; statusLabel?: string; errorMatcher?: string; routeLabel?: string; methodLabel?: string; latencyUnit?: 'seconds' | 'milliseconds' },
  selector: Record<string, string>,
): ResolvedConvention {
  const matcher = metrics.errorMatcher;
  return {
    convention: {
      id: 'custom',
      requests: metrics.requests,
      histogram: metrics.histogram,
      latencyToSeconds: metrics.latencyUnit === 'milliseconds' ? 0.001 : 1,
      statusLabels: metrics.statusLabel ? [metrics.statusLabel] : [],
      errorMatcher: matcher ? () => matcher : (label) => `${label}=~"5.."`,
      routeLabels: metrics.routeLabel ? [metrics.routeLabel] : [],
      methodLabels: metrics.methodLabel ? [metrics.methodLabel] : [],
      breakdown: 'route',
    },
    selector,
    // A custom error matcher needs no status label of its own; give it one so errors are counted.
    statusLabel: metrics.statusLabel ?? (matcher ? CUSTOM_STATUS : undefined),
    routeLabel: metrics.routeLabel,
    methodLabel: metrics.methodLabel,
  };
}

/** Escapes a label value for a PromQL double-quoted string. */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/**
 * `{name="value", ...extra}`. A name that is not a label name is refused: dropping it (a dotted OTel
 * attribute such as `service.name` is an easy mistake) would widen the selector to every service.
 */
export function selectorText(selector: Record<string, string>, extra: string[] = []): string {
  const invalid = Object.keys(selector).filter((k) => !isLabelName(k));
  if (invalid.length > 0) {
    const suggestion = invalid[0].replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
    throw new BackendError('config', `the Prometheus selector uses "${invalid[0]}", which is not a label name (letters, digits and underscores, e.g. "${suggestion}").`);
  }
  const parts = Object.entries(selector).map(([k, v]) => `${k}=${promString(v)}`);
  return `{${[...parts, ...extra].join(', ')}}`;
}

/** The tag of a detection sample that stands for "these series carry this label" (see detectionQuery). */
export const HAS_LABEL = 'prodlens_has';

/**
 * One query that tells which request metrics exist for the service, and which labels they carry. Only
 * presence matters, so the answer stays a few dozen samples however many routes the service has: status and
 * method labels (a handful of values each) are kept in the `count by`; each route label, whose values are the
 * routes, gets a branch of its own that counts the series carrying it, tagged `prodlens_has="<label>"`.
 */
export function detectionQuery(serviceName: string, selector: Record<string, string> | undefined): string {
  const identity = ['__name__', ...IDENTITY_LABELS];
  const unique = (labels: string[]) => [...new Set(labels)];
  const few = unique(CONVENTIONS.flatMap((c) => [...c.statusLabels, ...c.methodLabels]));
  const routeLabels = unique(CONVENTIONS.flatMap((c) => c.routeLabels));
  const series = (conventions: readonly Convention[], extra: string[]) => {
    const names = promString(unique(conventions.map((c) => c.requests)).join('|'));
    const branches = selector && Object.keys(selector).length > 0
      ? [selectorText(selector, [`__name__=~${names}`, ...extra])]
      : IDENTITY_LABELS.map((l) => selectorText({ [l]: serviceName }, [`__name__=~${names}`, ...extra]));
    return branches.join(' or ');
  };
  const parts = [`count by (${[...identity, ...few].join(', ')}) (${series(CONVENTIONS, [])})`];
  for (const label of routeLabels) {
    const counted = `count by (${identity.join(', ')}) (${series(CONVENTIONS.filter((c) => c.routeLabels.includes(label)), [`${label}!=""`])})`;
    parts.push(`label_replace(${counted}, ${promString(HAS_LABEL)}, ${promString(label)}, "", "")`);
  }
  return parts.join('\nor ');
}

/**
 * Picks the convention from the detection answer: the first convention (most specific) whose request
 * metric is present, with the first present label of each kind and the identity label that matched.
 */
export function resolveConvention(
  samples: readonly { metric: Record<string, string> }[],
  serviceName: string,
  selector: Record<string, string> | undefined,
): ResolvedConvention | undefined {
  for (const convention of CONVENTIONS) {
    const ofMetric = samples.filter((s) => s.metric.__name__ === convention.requests);
    if (ofMetric.length === 0) continue;
    const present = (candidates: string[]) => candidates.find((l) => ofMetric.some((s) => s.metric[l] !== undefined || s.metric[HAS_LABEL] === l));
    let chosenSelector = selector && Object.keys(selector).length > 0 ? selector : undefined;
    if (!chosenSelector) {
      const identity = IDENTITY_LABELS.find((l) => ofMetric.some((s) => s.metric[l] === serviceName));
      chosenSelector = { [identity ?? 'job']: serviceName };
    }
    return {
      convention,
      selector: chosenSelector,
      statusLabel: present(convention.statusLabels),
      routeLabel: present(convention.routeLabels),
      methodLabel: present(convention.methodLabels),
    };
  }
  return undefined;
}
