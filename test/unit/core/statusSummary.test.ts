import assert from 'node:assert/strict';
import type { BackendStatus, HealthSnapshot, Incident } from '../../../src/core/model';
import { summarise } from '../../../src/core/statusSummary';

const NOW = 1_767_225_600_000;

function snapshot(overrides: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    service: 'checkout',
    environment: 'production',
    window: '1h',
    fetchedAt: NOW - 2000,
    status: 'ok',
    statusReasons: [],
    current: { throughput: 2.5, errorRatio: 0.004, latency: { p95: 0.23 } },
    previous: { throughput: 2, errorRatio: 0.004, latency: {} },
    series: {},
    routes: [],
    errors: [],
    incidents: [],
    deploys: [],
    backends: [{ kind: 'prometheus', url: 'http://prom:9090', state: 'ok', lastSuccess: NOW - 2000, latencyMs: 12 }],
    stale: false,
    ...overrides,
  };
}

const alert = (severity: Incident['severity'], status: Incident['status'] = 'firing'): Incident => ({
  id: `${severity}${status}`, source: 'alertmanager', kind: 'alert', title: 'x', severity, status, startedAt: '2026-01-01T00:00:00Z',
});

const failedProm = (lastSuccess: number | undefined): BackendStatus => ({
  kind: 'prometheus', url: 'http://prom:9090', state: 'error', lastSuccess, lastAttempt: NOW, errorKind: 'network',
  error: 'Prometheus at http://prom:9090 cannot be reached (connection refused): check the URL, VPN or proxy.',
});

const run = (s: HealthSnapshot | undefined, extra: { loading?: boolean; hasBackends?: boolean } = {}) =>
  summarise({ service: 'checkout', snapshot: s, loading: extra.loading ?? false, hasBackends: extra.hasBackends ?? true, now: NOW });

describe('core/statusSummary summarise', () => {
  it('nobackend: says so, whatever else is known', () => {
    const s = run(snapshot(), { hasBackends: false });
    assert.deepEqual([s.level, s.icon, s.text], ['nobackend', 'pulse', 'checkout · no backend']);
  });

  it('loading before the first snapshot; unknown when not even loading', () => {
    assert.deepEqual([run(undefined, { loading: true }).level, run(undefined, { loading: true }).icon], ['loading', 'sync~spin']);
    assert.equal(run(undefined, { loading: true }).text, 'checkout · loading…');
    assert.equal(run(undefined).level, 'unknown');
  });

  it('ok: error ratio in the text, the change against the previous window in the tooltip', () => {
    const s = run(snapshot());
    assert.deepEqual([s.level, s.icon, s.text], ['ok', 'pass', 'checkout · 0.4% err']);
    assert.ok(s.details.includes('Throughput: 2.5 req/s (+25% vs previous window)'), s.details.join('\n'));
    assert.ok(s.details.includes('Error ratio: 0.4% (±0% vs previous window)'));
    assert.ok(s.details.includes('Prometheus: ok (12 ms)'));
    assert.ok(s.details.includes('Last refresh: just now'));
  });

  it('no error ratio: p95 instead, or "no data"', () => {
    assert.equal(run(snapshot({ current: { throughput: 1, latency: { p95: 0.42 } } })).text, 'checkout · p95 420 ms');
    assert.equal(run(snapshot({ status: 'unknown', current: { latency: {} } })).text, 'checkout · no data');
    assert.equal(run(snapshot({ status: 'unknown', current: { latency: {} } })).level, 'unknown');
  });

  it('degraded and critical: level, icon and the open incident count (silenced ones left out)', () => {
    const d = run(snapshot({ status: 'degraded', statusReasons: ['error ratio 2.0% ≥ 1.0%'], current: { errorRatio: 0.02, latency: {} } }));
    assert.deepEqual([d.level, d.icon, d.text], ['degraded', 'warning', 'checkout · 2.0% err']);
    assert.equal(d.details[0], 'Status: degraded (error ratio 2.0% ≥ 1.0%)');
    const c = run(snapshot({ status: 'critical', incidents: [alert('critical'), alert('warning', 'suppressed'), alert('warning')] }));
    assert.deepEqual([c.level, c.icon, c.text], ['critical', 'error', 'checkout · 0.4% err · 2 incidents']);
    assert.ok(c.details.includes('Open incidents and alerts: 2'));
  });

  it('stale after a failed refresh: the age is that of the last good data, not of the failed attempt', () => {
    // The refresh that failed just now re-assembled the snapshot; Prometheus last answered 12 minutes ago.
    const s = run(snapshot({ fetchedAt: NOW - 1000, stale: true, backends: [failedProm(NOW - 12 * 60_000)] }));
    assert.deepEqual([s.level, s.icon], ['stale', 'debug-disconnect']);
    assert.equal(s.text, 'checkout · 0.4% err · 12 min old');
    assert.ok(s.details.some((d) => d.startsWith('Prometheus: Prometheus at http://prom:9090 cannot be reached')), s.details.join('\n'));
    assert.ok(s.details.includes('Last refresh: just now (stale)'), s.details.join('\n'));
  });

  it('stale from a restored snapshot (no failure yet): history icon and the snapshot age', () => {
    const s = run(snapshot({ fetchedAt: NOW - 3 * 3600_000, stale: true }));
    assert.deepEqual([s.level, s.icon, s.text], ['stale', 'history', 'checkout · 0.4% err · 3 h old']);
    assert.ok(s.details.includes('Last refresh: 3 h ago (stale)'), s.details.join('\n'));
  });

  it('critical and stale stays critical, with the age shown', () => {
    const s = run(snapshot({ status: 'critical', stale: true, fetchedAt: NOW, current: { errorRatio: 0.2, latency: {} }, backends: [failedProm(NOW - 5 * 60_000)] }));
    assert.equal(s.level, 'critical');
    assert.equal(s.text, 'checkout · 20% err · 5 min old');
  });

  it('stale for less than a minute just says "stale"', () => {
    const s = run(snapshot({ fetchedAt: NOW, stale: true, backends: [failedProm(NOW - 30_000)] }));
    assert.deepEqual([s.level, s.text], ['stale', 'checkout · 0.4% err · stale']);
  });

  it('a backend failing with nothing kept: disconnected, not stale, and the tooltip says nothing of it is shown', () => {
    const s = run(snapshot({ status: 'unknown', current: { latency: {} }, fetchedAt: NOW, stale: false, backends: [failedProm(undefined)] }));
    assert.deepEqual([s.level, s.icon, s.text], ['stale', 'debug-disconnect', 'checkout · no data · disconnected']);
    assert.ok(s.details.some((d) => d.startsWith('Prometheus: Prometheus at http://prom:9090 cannot be reached') && d.endsWith('(nothing to show yet)')), s.details.join('\n'));
  });

  it('a failed backend whose last answer is kept says how old that answer is', () => {
    const s = run(snapshot({ fetchedAt: NOW, stale: true, backends: [{ ...failedProm(NOW - 12 * 60_000), dataAt: NOW - 12 * 60_000 }] }));
    assert.ok(s.details.some((d) => d.endsWith('(showing its answer from 12 min ago)')), s.details.join('\n'));
  });

  it('a backend that never answered does not make the data look older', () => {
    const s = run(snapshot({ fetchedAt: NOW - 60_000, stale: true, backends: [failedProm(undefined)] }));
    assert.equal(s.text, 'checkout · 0.4% err · 1 min old');
  });
});
