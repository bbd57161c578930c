// A service whose metrics follow no known convention: `.prodlens.json` names them (`metrics`), or replaces a
// whole query (`queries`), against a real Prometheus with a backfilled history.
import assert from 'node:assert/strict';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { HttpClient, HttpRequest } from '../../src/backends/http/types';
import { PrometheusClient } from '../../src/backends/prometheus/prometheusClient';
import type { DetectedService } from '../../src/core/detect/services';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { PrometheusSource } from '../../src/services/sources/prometheusSource';
import { OpenMetricsBuilder } from '../builders/openMetrics';
import { requireBinaries, startPrometheus, type RunningServer } from './servers';

const STEP = 30;
const SERVICE: DetectedService = { name: 'ledger', folders: [''], environments: [], evidence: [] };

describe('Prometheus with custom metric names (real server)', function () {
  let prom: RunningServer | undefined;
  let evalTime = 0;

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool']);
    const end = Math.floor(Date.now() / 1000 / STEP) * STEP - 300;
    const start = end - 2 * 3600;
    const om = new OpenMetricsBuilder();
    // 4 req/s on /ledger/entries of which 1 req/s "failed"; 1 req/s on /ledger/health, never failing.
    for (let t = start, i = 0; t <= end; t += STEP, i++) {
      om.counter('ledger_calls', { app: 'ledger', handler: '/ledger/entries', outcome: 'ok' }, 1000 + 3 * STEP * i, t);
      om.counter('ledger_calls', { app: 'ledger', handler: '/ledger/entries', outcome: 'failure' }, 1000 + STEP * i, t);
      om.counter('ledger_calls', { app: 'ledger', handler: '/ledger/health', outcome: 'ok' }, 1000 + STEP * i, t);
      // Latency in milliseconds: every entries call under 250 ms, half under 100 ms.
      const n = 4 * STEP * i + 1000;
      om.histogram('ledger_latency_ms', { app: 'ledger', handler: '/ledger/entries' }, new Map([[100, n / 2], [250, n], [Infinity, n]]), n * 120, t);
    }
    evalTime = end;
    prom = await startPrometheus({ openMetrics: om.build() });
  });

  after(async () => prom?.stop());

  const context = () => ({ service: SERVICE, window: parseTimeWindow('1h')!, environment: 'production', now: evalTime * 1000, signal: new AbortController().signal, deadline: Date.now() + 60_000 });

  it('uses the named metric, labels, error matcher and unit without detection', async () => {
    const client = new PrometheusClient({ baseUrl: prom!.url, http: createHttpClient({ version: 'test' }) });
    const source = new PrometheusSource(prom!.url, client, { app: 'ledger' }, {
      requests: 'ledger_calls_total',
      histogram: 'ledger_latency_ms',
      errorMatcher: 'outcome="failure"',
      routeLabel: 'handler',
      latencyUnit: 'milliseconds',
    });
    const { metrics, convention } = await source.fetch(context());
    assert.ok(metrics, 'metrics');
    assert.equal(metrics.convention, 'custom');
    // Reported as configured, with the matcher as written and no invented status label.
    assert.deepEqual(convention, {
      id: 'custom', from: 'configured', requests: 'ledger_calls_total', histogram: 'ledger_latency_ms', selector: { app: 'ledger' },
      routeLabel: 'handler', methodLabel: undefined, statusLabel: undefined, errorMatcher: 'outcome="failure"',
      excluded: ['requests whose handler is "/metrics", "metrics", "/-/ready", "/-/healthy", "/favicon.ico", "prometheus-django-metrics": scrapes and health checks'],
    });
    const entries = metrics.routes.find((r) => r.name === '/ledger/entries')!;
    assert.ok(Math.abs(entries.throughput! - 4) < 1e-6, `throughput ${entries.throughput}`);
    assert.ok(Math.abs(entries.errorRatio! - 0.25) < 1e-6, `error ratio ${entries.errorRatio}`);
    assert.equal(metrics.routes.find((r) => r.name === '/ledger/health')!.errorRatio, 0);
    // p50 interpolates to the 100 ms bound exactly; milliseconds come out as seconds.
    assert.ok(Math.abs(entries.latency.p50! - 0.1) < 1e-6, `p50 ${entries.latency.p50}`);
    assert.ok(entries.latency.p95! > 0.1 && entries.latency.p95! <= 0.25, `p95 ${entries.latency.p95}`);
  });

  it('replaces the rates query with the one from .prodlens.json, placeholders filled', async () => {
    let sent = '';
    const http = createHttpClient({ version: 'test' });
    const spying: HttpClient = {
      request<T>(req: HttpRequest) {
        const q = (req.params as Record<string, string> | undefined)?.query;
        if (q?.includes('prodlens_kind')) sent = q;
        return http.request<T>(req);
      },
    };
    const client = new PrometheusClient({ baseUrl: prom!.url, http: spying });
    const rates = 'label_replace(sum by (handler) (rate(ledger_calls_total{$selector}[$window])), "prodlens_kind", "total", "", "")';
    const source = new PrometheusSource(prom!.url, client, { app: 'ledger' }, { requests: 'ledger_calls_total', routeLabel: 'handler' }, { rates });
    const { metrics } = await source.fetch(context());
    assert.equal(sent, 'label_replace(sum by (handler) (rate(ledger_calls_total{app="ledger"}[1h])), "prodlens_kind", "total", "", "")');
    assert.ok(Math.abs(metrics!.routes.find((r) => r.name === '/ledger/entries')!.throughput! - 4) < 1e-6);
  });
});
