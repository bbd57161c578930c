import assert from 'node:assert/strict';
import { BackendError } from '../../src/backends/errors';
import { createHttpClient } from '../../src/backends/http/httpClient';
import { vectorOf } from '../../src/backends/prometheus/parse';
import { PrometheusClient } from '../../src/backends/prometheus/prometheusClient';
import { requireBinaries, startPrometheus, type RunningServer } from './servers';
import { ROUTES, SPIKE, buildHistory, expectedErrorRatio, expectedQuantile, type History } from './trafficHistory';

// The per-route error ratio from backends.md: the `or … * 0` branch keeps routes without 5xx at 0.
const ERROR_RATIO = `
( sum by (route) (rate(http_requests_total{status=~"5.."}[5m]))
  or sum by (route) (rate(http_requests_total[5m])) * 0 )
/ sum by (route) (rate(http_requests_total[5m]))`;

const P95 = 'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m])))';

const RULES = `
groups:
  - name: prodlens-test
    interval: 1s
    rules:
      - alert: CheckoutAlwaysFiring
        expr: vector(1)
        labels: { severity: critical, service: checkout }
        annotations: { summary: always firing }
`;

const http = createHttpClient({ version: 'integration-test' });

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);
}

function byRoute(samples: { metric: Record<string, string>; v: number }[]): Map<string, number> {
  return new Map(samples.map((s) => [s.metric.route, s.v]));
}

describe('Prometheus 2.x (real server, backfilled history)', function () {
  let prom: RunningServer | undefined;
  let history: History;
  let client: PrometheusClient;

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool']);
    history = buildHistory(Math.floor(Date.now() / 1000));
    prom = await startPrometheus({ openMetrics: history.openMetrics, rules: RULES });
    client = new PrometheusClient({ baseUrl: prom.url, http });
  });

  after(async () => {
    await prom?.stop();
  });

  for (const [label, offset] of [
    ['before the spike', SPIKE.fromSeconds - 30 * 60],
    ['inside the spike', SPIKE.fromSeconds + 20 * 60],
    ['after the spike', SPIKE.toSeconds + 15 * 60],
  ] as const) {
    it(`query: per-route error ratio ${label}, routes without 5xx at exactly 0`, async () => {
      const result = await client.query(ERROR_RATIO, history.start + offset);
      const got = byRoute(vectorOf(result));
      assert.deepEqual([...got.keys()].sort(), ROUTES.map((r) => r.route).sort());
      for (const profile of ROUTES) {
        const expected = expectedErrorRatio(profile, offset);
        assert.notEqual(expected, undefined, 'the offsets are chosen away from changes');
        close(got.get(profile.route)!, expected!, profile.route);
      }
      assert.equal(got.get('/health'), 0);
      assert.deepEqual(result.warnings, []);
    });
  }

  it('queryRange: the error ratio over the spike follows the generated traffic point by point', async () => {
    const start = history.start + SPIKE.fromSeconds - 20 * 60;
    const end = history.start + SPIKE.toSeconds + 20 * 60;
    const step = 60;
    const { series } = await client.queryRange(ERROR_RATIO, start, end, step);
    assert.equal(series.length, ROUTES.length);
    let asserted = 0;
    let spikePoints = 0;
    for (const profile of ROUTES) {
      const s = series.find((x) => x.metric.route === profile.route);
      assert.ok(s, `no series for ${profile.route}`);
      assert.equal(s.points.length, (end - start) / step + 1);
      for (const p of s.points) {
        const expected = expectedErrorRatio(profile, p.t / 1000 - history.start);
        if (expected === undefined) continue;
        close(p.v, expected, `${profile.route} at ${p.t}`);
        asserted++;
        if (expected > 0.2) spikePoints++;
      }
    }
    assert.ok(asserted > 150, `only ${asserted} points could be checked`);
    assert.ok(spikePoints >= 20, 'the spike must be visible in the range');
  });

  it('histogram: per-route p95 matches the generated latency distribution', async () => {
    const result = await client.query(P95, history.start + 3600);
    const got = byRoute(vectorOf(result));
    for (const profile of ROUTES) close(got.get(profile.route)!, expectedQuantile(0.95, profile.latencyPerStep), profile.route);
  });

  it("bad PromQL: badResponse carrying Prometheus's own message", async () => {
    const err = await client.query('sum(rate(http_requests_total[5m])', history.end).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof BackendError);
    assert.equal(err.kind, 'badResponse');
    assert.equal(err.details.status, 400);
    assert.equal(err.details.origin, prom!.url);
    assert.match(err.message, /^Prometheus bad_data: .*parse error/);
  });

  it('alerts: a rule with a 1 s interval fires (waiting on the API, not a sleep)', async () => {
    const deadline = Date.now() + 15_000;
    let firing;
    while (!firing && Date.now() < deadline) {
      const { alerts } = await client.alerts();
      firing = alerts.find((a) => a.labels.alertname === 'CheckoutAlwaysFiring' && a.state === 'firing');
      if (!firing) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(firing, 'the rule never fired');
    assert.equal(firing.labels.service, 'checkout');
    assert.equal(firing.annotations.summary, 'always firing');
    assert.equal(firing.value, 1);
  });
});

describe('Prometheus (stopped server)', function () {
  before(function () {
    requireBinaries(this, ['prometheus']);
  });

  it('a dead server gives BackendError network', async () => {
    const prom = await startPrometheus();
    const client = new PrometheusClient({ baseUrl: prom.url, http });
    assert.equal((await client.query('vector(1)')).resultType, 'vector');
    await prom.stop();
    const err = await client.query('vector(1)').then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof BackendError);
    assert.equal(err.kind, 'network');
    assert.equal(err.details.origin, prom.url);
  });
});

describe('startPrometheus options', function () {
  before(function () {
    requireBinaries(this, ['prometheus']);
  });

  it('writes a config Prometheus accepts, with Alertmanager and scrape targets', async () => {
    const prom = await startPrometheus({ alertmanagerUrl: 'http://127.0.0.1:9093', scrapeTargets: ['127.0.0.1:9100'] });
    try {
      const res = await http.request<{ data: { yaml: string } }>({ url: `${prom.url}/api/v1/status/config` });
      assert.match(res.data.data.yaml, /127\.0\.0\.1:9093/);
      assert.match(res.data.data.yaml, /job_name: targets[\s\S]*127\.0\.0\.1:9100/);
    } finally {
      await prom.stop();
    }
  });
});
