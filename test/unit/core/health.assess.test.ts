import assert from 'node:assert/strict';
import { assessHealth, MIN_RECENT_REQUESTS, newErrors, recentFigures, windowCoverage, type HealthInput } from '../../../src/core/health';
import type { ErrorGroup, Incident, SeriesPoint } from '../../../src/core/model';

const HOUR = 3_600_000;
const MIN = 60_000;
const NOW = Date.parse('2026-12-05T12:00:00Z');

/** One point a minute over the last hour (as the 1h chart has), valued by minutes before now. */
function minutely(value: (minutesAgo: number) => number | undefined, from = 60): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (let ago = from; ago >= 0; ago--) {
    const v = value(ago);
    if (v !== undefined) points.push({ t: NOW - ago * MIN, v });
  }
  return points;
}

const input = (over: Partial<HealthInput>): HealthInput => ({
  incidents: [],
  incidentsKnown: false,
  errors: [],
  errorsKnown: false,
  now: NOW,
  windowMs: HOUR,
  windowLabel: '1h',
  ...over,
});

const group = (over: Partial<ErrorGroup>): ErrorGroup => ({ id: 'g', source: 'sentry', title: 'TypeError: x', level: 'error', count: 50, ...over });
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

describe('core/health assessHealth: the level from every backend, judged by what is current', () => {
  it('a window that was critical but is fine now is degraded, and says both figures', () => {
    // 20 req/s all hour; 30% errors until 20 minutes ago, none since: the hour averages about 20%.
    const series = { throughput: minutely(() => 20), errorRatio: minutely((ago) => (ago > 20 ? 0.3 : 0)) };
    const recent = recentFigures(series, NOW, HOUR)!;
    assert.equal(recent.errorRatio, 0);
    assert.ok(recent.requests! >= MIN_RECENT_REQUESTS);
    const verdict = assessHealth(input({ current: { throughput: 20, errorRatio: 0.2, latency: {} }, recent }));
    assert.equal(verdict.status, 'degraded');
    assert.match(verdict.reasons[0], /^error ratio 20% over 1h ≥ 5\.0%, but 0% in the last 5 min$/);
  });

  it('still failing now: critical as before', () => {
    const series = { throughput: minutely(() => 20), errorRatio: minutely(() => 0.2) };
    const verdict = assessHealth(input({ current: { throughput: 20, errorRatio: 0.2, latency: {} }, recent: recentFigures(series, NOW, HOUR) }));
    assert.deepEqual(verdict, { status: 'critical', reasons: ['error ratio 20% ≥ 5.0%'] });
  });

  it('traffic stopped ten minutes ago, no alert firing: not critical, and the reason says since when', () => {
    const series = { throughput: minutely((ago) => (ago > 10 ? 20 : 0)), errorRatio: minutely((ago) => (ago > 10 ? 0.2 : undefined)) };
    const recent = recentFigures(series, NOW, HOUR)!;
    assert.equal(recent.throughput, 0);
    assert.equal(recent.lastTrafficAt, NOW - 11 * MIN);
    const verdict = assessHealth(input({ current: { throughput: 16, errorRatio: 0.2, latency: {} }, recent, incidentsKnown: true }));
    assert.equal(verdict.status, 'degraded');
    assert.ok(verdict.reasons.includes('no requests since 11 min ago: the 1h figures describe earlier traffic'), verdict.reasons.join(' | '));
  });

  it('a breach that started in the last minutes raises the level before the window average does', () => {
    const series = { throughput: minutely(() => 20), errorRatio: minutely((ago) => (ago < 4 ? 0.4 : 0)) };
    const verdict = assessHealth(input({ current: { throughput: 20, errorRatio: 0.027, latency: {} }, recent: recentFigures(series, NOW, HOUR) }));
    assert.equal(verdict.status, 'critical');
    assert.match(verdict.reasons[0], /^error ratio \d+% in the last 5 min ≥ 5\.0% \(2\.7% over 1h\)$/);
  });

  it('too few recent requests never raise a level (one failure of three requests is not critical)', () => {
    const series = { throughput: minutely(() => 0.01), errorRatio: minutely((ago) => (ago < 3 ? 0.5 : 0)) };
    const recent = recentFigures(series, NOW, HOUR)!;
    assert.ok(recent.requests! < MIN_RECENT_REQUESTS);
    assert.equal(assessHealth(input({ current: { throughput: 0.01, errorRatio: 0.004, latency: {} }, recent })).status, 'ok');
  });

  it('p95 is judged the same way', () => {
    const series = { throughput: minutely(() => 20), p95: minutely((ago) => (ago > 30 ? 4 : 0.1)) };
    const verdict = assessHealth(input({ current: { throughput: 20, errorRatio: 0, latency: { p95: 2.5 } }, recent: recentFigures(series, NOW, HOUR) }));
    assert.equal(verdict.status, 'degraded');
    assert.match(verdict.reasons[0], /^p95 latency 2\.5 s over 1h ≥ 2\.0 s, but 100 ms in the last 5 min$/);
  });

  it('Sentry alone: ok when it answered with nothing new, degraded by a new error group still occurring', () => {
    const old = group({ id: 'old', firstSeen: iso(3 * HOUR), lastSeen: iso(MIN) });
    assert.deepEqual(assessHealth(input({ errors: [old], errorsKnown: true })), { status: 'ok', reasons: [] });
    const fresh = group({ id: 'new', title: 'TypeError: Cannot read properties of undefined', count: 778, firstSeen: iso(40 * MIN), lastSeen: iso(MIN) });
    const verdict = assessHealth(input({ errors: [old, fresh], errorsKnown: true }));
    assert.deepEqual(verdict, { status: 'degraded', reasons: ['new error in the last 1h, still occurring: TypeError: Cannot read properties of undefined (778 events)'] });
    // A new group that stopped, or a warning, does not count; nor does one without dates.
    const stopped = group({ firstSeen: iso(40 * MIN), lastSeen: iso(30 * MIN) });
    const warning = group({ level: 'warning', firstSeen: iso(40 * MIN), lastSeen: iso(MIN) });
    assert.deepEqual(newErrors([stopped, warning, group({})], NOW, HOUR), []);
  });

  it('a backend that never answered leaves its signals unknown without hiding the others', () => {
    // PagerDuty failed with nothing kept; Sentry returned 21 issues: the level comes from Sentry.
    const errors = Array.from({ length: 21 }, (_, i) => group({ id: String(i), firstSeen: iso(5 * HOUR), lastSeen: iso(MIN) }));
    const verdict = assessHealth(input({ errors, errorsKnown: true, unknown: [{ signals: 'incidents', backend: 'PagerDuty' }] }));
    assert.deepEqual(verdict, { status: 'ok', reasons: ['incidents unknown: PagerDuty has not answered'] });
    assert.equal(assessHealth(input({ unknown: [{ signals: 'incidents', backend: 'PagerDuty' }] })).status, 'unknown');
  });

  it('silenced and inhibited alerts never raise the level', () => {
    const alert = (status: Incident['status']): Incident => ({ id: status, source: 'alertmanager', kind: 'alert', title: 'x', severity: 'critical', status, startedAt: iso(MIN) });
    assert.deepEqual(assessHealth(input({ incidents: [alert('suppressed')], incidentsKnown: true })), { status: 'ok', reasons: [] });
    assert.equal(assessHealth(input({ incidents: [alert('suppressed'), alert('firing')], incidentsKnown: true })).status, 'critical');
  });
});

describe('core/health windowCoverage: how much of the window has data', () => {
  it('a service that started five minutes ago covers a twelfth of the hour', () => {
    const coverage = windowCoverage(minutely((ago) => (ago <= 5 ? 20 : undefined)), NOW, HOUR)!;
    assert.equal(coverage.since, NOW - 5 * MIN);
    assert.ok(Math.abs(coverage.fraction - 5 / 60) < 1e-9, String(coverage.fraction));
  });

  it('data from the window start (within a chart step and a half) covers all of it', () => {
    assert.deepEqual(windowCoverage(minutely(() => 1), NOW, HOUR), { since: NOW - HOUR, fraction: 1 });
    assert.deepEqual(windowCoverage(minutely(() => 1, 59), NOW, HOUR), { since: NOW - HOUR, fraction: 1 });
    assert.equal(windowCoverage([], NOW, HOUR), undefined);
    assert.equal(windowCoverage(undefined, NOW, HOUR), undefined);
  });
});
