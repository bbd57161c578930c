// Which metric convention a Prometheus backend's figures come from: the metric, the selector, the labels and what
// is left out of the counts. The same lines serve doctor, Show Diagnostics and the Backends view's tooltip, so a
// user reading a figure anywhere can check it against their own PromQL.
import type { DetectedService } from '../detect/services';
import type { MetricConvention } from '../model';
import { oneLine } from '../text';
import type { BackendFacts, Finding, ServiceRuntimeFacts } from './types';

const NAMES: Record<string, string> = {
  'otel-http': 'OpenTelemetry HTTP server metrics (stable semantic conventions, seconds)',
  'otel-http-v1': 'OpenTelemetry HTTP server metrics (v1 semantic conventions, milliseconds)',
  spanmetrics: 'OpenTelemetry spanmetrics connector',
  'prom-client': 'prom-client style (http_requests_total)',
  'express-prom-bundle': 'express-prom-bundle',
  django: 'django-prometheus',
  custom: 'the metrics named in .prodlens.json',
};

/** Production and configuration text: one line, bounded, so a hostile value cannot forge lines of its own. */
const clean = (text: string, max = 200) => oneLine(text, max);

/** `{job="orders"}`, each value quoted as PromQL and JSON quote it. */
function selectorText(selector: Record<string, string>): string {
  return `{${Object.entries(selector).map(([k, v]) => `${clean(k, 80)}=${clean(JSON.stringify(v), 120)}`).join(', ')}}`;
}

/** The convention's name in words, e.g. "OpenTelemetry spanmetrics connector". */
export function conventionName(convention: MetricConvention): string {
  return NAMES[convention.id] ?? clean(convention.id, 40);
}

/** One line per fact: the requests metric and selector, latency, labels, the error matcher, what is not counted. */
export function conventionLines(convention: MetricConvention): string[] {
  const labels = [
    convention.routeLabel ? `route ${clean(convention.routeLabel, 80)}` : 'no route label (one row for the whole service)',
    convention.methodLabel && `method ${clean(convention.methodLabel, 80)}`,
    convention.statusLabel && `status ${clean(convention.statusLabel, 80)}`,
  ].filter(Boolean);
  return [
    `Requests: rate of ${clean(convention.requests)}${selectorText(convention.selector)}`,
    convention.histogram ? `Latency: ${clean(convention.histogram)}_bucket` : 'Latency: no histogram samples in the window, so no p50/p95/p99',
    `Labels: ${labels.join(', ')}`,
    convention.errorMatcher ? `Errors: requests with ${clean(convention.errorMatcher)}` : 'Errors: not counted (no status label found)',
    ...(convention.excluded ?? []).map((e) => `Not counted: ${clean(e, 400)}`),
  ];
}

/** The Backends view's short form: `otel-http (detected)`. */
export function conventionSummary(convention: MetricConvention): string {
  return `${clean(convention.id, 40)} (${convention.from === 'configured' ? '.prodlens.json' : 'detected'})`;
}

/** After a Prometheus backend's own findings: the convention its last answer used, when there was one. */
export function metricFindings(service: DetectedService, facts: BackendFacts, runtime: ServiceRuntimeFacts | undefined): Finding[] {
  if (facts.kind !== 'prometheus') return [];
  const convention = runtime?.snapshot.backends.find((b) => b.kind === facts.kind && b.url === facts.url)?.convention;
  if (!convention) return [];
  const how = convention.from === 'configured' ? 'as named in .prodlens.json "metrics"' : 'detected';
  return [{
    level: 'info',
    title: `"${service.name}" → prometheus at ${facts.url}: figures from ${conventionName(convention)} (${how})`,
    detail: conventionLines(convention).join('\n'),
    code: 'prometheus.convention',
    service: service.name,
  }];
}
