// A window only partly covered by data, and a service whose traffic stopped, against a real Prometheus:
// the snapshot says how much of the window has data, and the level judges the window by what is current.
import assert from 'node:assert/strict';
import { createHttpClient } from '../../src/backends/http/httpClient';
import { PrometheusClient } from '../../src/backends/prometheus/prometheusClient';
import type { DetectedService } from '../../src/core/detect/services';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { coverageText } from '../../src/core/statusSummary';
import { buildSnapshot, partKey } from '../../src/services/snapshot';
import { PrometheusSource } from '../../src/services/sources/prometheusSource';
import { OpenMetricsBuilder } from '../builders/openMetrics';
import { requireBinaries, startPrometheus, type RunningServer } from './servers';

const STEP = 15;
const RATE = 20;

/**
 * prom-client counters of one job at RATE req/s (`errorShare` of them 500s), from `fromAgo` to `toAgo` seconds
 * before `end`; with `idleAfter`, the process stays up and scraped after `toAgo` but serves nothing.
 */
function traffic(b: OpenMetricsBuilder, job: string, end: number, opts: { fromAgo: number; toAgo: number; errorShare: number; scrapedUntilEnd?: boolean }): void {
  let ok = 0;
  let failed = 0;
  const last = opts.scrapedUntilEnd ? 0 : opts.toAgo;
  for (let ago = opts.fromAgo; ago >= last; ago -= STEP) {
    const t = end - ago;
    if (ago >= opts.toAgo && ago < opts.fromAgo) {
      failed += RATE * STEP * opts.errorShare;
      ok += RATE * STEP * (1 - opts.errorShare);
    }
    b.counter('http_requests', { job, instance: `${job}-1`, route: '/api/orders', method: 'POST', status: '200' }, Math.round(ok), t);
    b.counter('http_requests', { job, instance: `${job}-1`, route: '/api/orders', method: 'POST', status: '500' }, Math.round(failed), t);
  }
}

describe('window coverage and current health (real Prometheus 2.42)', function () {
  let prom: RunningServer | undefined;
  const end = Math.floor(Date.now() / 1000 / STEP) * STEP - STEP;
  const window = parseTimeWindow('1h')!;
  const http = createHttpClient({ version: 'integration-test' });

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool']);
    const b = new OpenMetricsBuilder();
    // Started five minutes ago, 10% errors since.
    traffic(b, 'fresh', end, { fromAgo: 300, toAgo: 0, errorShare: 0.1 });
    // Served an hour with 20% errors, then nothing for the last ten minutes (still running, still scraped).
    traffic(b, 'idle', end, { fromAgo: 3600, toAgo: 600, errorShare: 0.2, scrapedUntilEnd: true });
    // Failing all hour, still failing now.
    traffic(b, 'failing', end, { fromAgo: 3600, toAgo: 0, errorShare: 0.2 });
    prom = await startPrometheus({ openMetrics: b.build() });
  });

  after(async () => {
    await prom?.stop();
  });

  async function snapshotOf(job: string) {
    const service: DetectedService = { name: job, folders: [''], environments: ['production'], evidence: [] };
    const source = new PrometheusSource(prom!.url, new PrometheusClient({ baseUrl: prom!.url, http }), undefined);
    const now = end * 1000;
    const result = await source.fetch({ service, window, environment: 'production', now, signal: new AbortController().signal, deadline: Date.now() + 30_000 });
    return buildSnapshot({
      service: job,
      environment: 'production',
      window: '1h',
      windowMs: window.seconds * 1000,
      now,
      parts: [{ key: partKey('prometheus', prom!.url), kind: 'prometheus', result, at: now }],
      backends: [{ kind: 'prometheus', url: prom!.url, state: 'ok' }],
    });
  }

  it('a service that started five minutes ago: the window\'s average is low, and the snapshot says why', async () => {
    const s = await snapshotOf('fresh');
    // Prometheus averages the five minutes over the hour: about RATE / 12.
    assert.ok(s.current.throughput! < RATE / 6, `window throughput ${s.current.throughput}`);
    assert.ok(s.coverage, 'coverage is reported');
    assert.ok(s.coverage.fraction > 0.05 && s.coverage.fraction < 0.12, `coverage ${s.coverage.fraction}`);
    // The first points of the span still ramp up (rate over 2 min of a series 5 min old): within 15%.
    assert.ok(Math.abs(s.recent!.throughput! - RATE) < RATE * 0.15, `recent throughput ${s.recent!.throughput}`);
    assert.match(coverageText(s, end * 1000), /^metrics cover only the last [45] min of the 1h window \(\d+%\): request rates are averaged over the whole window$/);
    assert.equal(s.status, 'critical', '10% errors now, with enough requests to judge');
  });

  it('traffic stopped ten minutes ago, no alert: degraded with the reason, not critical', async () => {
    const s = await snapshotOf('idle');
    assert.ok(s.current.errorRatio! > 0.05, `the hour's error ratio ${s.current.errorRatio}`);
    assert.equal(s.recent!.throughput, 0);
    assert.equal(s.status, 'degraded');
    assert.ok(s.statusReasons.some((r) => /^no requests since (9|10|11) min ago: the 1h figures describe earlier traffic$/.test(r)), s.statusReasons.join(' | '));
    assert.equal(s.coverage!.fraction, 1);
  });

  it('still failing now: critical, with the window fully covered', async () => {
    const s = await snapshotOf('failing');
    assert.equal(s.status, 'critical');
    assert.deepEqual(s.coverage, { since: end * 1000 - 3_600_000, fraction: 1 });
    assert.ok(Math.abs(s.recent!.errorRatio! - 0.2) < 0.02, `recent error ratio ${s.recent!.errorRatio}`);
  });
});
