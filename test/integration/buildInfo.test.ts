// Which version a service runs, read from its build-info series on a real Prometheus: an app's own
// `*_build_info`, OpenTelemetry's `target_info` (resource attributes as labels), never Go's `go_build_info`
// nor another service's. Backfilled history, so the answer is there at once.
import assert from 'node:assert/strict';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { HttpClient, HttpRequest } from '../../src/backends/http/types';
import { PrometheusClient } from '../../src/backends/prometheus/prometheusClient';
import type { DetectedService } from '../../src/core/detect/services';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { deployedVersion } from '../../src/core/versions/deployedVersion';
import { PrometheusSource } from '../../src/services/sources/prometheusSource';
import { OpenMetricsBuilder } from '../builders/openMetrics';
import { requireBinaries, startPrometheus, type RunningServer } from './servers';

const STEP = 30;
const SERVICE: DetectedService = { name: 'checkout-api', folders: [''], environments: [], evidence: [] };
const REVISION = '4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39';

/** Half an hour of samples ending at `end` (unix s): three instances, two on 2.14.0 and one still on 2.13.2 (a rollout). */
function rolloutHistory(end: number): string {
  const om = new OpenMetricsBuilder();
  for (let t = end - 1800, i = 0; t <= end; t += STEP, i++) {
    om.gauge('checkout_api_build_info', { job: 'checkout-api', instance: 'a:9464', version: '2.14.0', revision: REVISION, branch: 'main' }, 1, t);
    om.gauge('checkout_api_build_info', { job: 'checkout-api', instance: 'b:9464', version: '2.14.0', revision: REVISION, branch: 'main' }, 1, t);
    om.gauge('checkout_api_build_info', { job: 'checkout-api', instance: 'c:9464', version: '2.13.2', revision: '', branch: 'main' }, 1, t);
    om.gauge('target_info', { job: 'checkout-api', instance: 'a:9464', service_name: 'checkout-api', service_version: '2.14.0', vcs_ref_head_revision: REVISION }, 1, t);
    om.gauge('go_build_info', { job: 'checkout-api', instance: 'a:9464', version: '(devel)', path: 'example.com/checkout' }, 1, t);
    om.gauge('billing_build_info', { job: 'billing', instance: 'd:8000', version: '1.8.2' }, 1, t);
    om.counter('http_requests', { job: 'checkout-api', instance: 'a:9464', route: '/api/orders', method: 'POST', status: '200' }, 100 + 2 * STEP * i, t);
  }
  return om.build();
}

describe('Build info from a real Prometheus', function () {
  // Five minutes back, on a step: the backfilled history is all there is, nothing is scraped.
  const evalTime = Math.floor(Date.now() / 1000 / STEP) * STEP - 300;
  let prom: RunningServer | undefined;

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool']);
    prom = await startPrometheus({ openMetrics: rolloutHistory(evalTime) });
  });

  after(async () => prom?.stop());

  const context = (now: number) => ({ service: SERVICE, window: parseTimeWindow('1h')!, environment: 'production', now, signal: new AbortController().signal, deadline: Date.now() + 60_000 });

  /** A client that records the queries asking for build info. */
  function spyingClient(sent: string[]): PrometheusClient {
    const http = createHttpClient({ version: 'test' });
    const spying: HttpClient = {
      request<T>(req: HttpRequest) {
        // Long queries (the detection's) go as a POST form.
        const q = (req.params as Record<string, string> | undefined)?.query ?? (typeof req.body === 'string' ? new URLSearchParams(req.body).get('query') : undefined);
        if (q?.includes('_build_info')) sent.push(q);
        return http.request<T>(req);
      },
    };
    return new PrometheusClient({ baseUrl: prom!.url, http: spying });
  }

  it('reports the versions and revision the service runs, the majority first, within the detection query, once per its TTL', async () => {
    const sent: string[] = [];
    const source = new PrometheusSource(prom!.url, spyingClient(sent), undefined);
    const first = await source.fetch(context(evalTime * 1000));
    assert.ok(first.metrics, 'the figures still come');
    assert.match(sent[0], /http_requests_total/, 'asked with the convention detection, not by a request of its own');
    assert.deepEqual(first.buildInfo, [
      { source: 'prometheus-build-info', field: 'checkout_api_build_info{version}', value: '2.14.0', kind: 'version' },
      { source: 'prometheus-build-info', field: 'checkout_api_build_info{revision}', value: REVISION, kind: 'revision' },
      { source: 'prometheus-build-info', field: 'checkout_api_build_info{version}', value: '2.13.2', kind: 'version' },
      { source: 'otel-resource', field: 'target_info{service_version}', value: '2.14.0', kind: 'version' },
      { source: 'otel-resource', field: 'target_info{vcs_ref_head_revision}', value: REVISION, kind: 'revision' },
    ]);
    assert.equal(sent.length, 1, 'one build-info query');

    // A refresh a minute later reuses the answer; one past the TTL asks again.
    await source.fetch(context(evalTime * 1000 + 60_000));
    assert.equal(sent.length, 1, 'no build-info query within the TTL');
    await source.fetch(context(evalTime * 1000 + 11 * 60_000));
    assert.equal(sent.length, 2, 'asked again after the TTL');

    const report = deployedVersion({ service: 'checkout-api', deploys: [], errors: [], buildInfo: first.buildInfo });
    assert.equal(report.service?.version, '2.14.0');
    assert.equal(report.service?.refs[0].ref, REVISION);
    assert.deepEqual(report.service?.conflicts, ['Prometheus build info checkout_api_build_info{version}=2.13.2 disagrees with Prometheus build info checkout_api_build_info{version}=2.14.0']);
  });

  it('with metrics named in .prodlens.json (no detection), asks by a query of its own, once per TTL', async () => {
    const sent: string[] = [];
    const source = new PrometheusSource(prom!.url, spyingClient(sent), { job: 'checkout-api' }, { requests: 'http_requests_total', routeLabel: 'route', errorMatcher: 'status=~"5.."' });
    const first = await source.fetch(context(evalTime * 1000));
    assert.equal(first.buildInfo?.[0]?.value, '2.14.0');
    await source.fetch(context(evalTime * 1000 + 60_000));
    assert.equal(sent.length, 1);
    assert.doesNotMatch(sent[0], /http_requests_total/);
  });
});
