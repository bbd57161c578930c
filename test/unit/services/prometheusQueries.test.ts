// The PromQL ProdLens sends for a service (convention detection, rates, latency, chart series) and how the
// answers become domain metrics. Real-server behaviour is in test/integration/serviceMetrics.test.ts; here
// the text itself: breakdowns, the previous window, noise routes and escaping.
import assert from 'node:assert/strict';
import { BackendError } from '../../../src/backends/errors';
import { CONVENTIONS, detectionQuery, resolveConvention, type ConventionId, type ResolvedConvention } from '../../../src/backends/prometheus/conventions';
import { assembleServiceMetrics, buildServiceQueries } from '../../../src/backends/prometheus/serviceMetrics';
import type { PromVectorSample } from '../../../src/backends/prometheus/types';
import { parseTimeWindow } from '../../../src/core/timeWindow';

const HOUR = parseTimeWindow('1h')!;

function convention(id: ConventionId, requests?: string) {
  const found = CONVENTIONS.find((c) => c.id === id && (requests === undefined || c.requests === requests));
  assert.ok(found, id);
  return found;
}

const promClient: ResolvedConvention = {
  convention: convention('prom-client'),
  selector: { job: 'checkout' },
  statusLabel: 'status',
  routeLabel: 'route',
  methodLabel: 'method',
};

/** The double-quoted PromQL string literals of a query, decoded, and the text outside them. */
function lex(query: string): { literals: string[]; outside: string } {
  const literals: string[] = [];
  let outside = '';
  for (let i = 0; i < query.length; i++) {
    if (query[i] !== '"') {
      outside += query[i];
      continue;
    }
    let value = '';
    for (i++; query[i] !== '"'; i++) {
      assert.ok(i < query.length, `unterminated string in ${query}`);
      assert.notEqual(query[i], '\n', 'PromQL strings cannot hold a raw newline');
      if (query[i] === '\\') {
        i++;
        value += query[i] === 'n' ? '\n' : query[i];
      } else value += query[i];
    }
    literals.push(value);
    outside += '""';
  }
  return { literals, outside };
}

/** The regex of the `<label>!~"..."` noise matcher, as Prometheus matches it (fully anchored). */
function noiseRegex(query: string, label: string): RegExp {
  const at = query.indexOf(`${label}!~"`);
  assert.ok(at >= 0, `no ${label}!~ matcher in ${query}`);
  const { literals } = lex(query.slice(at + label.length + 2));
  return new RegExp(`^(?:${literals[0]})$`);
}

describe('services/prometheus queries: buildServiceQueries', () => {
  it('prom-client: rates by (route, method), 5xx errors, the previous window with offset 1h', () => {
    const q = buildServiceQueries(promClient, HOUR);
    const branches = q.rates.split('\nor ');
    assert.equal(branches.length, 4);
    assert.deepEqual(branches.map((b) => /"prodlens_kind", "(\w+)"/.exec(b)?.[1]), ['total', 'errors', 'prev_total', 'prev_errors']);
    // Each reads the routed requests, or'ed with the unrouted ones that did not succeed (see countedSelectors).
    const unrouted = (extra: string, range: string) => ` or rate\\(http_requests_total\\{job="checkout", route="", status!~"\\[123\\]\\.\\."${extra}\\}${range}\\)`;
    const err = ', status=~"5\\.\\."';
    assert.match(branches[0], new RegExp(`sum by \\(route, method\\) \\(rate\\(http_requests_total\\{job="checkout", route!~"[^"]+", route!=""\\}\\[1h\\]\\)${unrouted('', '\\[1h\\]')}\\)`));
    assert.match(branches[1], new RegExp(`sum by \\(route, method\\) \\(rate\\(http_requests_total\\{job="checkout", route!~"[^"]+", route!=""${err}\\}\\[1h\\]\\)${unrouted(err, '\\[1h\\]')}\\)`));
    assert.doesNotMatch(branches[0], /offset/);
    assert.doesNotMatch(branches[1], /offset/);
    // The previous window as totals only (one sample each, not one per route).
    assert.match(branches[2], new RegExp(`label_replace\\(sum\\(rate\\(http_requests_total\\{job="checkout", route!~"[^"]+", route!=""\\}\\[1h\\] offset 1h\\)${unrouted('', '\\[1h\\] offset 1h')}\\), "prodlens_kind", "prev_total"`));
    assert.match(branches[3], new RegExp(`label_replace\\(sum\\(rate\\(http_requests_total\\{job="checkout", route!~"[^"]+", route!=""${err}\\}\\[1h\\] offset 1h\\)${unrouted(err, '\\[1h\\] offset 1h')}\\), "prodlens_kind", "prev_errors"`));
  });

  it('latency: ONE query of bucket rates, by (le, route, method) now (renamed r and m, untagged) and by (le) for the previous window, tagged', () => {
    const q = buildServiceQueries(promClient, HOUR);
    const branches = q.latency!.split('\nor ');
    assert.equal(branches.length, 2);
    assert.doesNotMatch(q.latency!, /histogram_quantile/);
    const unrouted = (range: string) => ` or rate\\(http_request_duration_seconds_bucket\\{job="checkout", route="", status!~"\\[123\\]\\.\\."\\}${range}\\)`;
    const buckets = `sum by \\(le, route, method\\) \\(rate\\(http_request_duration_seconds_bucket\\{job="checkout", route!~"[^"]+", route!=""\\}\\[1h\\]\\)${unrouted('\\[1h\\]')}\\)`;
    assert.match(branches[0], new RegExp(`^sum without \\(route, method\\) \\(label_replace\\(label_replace\\(${buckets}, "r", "\\$1", "route", "\\(\\.\\*\\)"\\), "m", "\\$1", "method", "\\(\\.\\*\\)"\\)\\)$`));
    assert.match(branches[1], new RegExp(`^label_replace\\(sum by \\(le\\) \\(rate\\(http_request_duration_seconds_bucket\\{job="checkout", route!~"[^"]+", route!=""\\}\\[1h\\] offset 1h\\)${unrouted('\\[1h\\] offset 1h')}\\), "prodlens_scope", "previous", "", ""\\)$`));
    const noRoute = buildServiceQueries({ ...promClient, routeLabel: undefined, methodLabel: undefined }, HOUR);
    assert.match(noRoute.latency!, /^sum by \(le\) \(rate\(http_request_duration_seconds_bucket\{job="checkout"\}\[1h\]\)\)\nor /);
    const routeOnly = buildServiceQueries({ ...promClient, methodLabel: undefined }, HOUR);
    assert.match(routeOnly.latency!, /^sum without \(route\) \(label_replace\(sum by \(le, route\) /);
  });

  it('chart: one range query, about 60 steps, throughput / error ratio / p95 tagged', () => {
    const q = buildServiceQueries(promClient, HOUR);
    assert.equal(q.step, 60);
    assert.deepEqual([...q.range.matchAll(/"prodlens_series", "(\w+)"/g)].map((m) => m[1]), ['throughput', 'error_ratio', 'p95']);
    assert.match(q.range, /\[2m\]/);
    assert.doesNotMatch(q.range, /by \(route/);
    const day = buildServiceQueries(promClient, parseTimeWindow('24h')!);
    assert.equal(day.step, 1440);
    assert.match(day.range, /\[48m\]/);
    assert.match(buildServiceQueries(promClient, parseTimeWindow('15m')!).rates, /\[15m\] offset 15m/);
    assert.match(buildServiceQueries(promClient, parseTimeWindow('7d')!).rates, /\[7d\] offset 7d/);
  });

  it('noise routes are excluded (scrapes, health checks, also as span names), real routes kept', () => {
    const q = buildServiceQueries(promClient, HOUR);
    const noise = noiseRegex(q.rates, 'route');
    for (const r of ['/metrics', 'metrics', '/-/ready', '/-/healthy', '/favicon.ico', 'GET /metrics', 'prometheus-django-metrics']) assert.ok(noise.test(r), r);
    for (const r of ['/api/orders', '/metrics/custom', '/api/metrics', '/faviconXico', 'GET /api/orders', 'get /metrics x']) assert.ok(!noise.test(r), r);
    // Every selector of every query carries it, or selects only requests with no route (never a noise route).
    for (const text of [q.rates, q.latency!, q.range]) {
      const selectors = text.match(/\{[^}]*\}/g) ?? [];
      assert.ok(selectors.length > 0);
      for (const s of selectors) assert.ok(s.includes('route!~') || s.includes('route=""'), `${s} misses the noise matcher`);
    }
  });

  it('a hostile label value stays inside its string literal: quotes, backslashes, newlines', () => {
    const hostile = 'x"} or vector(1) or {a="\\" \n';
    const rc: ResolvedConvention = { ...promClient, selector: { job: hostile } };
    const q = buildServiceQueries(rc, HOUR);
    for (const text of [q.rates, q.latency!, q.range, detectionQuery(hostile, undefined), detectionQuery('svc', { job: hostile })]) {
      const { literals, outside } = lex(text);
      assert.ok(literals.includes(hostile), 'the value round-trips exactly');
      assert.doesNotMatch(outside, /vector\(1\)/);
    }
  });

  it('a selector label that is not a Prometheus label name is refused, never silently dropped', () => {
    // Dropping `service.name` would leave `{}` and select every service's traffic.
    const rc: ResolvedConvention = { ...promClient, selector: { 'service.name': 'checkout' } };
    assert.throws(() => buildServiceQueries(rc, HOUR), (err: unknown) => err instanceof BackendError && err.kind === 'config' && /service\.name/.test(err.message));
    assert.throws(() => detectionQuery('checkout', { 'service.name': 'checkout' }), (err: unknown) => err instanceof BackendError && err.kind === 'config');
  });

  it('without a status label there is no error branch; without a route label no noise matcher', () => {
    const noStatus = buildServiceQueries({ ...promClient, statusLabel: undefined }, HOUR);
    assert.deepEqual([...noStatus.rates.matchAll(/"prodlens_kind", "(\w+)"/g)].map((m) => m[1]), ['total', 'prev_total']);
    assert.doesNotMatch(noStatus.range, /error_ratio/);
    const noRoute = buildServiceQueries({ ...promClient, routeLabel: undefined }, HOUR);
    assert.match(noRoute.rates, /sum by \(method\)/);
    assert.doesNotMatch(noRoute.rates, /!~/);
  });

  it('spanmetrics: by (span_name), errors are STATUS_CODE_ERROR', () => {
    const rc: ResolvedConvention = { convention: convention('spanmetrics', 'traces_span_metrics_calls_total'), selector: { service_name: 'payments' }, statusLabel: 'status_code', routeLabel: 'span_name' };
    const q = buildServiceQueries(rc, HOUR);
    assert.match(q.rates, /sum by \(span_name\) \(rate\(traces_span_metrics_calls_total\{service_name="payments", span_name!~"[^"]+", status_code="STATUS_CODE_ERROR"\}\[1h\]\)\)/);
    assert.match(q.latency!, /traces_span_metrics_duration_milliseconds_bucket\{service_name="payments"/);
  });
});

describe('services/prometheus queries: detectionQuery', () => {
  it('without a selector: every request metric name under each identity label; status and method labels counted, route labels as presence', () => {
    const q = detectionQuery('checkout', undefined);
    const [first, ...routeParts] = q.split('\nor ');
    const branches = first.slice(first.indexOf(') (') + 3, -1).split(' or ');
    assert.deepEqual(branches.map((b) => /^\{(\w+)="checkout", __name__=~"/.exec(b)?.[1]), ['job', 'service_name', 'service']);
    const by = /^count by \(([^)]*)\)/.exec(first)![1].split(', ');
    for (const l of ['__name__', 'job', 'service_name', 'service', 'status', 'http_response_status_code', 'status_code', 'method', 'http_request_method']) assert.ok(by.includes(l), l);
    // Route labels (one value per route: thousands) are never in a `by`: each is a presence branch.
    for (const l of ['route', 'http_route', 'span_name', 'path', 'view']) assert.ok(!by.includes(l), l);
    const names = lex(branches[0]).literals[1].split('|');
    for (const c of CONVENTIONS) assert.ok(names.includes(c.requests), c.requests);
    const tagged = routeParts.map((p) => /"prodlens_has", "(\w+)", "", ""\)$/.exec(p)?.[1]);
    assert.deepEqual(new Set(tagged), new Set(CONVENTIONS.flatMap((c) => c.routeLabels)));
    const httpRoute = routeParts.find((p) => p.includes('"prodlens_has", "http_route"'))!;
    assert.match(httpRoute, /^label_replace\(count by \(__name__, job, service_name, service\) \(\{job="checkout", __name__=~"[^"]+", http_route!=""\} or /);
    assert.ok(lex(httpRoute).literals[1].split('|').every((n) => CONVENTIONS.some((c) => c.requests === n && c.routeLabels.includes('http_route'))), 'only the metrics that use the label');
  });

  it('a configured selector replaces the identity labels', () => {
    const q = detectionQuery('checkout', { namespace: 'shop', app: 'checkout-v2' });
    const parts = q.split('\nor ');
    assert.match(parts[0], /\(\{namespace="shop", app="checkout-v2", __name__=~"[^"]+"\}\)$/);
    for (const p of parts.slice(1)) assert.match(p, /\(\{namespace="shop", app="checkout-v2", __name__=~"[^"]+", \w+!=""\}\), "prodlens_has"/);
    assert.doesNotMatch(q, /job=|service_name="checkout"| or \{/);
  });
});

describe('services/prometheus queries: resolveConvention', () => {
  const sample = (metric: Record<string, string>) => ({ metric });

  it('OpenTelemetry wins over prom-client for the same job, with the labels present', () => {
    const rc = resolveConvention([
      sample({ __name__: 'http_requests_total', job: 'checkout', route: '/a', method: 'GET', status: '200' }),
      sample({ __name__: 'http_server_request_duration_seconds_count', job: 'checkout', http_route: '/a', http_request_method: 'GET', http_response_status_code: '200' }),
    ], 'checkout', undefined)!;
    assert.equal(rc.convention.id, 'otel-http');
    assert.equal(rc.convention.requests, 'http_server_request_duration_seconds_count');
    assert.deepEqual([rc.statusLabel, rc.routeLabel, rc.methodLabel], ['http_response_status_code', 'http_route', 'http_request_method']);
    assert.deepEqual(rc.selector, { job: 'checkout' });
  });

  it('OTel with http/dup (v1 milliseconds and v2 seconds): the stable v2 metric', () => {
    const rc = resolveConvention([
      sample({ __name__: 'http_server_duration_count', job: 'api', http_route: '/a', http_method: 'GET', http_status_code: '200' }),
      sample({ __name__: 'http_server_request_duration_count', job: 'api', http_route: '/a', http_request_method: 'GET', http_response_status_code: '200' }),
    ], 'api', undefined)!;
    assert.equal(rc.convention.id, 'otel-http');
    assert.equal(rc.convention.latencyToSeconds, 1);
  });

  it('OTel v1 alone: milliseconds, http_status_code and http_method', () => {
    const rc = resolveConvention([sample({ __name__: 'http_server_duration_milliseconds_count', job: 'api', http_route: '/a', http_method: 'GET', http_status_code: '200' })], 'api', undefined)!;
    assert.equal(rc.convention.id, 'otel-http-v1');
    assert.equal(rc.convention.latencyToSeconds, 0.001);
    assert.deepEqual([rc.statusLabel, rc.methodLabel], ['http_status_code', 'http_method']);
  });

  it('express-prom-bundle: path and status_code on the histogram count', () => {
    const rc = resolveConvention([sample({ __name__: 'http_request_duration_seconds_count', job: 'web', path: '/api/orders/#val', method: 'GET', status_code: '200' })], 'web', undefined)!;
    assert.equal(rc.convention.id, 'express-prom-bundle');
    assert.deepEqual([rc.statusLabel, rc.routeLabel, rc.methodLabel], ['status_code', 'path', 'method']);
  });

  it('Python prometheus_client + Flask: http_requests_total with endpoint and http_status', () => {
    const rc = resolveConvention([sample({ __name__: 'http_requests_total', job: 'flask', endpoint: 'orders', method: 'GET', http_status: '200' })], 'flask', undefined)!;
    assert.equal(rc.convention.id, 'prom-client');
    assert.deepEqual([rc.statusLabel, rc.routeLabel, rc.methodLabel], ['http_status', 'endpoint', 'method']);
  });

  it('prefers the first status label in order when several are present', () => {
    const rc = resolveConvention([
      sample({ __name__: 'http_requests_total', job: 'x', route: '/a', code: '200' }),
      sample({ __name__: 'http_requests_total', job: 'x', route: '/a', status: '200' }),
    ], 'x', undefined)!;
    assert.equal(rc.statusLabel, 'status');
    assert.equal(rc.methodLabel, undefined);
  });

  it('django-prometheus: view and status', () => {
    const rc = resolveConvention([sample({ __name__: 'django_http_responses_total_by_status_view_method_total', job: 'dj', view: 'orders', method: 'GET', status: '200' })], 'dj', undefined)!;
    assert.equal(rc.convention.id, 'django');
    assert.deepEqual([rc.statusLabel, rc.routeLabel], ['status', 'view']);
  });

  it('spanmetrics: the identity label that matched (service_name), not job', () => {
    const rc = resolveConvention([sample({ __name__: 'traces_span_metrics_calls_total', job: 'otel-collector', service_name: 'payments', span_name: 'GET /a', status_code: 'STATUS_CODE_UNSET' })], 'payments', undefined)!;
    assert.equal(rc.convention.id, 'spanmetrics');
    assert.deepEqual(rc.selector, { service_name: 'payments' });
    assert.deepEqual([rc.statusLabel, rc.routeLabel, rc.methodLabel], ['status_code', 'span_name', undefined]);
  });

  it('reads the presence branches: a route label is present when a sample of that metric is tagged prodlens_has with it', () => {
    const rc = resolveConvention([
      sample({ __name__: 'http_requests_total', job: 'x', method: 'GET', code: '200' }),
      sample({ __name__: 'http_requests_total', job: 'x', prodlens_has: 'handler' }),
    ], 'x', undefined)!;
    assert.equal(rc.convention.id, 'prom-client');
    assert.deepEqual([rc.statusLabel, rc.routeLabel, rc.methodLabel], ['code', 'handler', 'method']);
    const withoutRoute = resolveConvention([sample({ __name__: 'http_requests_total', job: 'x', method: 'GET' }), sample({ __name__: 'http_server_duration_count', job: 'x', prodlens_has: 'http_route' })], 'x', undefined)!;
    assert.equal(withoutRoute.convention.id, 'otel-http-v1', 'the most specific convention present wins');
    assert.equal(withoutRoute.routeLabel, 'http_route');
  });

  it('a configured selector is kept as is; no request metric at all gives undefined', () => {
    const rc = resolveConvention([sample({ __name__: 'http_requests_total', namespace: 'shop', status: '200' })], 'checkout', { namespace: 'shop' })!;
    assert.deepEqual(rc.selector, { namespace: 'shop' });
    assert.equal(rc.routeLabel, undefined);
    assert.equal(resolveConvention([sample({ __name__: 'up', job: 'checkout' })], 'checkout', undefined), undefined);
    assert.equal(resolveConvention([], 'checkout', undefined), undefined);
  });
});

describe('services/prometheus queries: assembleServiceMetrics', () => {
  const v = (metric: Record<string, string>, value: number): PromVectorSample => ({ metric, t: 0, v: value });

  /** Bucket-rate samples as the latency query returns them: cumulative counts per `le`. */
  const buckets = (labels: Record<string, string>, bounds: readonly string[], counts: readonly number[]): PromVectorSample[] =>
    bounds.map((le, i) => v({ ...labels, le }, counts[i]));
  const LE = ['0.1', '0.5', '1', '+Inf'];

  it('a route with traffic and no error series has error ratio 0; a route with no observations has no quantiles', () => {
    const m = assembleServiceMetrics(promClient, [
      v({ route: '/a', method: 'GET', prodlens_kind: 'total' }, 2),
      v({ route: '/b', method: 'GET', prodlens_kind: 'total' }, 1),
      v({ route: '/b', method: 'GET', prodlens_kind: 'errors' }, 0.5),
      v({ route: '/a', method: 'GET', prodlens_kind: 'prev_total' }, 4),
    ], [
      ...buckets({ route: '/a', method: 'GET', prodlens_scope: 'current' }, LE, [0, 0, 0, 0]),
      ...buckets({ route: '/b', method: 'GET', prodlens_scope: 'current' }, LE, [0, 0.5, 1, 1]),
    ], []);
    assert.deepEqual(m.routes.map((r) => [r.name, r.throughput, r.errorRatio, r.latency.p95]), [['/a', 2, 0, undefined], ['/b', 1, 0.5, 0.95]]);
    assert.equal(m.current.errorRatio, 0.5 / 3);
    // Overall: /a adds nothing, so it is /b's histogram.
    assert.equal(m.current.latency.p95, 0.95);
    assert.equal(m.current.latency.p50, 0.5);
    assert.equal(m.previous.throughput, 4);
    assert.equal(m.previous.errorRatio, 0);
  });

  it('overall quantiles come from the route histograms added up per le; the previous window gives p95 only', () => {
    const m = assembleServiceMetrics(promClient, [v({ route: '/a', method: 'GET', prodlens_kind: 'total' }, 1), v({ route: '/b', method: 'GET', prodlens_kind: 'total' }, 1)], [
      ...buckets({ route: '/a', method: 'GET', prodlens_scope: 'current' }, LE, [4, 4, 4, 4]),
      ...buckets({ route: '/b', method: 'GET', prodlens_scope: 'current' }, LE, [0, 0, 4, 4]),
      ...buckets({ prodlens_scope: 'previous' }, LE, [10, 10, 10, 10]),
    ], []);
    assert.deepEqual(m.routes.map((r) => r.latency), [{ p50: 0.05, p95: 0.095, p99: 0.099 }, { p50: 0.75, p95: 0.975, p99: 0.995 }]);
    // Sum: [4, 4, 8, 8]; rank 4 of 8 is the top of the first bucket, rank 7.6 is in (0.5, 1].
    assert.deepEqual(m.current.latency, { p50: 0.1, p95: 0.5 + 0.5 * (3.6 / 4), p99: 0.5 + 0.5 * (3.92 / 4) });
    assert.deepEqual(m.previous.latency, { p95: 0.095 });
  });

  it('a histogram without the method label still gives each method row of the route its latency', () => {
    const m = assembleServiceMetrics(promClient, [
      v({ route: '/a', method: 'GET', prodlens_kind: 'total' }, 2),
      v({ route: '/a', method: 'POST', prodlens_kind: 'total' }, 1),
    ], buckets({ route: '/a', prodlens_scope: 'current' }, LE, [0, 4, 4, 4]), []);
    assert.deepEqual(m.routes.map((r) => [r.method, r.latency.p95]), [['GET', 0.48], ['POST', 0.48]]);
    assert.equal(m.current.latency.p95, 0.48);
  });

  it('groups buckets by their whole label set: label order, extra labels and hostile values neither merge nor split histograms', () => {
    const hostile = '/a",method="GET';
    const m = assembleServiceMetrics(promClient, [
      v({ route: '/a', method: 'GET', prodlens_kind: 'total' }, 1),
      v({ route: hostile, method: 'GET', prodlens_kind: 'total' }, 1),
    ], [
      // /a GET, its labels in two orders (a server need not sort them): one histogram.
      v({ le: '0.1', prodlens_scope: 'current', method: 'GET', route: '/a' }, 0),
      v({ route: '/a', method: 'GET', le: '0.5', prodlens_scope: 'current' }, 4),
      v({ prodlens_scope: 'current', le: '+Inf', route: '/a', method: 'GET' }, 4),
      // A route whose name imitates another label set: its own histogram.
      ...buckets({ route: hostile, method: 'GET', prodlens_scope: 'current' }, ['0.5', '1', '+Inf'], [0, 2, 2]),
    ], []);
    assert.deepEqual(m.routes.map((r) => [r.name, r.latency.p50]).sort(), [['/a', 0.1 + (0.5 - 0.1) * (2 / 4)], [hostile, 0.75]].sort());
    // An override that keeps an extra label (instance) gives one histogram per instance, as histogram_quantile would.
    const byInstance = assembleServiceMetrics(promClient, [v({ route: '/a', method: 'GET', prodlens_kind: 'total' }, 1)], [
      ...buckets({ route: '/a', method: 'GET', instance: 'a:1', prodlens_scope: 'current' }, LE, [4, 4, 4, 4]),
      ...buckets({ instance: 'b:1', method: 'GET', route: '/a', prodlens_scope: 'current' }, LE, [0, 0, 4, 4]),
    ], []);
    // Both land on the /a GET row; the overall histogram is their sum either way.
    assert.deepEqual(byInstance.current.latency, { p50: 0.1, p95: 0.5 + 0.5 * (3.6 / 4), p99: 0.5 + 0.5 * (3.92 / 4) });
  });

  it('latency answers as the built-in query returns them (r, m, untagged) and as an override tags them (current) assemble alike', () => {
    const rates = [v({ route: '/a', method: 'GET', prodlens_kind: 'total' }, 1)];
    const previous = buckets({ prodlens_scope: 'previous' }, LE, [1, 2, 4, 4]);
    const builtIn = assembleServiceMetrics(promClient, rates, [...buckets({ r: '/a', m: 'GET' }, LE, [0, 1, 4, 4]), ...previous], []);
    const override = assembleServiceMetrics(promClient, rates, [...buckets({ route: '/a', method: 'GET', prodlens_scope: 'current' }, LE, [0, 1, 4, 4]), ...previous], []);
    assert.deepEqual(builtIn, override);
    assert.equal(builtIn.routes[0].latency.p50, 0.5 + 0.5 * (1 / 3));
    assert.equal(builtIn.current.latency.p50, builtIn.routes[0].latency.p50);
    assert.equal(builtIn.previous.latency.p95, 0.5 + 0.5 * (1.8 / 2));
  });

  it('milliseconds conventions come out in seconds, chart series included', () => {
    const rc: ResolvedConvention = { convention: convention('otel-http-v1', 'http_server_duration_milliseconds_count'), selector: { job: 'b' }, statusLabel: 'http_status_code', routeLabel: 'http_route', methodLabel: 'http_method' };
    const m = assembleServiceMetrics(rc, [v({ http_route: '/a', http_method: 'GET', prodlens_kind: 'total' }, 1)], [
      ...buckets({ http_route: '/a', http_method: 'GET', prodlens_scope: 'current' }, ['1000', '2000', '+Inf'], [0, 10, 10]),
      ...buckets({ prodlens_scope: 'previous' }, ['1000', '2000', '+Inf'], [10, 10, 10]),
    ], [{ metric: { prodlens_series: 'p95' }, points: [{ t: 1000, v: 250 }, { t: 2000, v: NaN }] }]);
    assert.equal(m.routes[0].latency.p99, 1.99);
    assert.equal(m.current.latency.p50, 1.5);
    assert.equal(m.previous.latency.p95, 1000 * (9.5 / 10) * 0.001);
    assert.deepEqual(m.series.p95, [{ t: 1000, v: 0.25 }]);
  });

  it('a latency override that returns quantiles (prodlens_q, as documented before buckets) still works', () => {
    const m = assembleServiceMetrics(promClient, [
      v({ route: '/a', method: 'GET', prodlens_kind: 'total' }, 2),
      v({ route: '/a', method: 'POST', prodlens_kind: 'total' }, 1),
    ], [
      v({ route: '/a', method: 'GET', prodlens_q: 'p95' }, NaN),
      v({ route: '/a', prodlens_q: 'p99' }, 0.25),
      v({ prodlens_q: 'p95', prodlens_scope: 'overall' }, 0.4),
      v({ prodlens_q: 'p95', prodlens_scope: 'previous' }, 0.1),
    ], []);
    assert.deepEqual(m.routes.map((r) => [r.method, r.latency]), [['GET', { p99: 0.25 }], ['POST', { p99: 0.25 }]]);
    assert.deepEqual(m.current.latency, { p95: 0.4 });
    assert.deepEqual(m.previous.latency, { p95: 0.1 });
  });

  it('without a status label, error ratios are unknown rather than 0', () => {
    const m = assembleServiceMetrics({ ...promClient, statusLabel: undefined }, [v({ route: '/a', method: 'GET', prodlens_kind: 'total' }, 2)], [], []);
    assert.equal(m.routes[0].errorRatio, undefined);
    assert.equal(m.current.errorRatio, undefined);
    assert.equal(m.current.throughput, 2);
  });
});
