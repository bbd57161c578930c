// PrometheusSource end to end against a real Prometheus: one backfill holds the same per-route traffic written
// the way five instrumentation conventions write it (prom-client, OpenTelemetry HTTP v2 with and without the
// `_seconds` suffix, OpenTelemetry HTTP v1 in milliseconds, spanmetrics), each under its own service identity.
// Expected values are computed from the generated counts, so a wrong query, a wrong label or a missed unit
// conversion fails with the number it produced.
import assert from 'node:assert/strict';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { HttpClient, HttpRequest } from '../../src/backends/http/types';
import type { ConventionId } from '../../src/backends/prometheus/conventions';
import { PrometheusClient } from '../../src/backends/prometheus/prometheusClient';
import type { ServiceMetrics } from '../../src/backends/prometheus/serviceMetrics';
import type { DetectedService } from '../../src/core/detect/services';
import type { MetricConvention, RouteMetrics } from '../../src/core/model';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { PrometheusSource } from '../../src/services/sources/prometheusSource';
import type { SourceContext, SourceResult } from '../../src/services/sources/types';
import { OpenMetricsBuilder } from '../builders/openMetrics';
import type { Labels } from '../builders/prometheus';
import { requireBinaries, startPrometheus, type RunningServer } from './servers';

const STEP = 30;
const WINDOW = parseTimeWindow('1h')!;
/** Enough for the previous window, its first rate, and the chart's first point. */
const HISTORY_SECONDS = 2 * 3600 + 600;

/** Upper bounds in seconds; the millisecond conventions write them times 1000. */
const BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, Infinity] as const;

/** Requests per scrape step per latency bucket (not cumulative), by status code. */
type ByStatus = Record<string, readonly number[]>;

interface RouteTraffic {
  route: string;
  method: string;
  /** Up to and including the start of the current window. */
  previous: ByStatus;
  current: ByStatus;
  noise?: boolean;
}

const ROUTES: readonly RouteTraffic[] = [
  {
    route: '/api/orders',
    method: 'POST',
    previous: { '200': [2, 6, 8, 3, 1, 0, 0], '500': [0, 0, 0, 0, 1, 0, 0] },
    current: { '200': [1, 4, 8, 5, 2, 1, 0], '500': [0, 0, 1, 1, 2, 2, 0] },
  },
  {
    route: '/api/cart',
    method: 'GET',
    previous: { '200': [20, 8, 2, 0, 0, 0, 0], '503': [1, 0, 0, 0, 0, 0, 0] },
    current: { '200': [16, 10, 3, 1, 0, 0, 0], '503': [0, 1, 1, 0, 0, 0, 0] },
  },
  {
    // Never a 5xx (404s are the client's fault): its error ratio must be exactly 0, not missing.
    route: '/api/items/:id',
    method: 'GET',
    previous: { '200': [5, 2, 1, 0, 0, 0, 0], '404': [2, 0, 0, 0, 0, 0, 0] },
    current: { '200': [6, 3, 1, 1, 0, 0, 0], '404': [1, 0, 0, 0, 0, 0, 0] },
  },
  {
    // Scrapes: busy, slow and failing, so counting them would move every overall figure.
    route: '/metrics',
    method: 'GET',
    previous: { '200': [0, 0, 0, 0, 0, 30, 2], '500': [0, 0, 0, 0, 0, 0, 5] },
    current: { '200': [0, 0, 0, 0, 0, 30, 2], '500': [0, 0, 0, 0, 0, 0, 5] },
    noise: true,
  },
];

const is5xx = (status: string) => status.startsWith('5');

interface Flavor {
  title: string;
  service: string;
  convention: ConventionId;
  /** Bucket bounds and sums are written in seconds times this. */
  unitScale: number;
  /** The route name the source must report, and its method. */
  expectedName(r: RouteTraffic): string;
  expectedMethod(r: RouteTraffic): string | undefined;
  /** The metrics and labels `convention` must report (besides its id and what it excludes). */
  reported: Pick<MetricConvention, 'requests' | 'histogram' | 'selector' | 'routeLabel' | 'methodLabel' | 'statusLabel' | 'errorMatcher'>;
  /** How Prometheus itself is asked for the quantiles ProdLens computes from bucket rates. */
  latency: { histogram: string; selector: string; by: string };
  /** Writes one scrape: `cumulative` holds each (route, status)'s running per-bucket totals. */
  write(om: OpenMetricsBuilder, t: number, cumulative: (r: RouteTraffic, status: string) => number[]): void;
}

/** Cumulative `le` buckets from per-bucket totals, scaled to the flavor's unit. */
function leBuckets(perBucket: readonly number[], unitScale: number): { buckets: Map<number, number>; count: number; sum: number } {
  const buckets = new Map<number, number>();
  let running = 0;
  let sum = 0;
  BOUNDS.forEach((le, i) => {
    running += perBucket[i];
    sum += perBucket[i] * Math.min(le, 5) * 0.7 * unitScale;
    buckets.set(le === Infinity ? Infinity : le * unitScale, running);
  });
  return { buckets, count: running, sum };
}

const addBuckets = (a: readonly number[], b: readonly number[]) => a.map((x, i) => x + b[i]);

function otelFlavor(title: string, service: string, convention: ConventionId, histogram: string, unitScale: number, labels: { route: string; method: string; status: string }): Flavor {
  return {
    title,
    service,
    convention,
    unitScale,
    expectedName: (r) => r.route,
    expectedMethod: (r) => r.method,
    reported: { requests: `${histogram}_count`, histogram, selector: { job: service }, routeLabel: labels.route, methodLabel: labels.method, statusLabel: labels.status, errorMatcher: `${labels.status}=~"5.."` },
    latency: { histogram, selector: `job="${service}", ${labels.route}!="/metrics"`, by: `${labels.route}, ${labels.method}` },
    write(om, t, cumulative) {
      for (const r of ROUTES) {
        for (const status of Object.keys(r.current)) {
          const { buckets, sum } = leBuckets(cumulative(r, status), unitScale);
          om.histogram(histogram, { job: service, [labels.route]: r.route, [labels.method]: r.method, [labels.status]: status }, buckets, sum, t);
        }
      }
    },
  };
}

const FLAVORS: readonly Flavor[] = [
  {
    title: 'prom-client (http_requests_total + http_request_duration_seconds, histogram by route only)',
    service: 'shop-web',
    convention: 'prom-client',
    unitScale: 1,
    expectedName: (r) => r.route,
    expectedMethod: (r) => r.method,
    reported: { requests: 'http_requests_total', histogram: 'http_request_duration_seconds', selector: { job: 'shop-web' }, routeLabel: 'route', methodLabel: 'method', statusLabel: 'status', errorMatcher: 'status=~"5.."' },
    // The histogram has no method label: `by (le, route, method)` gives one histogram per route.
    latency: { histogram: 'http_request_duration_seconds', selector: 'job="shop-web", route!="/metrics"', by: 'route, method' },
    write(om, t, cumulative) {
      for (const r of ROUTES) {
        let all = BOUNDS.map(() => 0);
        for (const status of Object.keys(r.current)) {
          const perBucket = cumulative(r, status);
          all = addBuckets(all, perBucket);
          om.counter('http_requests', { job: 'shop-web', route: r.route, method: r.method, status }, perBucket.reduce((x, y) => x + y, 0), t);
        }
        // As in trafficHistory.ts and many hand-rolled setups, the histogram carries the route but no method.
        const { buckets, sum } = leBuckets(all, 1);
        om.histogram('http_request_duration_seconds', { job: 'shop-web', route: r.route }, buckets, sum, t);
      }
    },
  },
  otelFlavor('OpenTelemetry HTTP v2, seconds (http_server_request_duration_seconds_*)', 'orders-api', 'otel-http', 'http_server_request_duration_seconds', 1, {
    route: 'http_route',
    method: 'http_request_method',
    status: 'http_response_status_code',
  }),
  otelFlavor('OpenTelemetry JS 2.x, no unit suffix (http_server_request_duration_*)', 'catalog', 'otel-http', 'http_server_request_duration', 1, {
    route: 'http_route',
    method: 'http_request_method',
    status: 'http_response_status_code',
  }),
  otelFlavor('OpenTelemetry HTTP v1, milliseconds (http_server_duration_milliseconds_*)', 'billing', 'otel-http-v1', 'http_server_duration_milliseconds', 1000, {
    route: 'http_route',
    method: 'http_method',
    status: 'http_status_code',
  }),
  {
    title: 'spanmetrics connector, milliseconds (traces_span_metrics_*), identity in service_name',
    service: 'payments',
    convention: 'spanmetrics',
    unitScale: 1000,
    // HTTP server spans are named "<method> <route>"; spanmetrics has no method label of its own.
    expectedName: (r) => `${r.method} ${r.route}`,
    expectedMethod: () => undefined,
    reported: { requests: 'traces_span_metrics_calls_total', histogram: 'traces_span_metrics_duration_milliseconds', selector: { service_name: 'payments' }, routeLabel: 'span_name', methodLabel: undefined, statusLabel: 'status_code', errorMatcher: 'status_code="STATUS_CODE_ERROR"' },
    latency: { histogram: 'traces_span_metrics_duration_milliseconds', selector: 'service_name="payments", span_name!="GET /metrics"', by: 'span_name' },
    write(om, t, cumulative) {
      for (const r of ROUTES) {
        const byStatusCode = new Map<string, number[]>();
        for (const status of Object.keys(r.current)) {
          const code = is5xx(status) ? 'STATUS_CODE_ERROR' : 'STATUS_CODE_UNSET';
          byStatusCode.set(code, addBuckets(byStatusCode.get(code) ?? BOUNDS.map(() => 0), cumulative(r, status)));
        }
        for (const [code, perBucket] of byStatusCode) {
          // The collector is the scrape target, so `job` names it, not the service.
          const labels: Labels = { job: 'otel-collector', service_name: 'payments', span_name: `${r.method} ${r.route}`, span_kind: 'SPAN_KIND_SERVER', status_code: code };
          const { buckets, count, sum } = leBuckets(perBucket, 1000);
          om.counter('traces_span_metrics_calls', labels, count, t);
          om.histogram('traces_span_metrics_duration_milliseconds', labels, buckets, sum, t);
        }
      }
    },
  },
];

/** History ending at `end` (unix seconds): the last hour has the `current` traffic, everything before `previous`. */
function buildHistory(end: number): string {
  const om = new OpenMetricsBuilder();
  const start = end - HISTORY_SECONDS;
  const totals = new Map<string, number[]>();
  for (let t = start; t <= end; t += STEP) {
    // A sample at exactly end - 1h closes the previous window: `rate(x[1h] offset 1h)` ends there.
    const segment = t > end - WINDOW.seconds ? 'current' : 'previous';
    for (const r of ROUTES) {
      for (const [status, perStep] of Object.entries(r[segment])) {
        const key = `${r.route} ${status}`;
        totals.set(key, addBuckets(totals.get(key) ?? BOUNDS.map(() => 0), perStep));
      }
    }
    for (const flavor of FLAVORS) flavor.write(om, t, (r, status) => totals.get(`${r.route} ${status}`)!);
  }
  return om.build();
}

/** Prometheus's histogram_quantile over non-cumulative counts: linear interpolation in the rank's bucket. */
function expectedQuantile(q: number, perBucket: readonly number[]): number {
  const cumulative: number[] = [];
  perBucket.reduce((acc, c, i) => (cumulative[i] = acc + c), 0);
  const rank = q * cumulative[cumulative.length - 1];
  const i = cumulative.findIndex((c) => c >= rank);
  if (BOUNDS[i] === Infinity) return BOUNDS[BOUNDS.length - 2];
  const lower = i === 0 ? 0 : BOUNDS[i - 1];
  const below = i === 0 ? 0 : cumulative[i - 1];
  return lower + (BOUNDS[i] - lower) * ((rank - below) / (cumulative[i] - below));
}

const sumOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

interface Expected {
  throughput: number;
  errorRatio: number;
  p95: number;
}

function expectedFor(routes: readonly RouteTraffic[], segment: 'previous' | 'current'): Expected {
  let all = BOUNDS.map(() => 0);
  let errors = 0;
  for (const r of routes) {
    for (const [status, perStep] of Object.entries(r[segment])) {
      all = addBuckets(all, perStep);
      if (is5xx(status)) errors += sumOf(perStep);
    }
  }
  return { throughput: sumOf(all) / STEP, errorRatio: errors / sumOf(all), p95: expectedQuantile(0.95, all) };
}

const SERVICE_ROUTES = ROUTES.filter((r) => !r.noise);

function close(actual: number | undefined, expected: number, what: string): void {
  if (actual === undefined || !(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
    assert.fail(`${what} is ${actual}, want ${expected}`);
  }
}

/** Counts the requests the source sends, by wrapping the real HTTP client. */
function countingHttp(inner: HttpClient): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    request(req) {
      requests.push(req);
      return inner.request(req);
    },
  };
}

function service(name: string): DetectedService {
  return { name, folders: [''], environments: [], evidence: [] };
}

describe('PrometheusSource against a real Prometheus (backfilled history, five conventions)', function () {
  let prom: RunningServer | undefined;
  let end: number;
  const realHttp = createHttpClient({ version: 'integration-test' });

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool']);
    end = Math.floor((Date.now() / 1000 - 900) / STEP) * STEP;
    prom = await startPrometheus({ openMetrics: buildHistory(end) });
  });

  after(async () => {
    await prom?.stop();
  });

  function context(name: string, nowSeconds = end): SourceContext {
    return { service: service(name), window: WINDOW, environment: 'production', now: nowSeconds * 1000, signal: new AbortController().signal, deadline: Date.now() + 60_000 };
  }

  for (const flavor of FLAVORS) {
    describe(flavor.title, () => {
      let http: ReturnType<typeof countingHttp>;
      let first: SourceResult;
      let metrics: ServiceMetrics;
      let firstRequests: number;
      let secondRequests: number;
      let second: SourceResult;

      before(async () => {
        http = countingHttp(realHttp);
        const source = new PrometheusSource(prom!.url, new PrometheusClient({ baseUrl: prom!.url, http }), undefined);
        first = await source.fetch(context(flavor.service));
        firstRequests = http.requests.length;
        // A second refresh (evaluated a minute earlier, to stay inside the history): the detected convention is
        // reused, only the three data queries go out.
        second = await source.fetch(context(flavor.service, end - 60));
        secondRequests = http.requests.length - firstRequests;
        assert.ok(first.metrics, `no metrics; notes: ${JSON.stringify(first.notes)}`);
        metrics = first.metrics;
      });

      function route(r: RouteTraffic): RouteMetrics {
        const found = metrics.routes.find((x) => x.name === flavor.expectedName(r));
        assert.ok(found, `no route ${flavor.expectedName(r)} in ${JSON.stringify(metrics.routes.map((x) => x.name))}`);
        return found;
      }

      it(`detects ${flavor.convention}: 1 detection + 3 queries, then 3 with the detection cached`, () => {
        assert.equal(metrics.convention, flavor.convention);
        assert.equal(firstRequests, 4);
        assert.equal(secondRequests, 3);
        assert.deepEqual(first.notes, []);
        assert.ok(second.metrics, 'the second fetch must answer too');
        assert.equal(second.metrics.convention, flavor.convention);
      });

      it('reports the convention it used: metrics, selector, labels, error matcher and what it leaves out', () => {
        const { excluded, ...rest } = first.convention ?? {};
        assert.deepEqual(rest, { id: flavor.convention, from: 'detected', ...flavor.reported });
        assert.match(excluded?.[0] ?? '', new RegExp(`^requests whose ${flavor.reported.routeLabel} is "/metrics", `));
        // Spans carry no HTTP status: only routes named as scrapes are left out there.
        assert.equal(excluded?.length, flavor.convention === 'spanmetrics' ? 1 : 2);
        assert.deepEqual(second.convention, first.convention);
      });

      it('per-route throughput and error ratio; a route without 5xx has exactly 0; /metrics is left out', () => {
        assert.deepEqual(metrics.routes.map((r) => r.name).sort(), SERVICE_ROUTES.map((r) => flavor.expectedName(r)).sort());
        for (const r of SERVICE_ROUTES) {
          const got = route(r);
          const want = expectedFor([r], 'current');
          assert.equal(got.method, flavor.expectedMethod(r));
          assert.equal(got.kind, flavor.convention === 'spanmetrics' ? 'function' : 'route');
          close(got.throughput, want.throughput, `${r.route} throughput`);
          close(got.errorRatio, want.errorRatio, `${r.route} error ratio`);
        }
        assert.equal(route(ROUTES[2]).errorRatio, 0);
        assert.ok(route(ROUTES[0]).errorRatio! > 0.2, 'the orders route fails a lot in the current window');
      });

      it('overall throughput and error ratio, and the previous window (offset 1h)', () => {
        const now = expectedFor(SERVICE_ROUTES, 'current');
        const before = expectedFor(SERVICE_ROUTES, 'previous');
        close(metrics.current.throughput, now.throughput, 'current throughput');
        close(metrics.current.errorRatio, now.errorRatio, 'current error ratio');
        close(metrics.previous.throughput, before.throughput, 'previous throughput');
        close(metrics.previous.errorRatio, before.errorRatio, 'previous error ratio');
        assert.notEqual(now.errorRatio.toFixed(6), before.errorRatio.toFixed(6), 'the windows must differ for this to prove anything');
      });

      it(`p95 per route and overall, in seconds${flavor.unitScale !== 1 ? ' (converted from milliseconds)' : ''}`, () => {
        for (const r of SERVICE_ROUTES) {
          const got = route(r).latency;
          const perBucket = Object.values(r.current).reduce(addBuckets);
          close(got.p95, expectedQuantile(0.95, perBucket), `${r.route} p95`);
          close(got.p50, expectedQuantile(0.5, perBucket), `${r.route} p50`);
          close(got.p99, expectedQuantile(0.99, perBucket), `${r.route} p99`);
        }
        const overall = expectedFor(SERVICE_ROUTES, 'current').p95;
        close(metrics.current.latency.p95, overall, 'overall p95');
        // Bucket resolution: the overall p95 lies in (0.5 s, 1 s]; with /metrics counted it would be 2.5 s.
        assert.ok(overall > 0.5 && overall <= 1, `overall p95 ${overall} is in the 1 s bucket`);
      });

      it('p50/p95/p99 per route and overall, and the previous p95, equal Prometheus\'s own histogram_quantile', async () => {
        const client = new PrometheusClient({ baseUrl: prom!.url, http: realHttp });
        const { histogram, selector, by } = flavor.latency;
        const ask = async (expr: string) => {
          const answer = await client.query(expr, end, new AbortController().signal);
          assert.equal(answer.resultType, 'vector');
          return answer.result;
        };
        const toSeconds = 1 / flavor.unitScale;
        let compared = 0;
        for (const [name, q] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
          const perRoute = await ask(`histogram_quantile(${q}, sum by (le, ${by}) (rate(${histogram}_bucket{${selector}}[1h])))`);
          assert.equal(perRoute.length, SERVICE_ROUTES.length, `${name}: one answer per route`);
          for (const sample of perRoute) {
            const rows = metrics.routes.filter((r) => Object.values(sample.metric).includes(r.name));
            assert.ok(rows.length > 0, `no ProdLens row for ${JSON.stringify(sample.metric)}`);
            for (const row of rows) {
              close(row.latency[name], sample.v * toSeconds, `${row.method ?? ''} ${row.name} ${name}`);
              compared++;
            }
          }
          const [overall] = await ask(`histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket{${selector}}[1h])))`);
          close(metrics.current.latency[name], overall.v * toSeconds, `overall ${name}`);
        }
        const [previous] = await ask(`histogram_quantile(0.95, sum by (le) (rate(${histogram}_bucket{${selector}}[1h] offset 1h)))`);
        close(metrics.previous.latency.p95, previous.v * toSeconds, 'previous p95');
        assert.notEqual(previous.v, (await ask(`histogram_quantile(0.95, sum by (le) (rate(${histogram}_bucket{${selector}}[1h])))`))[0].v, 'the windows must differ');
        assert.equal(compared, 3 * SERVICE_ROUTES.length);
      });

      it('chart series: about 60 points per series, in seconds, following both windows', () => {
        const { throughput, errorRatio, p95 } = metrics.series;
        assert.ok(throughput && errorRatio && p95, `missing series: ${Object.keys(metrics.series).join(', ')}`);
        for (const s of [throughput, errorRatio, p95]) {
          assert.ok(s.length >= 58 && s.length <= 62, `${s.length} points`);
          assert.equal(s[0].t, (end - WINDOW.seconds) * 1000);
          assert.equal(s[s.length - 1].t, end * 1000);
        }
        const now = expectedFor(SERVICE_ROUTES, 'current');
        const before = expectedFor(SERVICE_ROUTES, 'previous');
        close(throughput[0].v, before.throughput, 'first throughput point (previous window traffic)');
        close(throughput[throughput.length - 1].v, now.throughput, 'last throughput point');
        close(errorRatio[0].v, before.errorRatio, 'first error ratio point');
        close(errorRatio[errorRatio.length - 1].v, now.errorRatio, 'last error ratio point');
        close(p95[p95.length - 1].v, now.p95, 'last p95 point (seconds)');
      });
    });
  }

  it('a hostile service name stays inside its string: Prometheus parses the query and finds nothing', async () => {
    const http = countingHttp(realHttp);
    const source = new PrometheusSource(prom!.url, new PrometheusClient({ baseUrl: prom!.url, http }), undefined);
    // Unescaped, this would select every series of job shop-web and "detect" prom-client.
    const result = await source.fetch(context('shop-web"} or {job="shop-web'));
    assert.equal(result.metrics, undefined);
    assert.equal(http.requests.length, 1);
    assert.match(result.notes?.[0] ?? '', /^Prometheus has no request metrics for job, service_name or service = /);
  });

  it('a configured selector wins over the identity labels', async () => {
    const http = countingHttp(realHttp);
    const source = new PrometheusSource(prom!.url, new PrometheusClient({ baseUrl: prom!.url, http }), { service_name: 'payments', span_kind: 'SPAN_KIND_SERVER' });
    const result = await source.fetch(context('whatever-the-folder-is-called'));
    assert.equal(result.metrics?.convention, 'spanmetrics');
    close(result.metrics?.current.throughput, expectedFor(SERVICE_ROUTES, 'current').throughput, 'throughput');
  });
});
