// RefreshService over a real Prometheus (backfilled prom-client traffic) and a real Alertmanager (alerts posted
// to its API): the merged snapshot, health from alerts and from the error ratio, then Prometheus dies and comes
// back on the same port. The `it`s are one story and run in order; each states what it builds on.
import assert from 'node:assert/strict';
import { AlertmanagerClient } from '../../src/backends/alertmanager/alertmanagerClient';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { HttpClient, HttpRequest } from '../../src/backends/http/types';
import type { DetectedService } from '../../src/core/detect/services';
import { DEFAULT_THRESHOLDS, type HealthThresholds } from '../../src/core/health';
import { silentLogger } from '../../src/core/log';
import type { BackendStatus, HealthSnapshot } from '../../src/core/model';
import { summarise } from '../../src/core/statusSummary';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { RefreshService, type SnapshotStore } from '../../src/services/refreshService';
import { SourceFactory } from '../../src/services/sourceFactory';
import { postJson, requireBinaries, startAlertmanager, startPrometheus, type RunningServer } from './servers';
import { JOB, ROUTES, STEP_SECONDS, buildHistory, type History } from './trafficHistory';

const WINDOW = parseTimeWindow('1h')!;
/** Thresholds the backfilled traffic passes, so only alerts can make the service unhealthy. */
const LENIENT: HealthThresholds = { errorRatio: { degraded: 0.5, critical: 0.9 }, p95Seconds: { degraded: 100, critical: 200 } };

/** The whole-service 5xx ratio over the hour ending `offsetEnd` seconds into the history, from the profile. */
function expectedErrorRatio(offsetEnd: number): number {
  let total = 0;
  let errors = 0;
  for (let offset = offsetEnd - WINDOW.seconds + STEP_SECONDS; offset <= offsetEnd; offset += STEP_SECONDS) {
    for (const profile of ROUTES) {
      for (const [status, n] of Object.entries(profile.perStep(offset))) {
        total += n;
        if (status.startsWith('5')) errors += n;
      }
    }
  }
  return errors / total;
}

class MemoryStore implements SnapshotStore {
  readonly saved: HealthSnapshot[] = [];
  async load(): Promise<HealthSnapshot | undefined> {
    return undefined;
  }
  async save(snapshot: HealthSnapshot): Promise<void> {
    this.saved.push(structuredClone(snapshot));
  }
}

function backend(snapshot: HealthSnapshot, kind: BackendStatus['kind']): BackendStatus {
  const found = snapshot.backends.find((b) => b.kind === kind);
  assert.ok(found, `no ${kind} status in ${JSON.stringify(snapshot.backends)}`);
  return found;
}

describe('RefreshService with real Prometheus and Alertmanager', function () {
  let prom: RunningServer | undefined;
  let am: RunningServer | undefined;
  let history: History;
  let refresh: RefreshService;
  let thresholds: HealthThresholds = LENIENT;
  let nowMs: number;
  let firstGood: HealthSnapshot;
  const store = new MemoryStore();
  const requests: HttpRequest[] = [];
  const checkout: DetectedService = { name: JOB, folders: [''], environments: ['production'], evidence: [] };

  /** Requests sent so far to a backend, by the URL's origin. */
  const sentTo = (server: RunningServer | undefined) => requests.filter((r) => r.url.startsWith(server!.url)).length;

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool', 'alertmanager']);
    history = buildHistory(Math.floor(Date.now() / 1000));
    [prom, am] = await Promise.all([startPrometheus({ openMetrics: history.openMetrics }), startAlertmanager()]);

    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    const status = await postJson(`${am.url}/api/v2/alerts`, [
      { labels: { alertname: 'CheckoutDown', service: JOB, severity: 'critical' }, annotations: { summary: 'checkout is down' }, endsAt },
      { labels: { alertname: 'CheckoutSlow', service: JOB, severity: 'warning' }, annotations: { summary: 'checkout is slow' }, endsAt },
      { labels: { alertname: 'CartDown', service: 'cart', severity: 'critical' }, endsAt },
    ]);
    assert.equal(status, 200);
    // Posted alerts are visible at once on 0.25, but wait on the API rather than assume it.
    const reader = new AlertmanagerClient({ baseUrl: am.url, http: createHttpClient({ version: 'integration-test' }) });
    const deadline = Date.now() + 10_000;
    while ((await reader.rawAlerts()).length < 3) {
      assert.ok(Date.now() < deadline, 'Alertmanager never listed the posted alerts');
      await new Promise((r) => setTimeout(r, 50));
    }

    const real = createHttpClient({ version: 'integration-test' });
    const http: HttpClient = {
      request(req) {
        requests.push(req);
        return real.request(req);
      },
    };
    const defaults = { prometheusUrl: prom.url, alertmanagerUrl: am.url };
    const factory = new SourceFactory(http, async () => undefined, () => defaults);
    // Evaluated at the end of the backfilled history; a fixed clock also keeps backoff deterministic.
    nowMs = history.end * 1000;
    refresh = new RefreshService({
      sourcesFor: (s) => factory.sourcesFor(s),
      settings: () => ({ window: WINDOW, environment: 'production', thresholds }),
      store,
      log: silentLogger,
      now: () => nowMs,
    });
  });

  after(async () => {
    refresh?.dispose();
    await Promise.all([prom?.stop(), am?.stop()]);
  });

  it('single flight: two concurrent refreshes share one set of requests (detection + 3 queries, 1 alerts call)', async () => {
    const a = refresh.refresh(checkout);
    const b = refresh.refresh(checkout);
    assert.equal(refresh.isRefreshing(JOB), true);
    const [sa, sb] = await Promise.all([a, b]);
    assert.equal(sa, sb);
    assert.equal(sentTo(prom), 4);
    assert.equal(sentTo(am), 1);
    assert.equal(refresh.isRefreshing(JOB), false);
    assert.equal(refresh.snapshot(JOB), sa);
    firstGood = sa;
  });

  it('the snapshot merges metrics and incidents; a firing critical alert makes the service critical', async () => {
    const s = firstGood;
    assert.equal(s.stale, false);
    assert.equal(s.window, '1h');
    assert.equal(s.fetchedAt, nowMs);
    assert.deepEqual(s.backends.map((b) => [b.kind, b.state]), [['prometheus', 'ok'], ['alertmanager', 'ok']]);
    assert.deepEqual(s.routes.map((r) => r.name).sort(), ROUTES.map((r) => r.route).sort());
    assert.ok(Math.abs(s.current.errorRatio! - expectedErrorRatio(history.end - history.start)) < 1e-9, `error ratio ${s.current.errorRatio}`);
    assert.equal(s.routes.find((r) => r.name === '/health')?.errorRatio, 0);
    assert.ok(s.series.throughput && s.series.throughput.length > 50, 'chart series present');
    // Only this service's alerts, critical first.
    assert.deepEqual(s.incidents.map((i) => [i.title, i.severity, i.status]), [
      ['CheckoutDown: checkout is down', 'critical', 'firing'],
      ['CheckoutSlow: checkout is slow', 'warning', 'firing'],
    ]);
    assert.equal(s.status, 'critical');
    assert.deepEqual(s.statusReasons, ['2 open incidents or alerts (1 critical)']);
    await refresh.flushSaves();
    assert.equal(store.saved.at(-1)?.status, 'critical');
  });

  it('with default thresholds the error ratio alone is a critical reason', async () => {
    thresholds = DEFAULT_THRESHOLDS;
    const before = sentTo(prom);
    const s = await refresh.refresh(checkout);
    assert.equal(sentTo(prom) - before, 3, 'the detected convention is reused');
    assert.equal(s.status, 'critical');
    const ratio = expectedErrorRatio(history.end - history.start);
    assert.ok(ratio > DEFAULT_THRESHOLDS.errorRatio.critical, 'the profile must cross the threshold');
    assert.equal(s.statusReasons[0], `error ratio ${Math.round(ratio * 100)}% ≥ 5.0%`);
  });

  it('Prometheus stopped: last good metrics kept and stale, a network error naming Prometheus, Alertmanager unaffected', async () => {
    const good = refresh.snapshot(JOB)!;
    await prom!.stop();
    const amBefore = sentTo(am);
    const s = await refresh.refresh(checkout);
    assert.equal(s.stale, true);
    assert.deepEqual(s.current, good.current);
    assert.deepEqual(s.routes, good.routes);
    const p = backend(s, 'prometheus');
    assert.equal(p.state, 'error');
    assert.equal(p.errorKind, 'network');
    assert.match(p.error ?? '', /^Prometheus at http:\/\/127\.0\.0\.1:\d+ cannot be reached/);
    assert.equal(p.lastSuccess, backend(good, 'prometheus').lastSuccess);
    assert.equal(p.retryAt, nowMs + 30_000);
    const a = backend(s, 'alertmanager');
    assert.equal(a.state, 'ok');
    assert.equal(sentTo(am) - amBefore, 1);
    assert.equal(s.incidents.length, 2);
    await refresh.flushSaves();
    assert.equal(store.saved.at(-1)?.stale, true);
    const summary = summarise({ service: JOB, snapshot: s, loading: false, hasBackends: true, now: nowMs });
    assert.equal(summary.level, 'critical', 'a critical service stays critical while stale');
    assert.ok(summary.details.some((d) => d.startsWith('Prometheus: Prometheus at ')), summary.details.join('\n'));
  });

  it('backing off, a refresh right after the failure sends the dead Prometheus nothing; force: true tries again', async () => {
    const promBefore = sentTo(prom);
    const amBefore = sentTo(am);
    const s = await refresh.refresh(checkout);
    // The clock has not moved: within 10 s of the failed attempt not even a readiness probe goes out.
    assert.equal(sentTo(prom), promBefore, 'no request, not even a probe');
    assert.equal(sentTo(am) - amBefore, 1, 'the healthy backend is still refreshed');
    assert.equal(s.stale, true);
    assert.equal(backend(s, 'prometheus').retryAt, nowMs + 30_000);

    const forced = await refresh.refresh(checkout, { force: true });
    assert.equal(sentTo(prom) - promBefore, 3, 'forced: the three queries (the convention stays cached)');
    assert.equal(forced.stale, true);
    // The second failure in a row doubles the wait.
    assert.equal(backend(forced, 'prometheus').retryAt, nowMs + 60_000);
  });

  it('Prometheus restarted on the same port: a forced refresh recovers', async () => {
    const port = prom!.port;
    prom = await startPrometheus({ openMetrics: history.openMetrics, port });
    assert.equal(prom.port, port);
    const s = await refresh.refresh(checkout, { force: true });
    assert.equal(s.stale, false);
    assert.equal(backend(s, 'prometheus').state, 'ok');
    assert.equal(backend(s, 'prometheus').retryAt, undefined);
    assert.deepEqual(s.current, firstGood.current);
    await refresh.flushSaves();
    assert.equal(store.saved.at(-1)?.stale, false);
    // Backoff is over: the next ordinary refresh asks Prometheus again.
    const before = sentTo(prom);
    await refresh.refresh(checkout);
    assert.equal(sentTo(prom) - before, 3);
  });
});
