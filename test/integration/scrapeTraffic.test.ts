// What counts as traffic, against a real Prometheus: one load (API calls, unmatched 404s, a few unmatched 5xx and
// Prometheus's own scrapes) written the way OpenTelemetry HTTP writes it (scrapes and unmatched requests carry
// no `http_route`) and the way prom-client writes it (`route="/metrics"`, unmatched requests under a route value
// of their own). Both must read the same throughput, error ratio and p95: before, the OpenTelemetry service
// counted its scrapes as a `(no route)` row of 200s, which raised its throughput and lowered its error ratio.
import assert from 'node:assert/strict';
import { createHttpClient } from '../../src/backends/http/httpClient';
import { PrometheusClient } from '../../src/backends/prometheus/prometheusClient';
import type { DetectedService } from '../../src/core/detect/services';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { PrometheusSource } from '../../src/services/sources/prometheusSource';
import type { SourceResult } from '../../src/services/sources/types';
import { OpenMetricsBuilder } from '../builders/openMetrics';
import { requireBinaries, startPrometheus, type RunningServer } from './servers';

const STEP = 30;
const WINDOW = parseTimeWindow('1h')!;
const BOUNDS = [0.1, 0.5, 2.5, Infinity] as const;

/** Requests per step per latency bucket (not cumulative). `route` undefined: no route matched. */
interface Kind {
  route?: string;
  /** The route value prom-client-style middleware gives a request no route matched. */
  promRoute: string;
  status: string;
  perStep: readonly number[];
  /** Counted as the service's traffic. */
  counted: boolean;
}

const LOAD: readonly Kind[] = [
  { route: '/api/orders', promRoute: '/api/orders', status: '200', perStep: [40, 12, 2, 0], counted: true },
  { route: '/api/orders', promRoute: '/api/orders', status: '500', perStep: [0, 1, 2, 0], counted: true },
  { promRoute: 'unmatched', status: '404', perStep: [5, 0, 0, 0], counted: true },
  // A failure before any route matched (a body parser's 503, say) is the service's answer too.
  { promRoute: 'unmatched', status: '503', perStep: [1, 0, 0, 0], counted: true },
  // Scrapes: one per step, slow enough that counting them would move the p95 as well.
  { promRoute: '/metrics', status: '200', perStep: [0, 0, 0, 30], counted: false },
];

function cumulative(perBucket: readonly number[], steps: number): Map<number, number> {
  let running = 0;
  return new Map(BOUNDS.map((le, i) => [le, (running += perBucket[i] * steps)]));
}

function history(end: number): string {
  const om = new OpenMetricsBuilder();
  for (let t = end - 2 * 3600 - 600, i = 1; t <= end; t += STEP, i++) {
    for (const k of LOAD) {
      const buckets = cumulative(k.perStep, i);
      const count = buckets.get(Infinity)!;
      const otel = { job: 'otel-shop', http_request_method: 'GET', http_response_status_code: k.status, ...(k.route ? { http_route: k.route } : {}) };
      om.histogram('http_server_request_duration_seconds', otel, buckets, count * 0.3, t);
      const prom = { job: 'prom-shop', route: k.promRoute, method: 'GET', status: k.status };
      om.counter('http_requests', prom, count, t);
      om.histogram('http_request_duration_seconds', prom, buckets, count * 0.3, t);
    }
  }
  return om.build();
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('Scrapes and unmatched requests count the same in OpenTelemetry and prom-client (real Prometheus)', function () {
  let prom: RunningServer | undefined;
  let end = 0;
  const results: Record<string, SourceResult> = {};

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool']);
    end = Math.floor((Date.now() / 1000 - 900) / STEP) * STEP;
    prom = await startPrometheus({ openMetrics: history(end) });
    const client = new PrometheusClient({ baseUrl: prom.url, http: createHttpClient({ version: 'integration-test' }) });
    for (const job of ['otel-shop', 'prom-shop']) {
      const source = new PrometheusSource(prom.url, client, undefined);
      const service: DetectedService = { name: job, folders: [''], environments: [], evidence: [] };
      results[job] = await source.fetch({ service, window: WINDOW, environment: 'production', now: end * 1000, signal: new AbortController().signal, deadline: Date.now() + 60_000 });
    }
  });

  after(async () => prom?.stop());

  const counted = LOAD.filter((k) => k.counted);
  const wantThroughput = sum(counted.map((k) => sum(k.perStep))) / STEP;
  const wantErrorRatio = sum(counted.filter((k) => k.status.startsWith('5')).map((k) => sum(k.perStep))) / sum(counted.map((k) => sum(k.perStep)));

  function close(actual: number | undefined, expected: number, what: string): void {
    assert.ok(actual !== undefined && Math.abs(actual - expected) <= 1e-9 * Math.max(1, expected), `${what} is ${actual}, want ${expected}`);
  }

  for (const job of ['otel-shop', 'prom-shop']) {
    it(`${job}: throughput and error ratio leave scrapes out and keep unmatched requests, in both windows and the chart`, () => {
      const m = results[job].metrics;
      assert.ok(m, `no metrics: ${JSON.stringify(results[job].notes)}`);
      close(m.current.throughput, wantThroughput, 'throughput');
      close(m.current.errorRatio, wantErrorRatio, 'error ratio');
      close(m.previous.throughput, wantThroughput, 'previous throughput');
      close(m.previous.errorRatio, wantErrorRatio, 'previous error ratio');
      const { throughput, errorRatio } = m.series;
      close(throughput?.at(-1)?.v, wantThroughput, 'last throughput point');
      close(errorRatio?.at(-1)?.v, wantErrorRatio, 'last error ratio point');
    });
  }

  it('the p95, overall and in the chart, is the same for both and not the scrapes\' 2.5 s', () => {
    const otel = results['otel-shop'].metrics!;
    const prom = results['prom-shop'].metrics!;
    close(otel.current.latency.p95, prom.current.latency.p95!, 'OTel p95 against prom-client p95');
    assert.ok(prom.current.latency.p95! <= 2.5 && prom.current.latency.p95! > 0.5, `p95 ${prom.current.latency.p95}`);
    close(otel.series.p95?.at(-1)?.v, prom.series.p95!.at(-1)!.v, 'last p95 point');
    close(otel.previous.latency.p95, prom.previous.latency.p95!, 'previous p95');
  });

  it('the OpenTelemetry (no route) row holds the unmatched 404s and 503s only', () => {
    const row = results['otel-shop'].metrics!.routes.find((r) => r.name === '(no route)');
    const unmatched = LOAD.filter((k) => !k.route && k.counted);
    close(row?.throughput, sum(unmatched.map((k) => sum(k.perStep))) / STEP, '(no route) throughput');
    close(row?.errorRatio, sum(unmatched.filter((k) => k.status.startsWith('5')).map((k) => sum(k.perStep))) / sum(unmatched.map((k) => sum(k.perStep))), '(no route) error ratio');
  });

  it('convention.excluded says what is left out', () => {
    const otel = results['otel-shop'].convention;
    assert.equal(otel?.id, 'otel-http');
    assert.deepEqual(otel?.excluded?.map((e) => e.split(':')[0]), [
      'requests whose http_route is "/metrics", "metrics", "/-/ready", "/-/healthy", "/favicon.ico", "prometheus-django-metrics"',
      'requests with no http_route label answered 1xx-3xx (http_response_status_code)',
    ]);
    assert.match(otel.excluded[1], /those that failed \(4xx, 5xx\) are counted/);
    assert.equal(results['prom-shop'].convention?.excluded?.length, 2);
    assert.match(results['prom-shop'].convention.excluded[0], /^requests whose route is "\/metrics"/);
  });
});
