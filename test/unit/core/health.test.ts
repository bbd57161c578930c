import assert from 'node:assert/strict';
import { assessHealth, DEFAULT_THRESHOLDS, type HealthThresholds } from '../../../src/core/health';

/** The window's figures and incidents alone: no chart, no error backend. */
const scoreHealth = (current: Rates | undefined, incidents: readonly Incident[], thresholds: HealthThresholds = DEFAULT_THRESHOLDS) =>
  assessHealth({ current, incidents, incidentsKnown: false, errors: [], errorsKnown: false, now: 0, windowMs: 3_600_000, windowLabel: 'the window' }, thresholds);
import type { Incident, IncidentStatus, Rates, Severity } from '../../../src/core/model';

function incident(severity: Severity, status: IncidentStatus): Incident {
  return { id: `${severity}-${status}`, source: 'alertmanager', kind: 'alert', title: 't', severity, status, startedAt: '2026-01-01T00:00:00Z' };
}

const rates = (errorRatio?: number, p95?: number, throughput = 10): Rates => ({ throughput, errorRatio, latency: { p95 } });

describe('core/health scoreHealth', () => {
  it('nothing known is unknown, never a false ok', () => {
    assert.deepEqual(scoreHealth(undefined, []), { status: 'unknown', reasons: [] });
    assert.deepEqual(scoreHealth({ latency: {} }, []), { status: 'unknown', reasons: [] });
  });

  it('traffic without errors or latency is ok', () => {
    assert.deepEqual(scoreHealth(rates(undefined), []), { status: 'ok', reasons: [] });
    assert.deepEqual(scoreHealth(rates(0, 0.1), []), { status: 'ok', reasons: [] });
  });

  it('error ratio thresholds are inclusive: degraded at 1%, critical at 5%', () => {
    assert.equal(scoreHealth(rates(0.0099), []).status, 'ok');
    assert.deepEqual(scoreHealth(rates(0.01), []), { status: 'degraded', reasons: ['error ratio 1.0% ≥ 1.0%'] });
    assert.equal(scoreHealth(rates(0.0499), []).status, 'degraded');
    assert.deepEqual(scoreHealth(rates(0.05), []), { status: 'critical', reasons: ['error ratio 5.0% ≥ 5.0%'] });
    assert.deepEqual(scoreHealth(rates(0.3), []), { status: 'critical', reasons: ['error ratio 30% ≥ 5.0%'] });
  });

  it('p95 thresholds: degraded at 0.5 s, critical at 2 s; the worse of both wins and both are explained', () => {
    assert.equal(scoreHealth(rates(0, 0.499), []).status, 'ok');
    assert.deepEqual(scoreHealth(rates(0, 0.5), []), { status: 'degraded', reasons: ['p95 latency 500 ms ≥ 500 ms'] });
    assert.deepEqual(scoreHealth(rates(0.02, 2), []), { status: 'critical', reasons: ['error ratio 2.0% ≥ 1.0%', 'p95 latency 2.0 s ≥ 2.0 s'] });
  });

  it('NaN and infinite ratios are ignored rather than scored', () => {
    assert.equal(scoreHealth(rates(NaN), []).status, 'ok');
    assert.equal(scoreHealth({ latency: { p95: NaN } }, []).status, 'unknown');
  });

  it('custom thresholds apply', () => {
    const strict: HealthThresholds = { errorRatio: { degraded: 0.001, critical: 0.002 }, p95Seconds: { degraded: 0.1, critical: 0.2 } };
    assert.equal(scoreHealth(rates(0.0015), [], strict).status, 'degraded');
    assert.equal(scoreHealth(rates(0, 0.25), [], strict).status, 'critical');
    assert.equal(scoreHealth(rates(0.0015), [], DEFAULT_THRESHOLDS).status, 'ok');
  });

  it('a firing or triggered critical incident is critical, even with perfect metrics', () => {
    for (const status of ['firing', 'triggered'] as const) {
      assert.deepEqual(scoreHealth(rates(0, 0.1), [incident('critical', status)]), { status: 'critical', reasons: ['1 open incident or alert (1 critical)'] });
    }
  });

  it('other open incidents degrade; resolved and silenced ones do not count', () => {
    assert.equal(scoreHealth(rates(0), [incident('warning', 'firing')]).status, 'degraded');
    assert.equal(scoreHealth(rates(0), [incident('critical', 'acknowledged')]).status, 'degraded');
    assert.equal(scoreHealth(rates(0), [incident('critical', 'pending')]).status, 'degraded');
    assert.deepEqual(scoreHealth(rates(0), [incident('critical', 'resolved'), incident('critical', 'suppressed')]), { status: 'ok', reasons: [] });
    assert.deepEqual(scoreHealth(undefined, [incident('error', 'firing'), incident('warning', 'triggered')]), { status: 'degraded', reasons: ['2 open incidents or alerts'] });
    // Incidents never lower a status the metrics set.
    assert.equal(scoreHealth(rates(0.5), [incident('info', 'firing')]).status, 'critical');
  });
});
