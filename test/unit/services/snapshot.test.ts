import assert from 'node:assert/strict';
import type { ServiceMetrics } from '../../../src/backends/prometheus/serviceMetrics';
import type { BackendStatus, Deploy, ErrorGroup, Incident } from '../../../src/core/model';
import { buildSnapshot, partKey, partsFromSnapshot, type SourcePart } from '../../../src/services/snapshot';

const incident = (id: string, severity: Incident['severity'], startedAt: string): Incident => ({
  id, source: 'alertmanager', kind: 'alert', title: id, severity, status: 'firing', startedAt,
});
const error = (id: string, count: number): ErrorGroup => ({ id, source: 'sentry', title: id, level: 'error', count });
const deploy = (version: string, finishedAt: string): Deploy => ({ version, finishedAt, source: 'sentry' });

const metrics = (throughput: number, errorRatio: number): ServiceMetrics => ({
  convention: 'prom-client',
  current: { throughput, errorRatio, latency: { p95: 0.1 } },
  previous: { throughput: 1, errorRatio: 0, latency: {} },
  routes: [{ kind: 'route', name: '/a', throughput, errorRatio, latency: {} }],
  series: { throughput: [{ t: 1, v: throughput }] },
});

const ok = (kind: BackendStatus['kind']): BackendStatus => ({ kind, state: 'ok' });
const part = (kind: SourcePart['kind'], result: SourcePart['result'], url?: string): SourcePart => ({ key: partKey(kind, url), kind, result, at: 1 });

function build(parts: SourcePart[], backends: BackendStatus[] = [ok('prometheus')]) {
  return buildSnapshot({ service: 'checkout', environment: 'production', window: '1h', windowMs: 3_600_000, now: 42, parts, backends });
}

describe('services/snapshot buildSnapshot', () => {
  it('incidents: most severe first, then newest first, across backends', () => {
    const s = build([
      part('alertmanager', { incidents: [incident('warn-old', 'warning', '2026-01-01T08:00:00Z'), incident('crit-old', 'critical', '2026-01-01T08:00:00Z')] }),
      part('pagerduty', { incidents: [incident('info', 'info', '2026-01-01T12:00:00Z'), incident('crit-new', 'critical', '2026-01-01T09:00:00Z'), incident('warn-new', 'warning', '2026-01-01T09:30:00Z')] }),
    ]);
    assert.deepEqual(s.incidents.map((i) => i.id), ['crit-new', 'crit-old', 'warn-new', 'warn-old', 'info']);
  });

  it('orders by time, not by text: offsets and fractional seconds', () => {
    const s = build([
      part('alertmanager', {
        // 11:30+02:00 is 09:30Z, older than 10:00Z though it sorts later as text.
        incidents: [incident('offset', 'error', '2026-01-01T11:30:00+02:00'), incident('utc', 'error', '2026-01-01T10:00:00Z'), incident('fraction', 'error', '2026-01-01T10:00:00.500Z')],
      }),
      part('sentry', { deploys: [deploy('v1', '2026-01-01T11:30:00+02:00'), deploy('v2', '2026-01-01T10:00:00Z')] }),
    ]);
    assert.deepEqual(s.incidents.map((i) => i.id), ['fraction', 'utc', 'offset']);
    assert.deepEqual(s.deploys.map((d) => d.version), ['v2', 'v1']);
  });

  it('errors by count, deploys newest first', () => {
    const s = build([
      part('sentry', { errors: [error('few', 3), error('many', 300)], deploys: [deploy('v1', '2026-01-01T08:00:00Z')] }),
      part('sentry', { errors: [error('some', 30)], deploys: [deploy('v3', '2026-01-02T08:00:00Z'), deploy('v2', '2026-01-01T09:00:00Z')] }),
    ]);
    assert.deepEqual(s.errors.map((e) => e.id), ['many', 'some', 'few']);
    assert.deepEqual(s.deploys.map((d) => d.version), ['v3', 'v2', 'v1']);
  });

  it('metrics come from the part that has them; health is scored from them and the incidents', () => {
    const s = build([part('alertmanager', { incidents: [] }), part('prometheus', { metrics: metrics(5, 0.02) })]);
    assert.equal(s.current.throughput, 5);
    assert.equal(s.previous?.throughput, 1);
    assert.equal(s.routes.length, 1);
    assert.deepEqual(s.series.throughput, [{ t: 1, v: 5 }]);
    assert.equal(s.status, 'degraded');
    assert.deepEqual(s.statusReasons, ['error ratio 2.0% ≥ 1.0%']);
    assert.equal(s.fetchedAt, 42);
    assert.equal(s.stale, false);
  });

  it('custom thresholds are used', () => {
    const s = buildSnapshot({
      service: 'checkout', environment: 'production', window: '1h', windowMs: 3_600_000, now: 1, parts: [part('prometheus', { metrics: metrics(5, 0.02) })], backends: [ok('prometheus')],
      thresholds: { errorRatio: { degraded: 0.5, critical: 0.9 }, p95Seconds: { degraded: 10, critical: 20 } },
    });
    assert.equal(s.status, 'ok');
  });

  it('no parts: unknown with empty lists; a failed backend makes the snapshot stale', () => {
    const empty = build([], [ok('prometheus')]);
    assert.deepEqual([empty.status, empty.current, empty.routes, empty.incidents, empty.stale], ['unknown', { latency: {} }, [], [], false]);
    const failed = build([part('prometheus', { metrics: metrics(5, 0) })], [{ kind: 'prometheus', state: 'error', errorKind: 'network' }, ok('alertmanager')]);
    assert.equal(failed.stale, true);
    assert.equal(failed.current.throughput, 5);
    assert.equal(failed.backends.length, 2);
  });

  it('partsFromSnapshot: each backend\'s shown answer back as a part, dated by that answer; nothing for a backend that showed none', () => {
    const saved = build(
      [part('prometheus', { metrics: metrics(5, 0) }, 'http://p'), part('sentry', { errors: [error('e', 3)], deploys: [deploy('v1', '2026-01-01T08:00:00Z')] }, 'http://s')],
      [{ kind: 'prometheus', url: 'http://p', state: 'ok', lastSuccess: 1 }, { kind: 'sentry', url: 'http://s', state: 'error', lastSuccess: 1 }, { kind: 'pagerduty', url: 'http://pd', state: 'error', lastSuccess: 1 }],
    );
    // PagerDuty answered once (lastSuccess) but the snapshot shows nothing of it: nothing to restore.
    const parts = partsFromSnapshot(saved, [{ kind: 'prometheus', url: 'http://p' }, { kind: 'sentry', url: 'http://s' }, { kind: 'pagerduty', url: 'http://pd' }]);
    assert.deepEqual(parts.map((p) => [p.kind, p.at]), [['prometheus', 1], ['sentry', 1]]);
    assert.equal(parts[0].result.metrics?.current.throughput, 5);
    assert.deepEqual(parts[1].result.errors?.map((e) => e.id), ['e']);
    assert.deepEqual(parts[1].result.deploys?.map((d) => d.version), ['v1']);
    // A configuration that now has another URL gets nothing from the old one.
    assert.deepEqual(partsFromSnapshot(saved, [{ kind: 'sentry', url: 'http://elsewhere' }]), []);
  });
});
