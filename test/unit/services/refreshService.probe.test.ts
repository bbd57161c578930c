// RefreshService's readiness probe during backoff, with fake sources and an injected clock: which failures
// are probed, what a failed or answered probe changes, how often a probe goes out, and its deadline. No
// timer is waited on except the probe deadline itself, which one test awaits through the refresh it ends.
import assert from 'node:assert/strict';
import { BackendError, type BackendErrorKind } from '../../../src/backends/errors';
import type { DetectedService } from '../../../src/core/detect/services';
import type { Logger } from '../../../src/core/log';
import type { BackendKind, BackendStatus, HealthSnapshot } from '../../../src/core/model';
import { parseTimeWindow } from '../../../src/core/timeWindow';
import { RefreshService } from '../../../src/services/refreshService';
import type { BackendSource } from '../../../src/services/sources/types';
import { FakeSource, metrics } from './fakeSources';

const T0 = 1_767_225_600_000;
const SEC = 1000;
const MIN = 60 * SEC;

/** A source whose fetch and readiness probe answer as the test says, recording every call. */
class ProbingSource extends FakeSource {
  readonly probes: AbortSignal[] = [];
  probeAnswer: (signal: AbortSignal) => Promise<void> = () => Promise.reject(new BackendError('network', 'connection refused'));

  constructor(kind: BackendKind, url: string) {
    super(kind, url);
    this.answer = () => ({ metrics: metrics(5) });
  }

  probe(signal: AbortSignal): Promise<void> {
    this.probes.push(signal);
    return this.probeAnswer(signal);
  }
}

const checkout: DetectedService = { name: 'checkout', folders: [''], environments: [], evidence: [] };
const cart: DetectedService = { name: 'cart', folders: ['cart'], environments: [], evidence: [] };

const failWith = (kind: BackendErrorKind, details: BackendError['details'] = {}) => () => Promise.reject(new BackendError(kind, `${kind} failure`, { origin: 'http://prom:9090', ...details }));

function setup(options: { sources?: BackendSource[]; probeTimeoutMs?: number } = {}) {
  const prom = new ProbingSource('prometheus', 'http://prom:9090');
  const clock = { now: T0 };
  const debug: string[] = [];
  const info: string[] = [];
  const log: Logger = { error() {}, warn() {}, info: (m: string) => info.push(m), debug: (m: string) => debug.push(m) };
  const service = new RefreshService({
    sourcesFor: () => options.sources ?? [prom],
    settings: () => ({ window: parseTimeWindow('1h')!, environment: 'production' }),
    log,
    now: () => clock.now,
    probeTimeoutMs: options.probeTimeoutMs,
  });
  return { service, prom, clock, debug, info };
}

function status(s: HealthSnapshot, kind: BackendKind = 'prometheus'): BackendStatus {
  const found = s.backends.find((b) => b.kind === kind);
  assert.ok(found, `no ${kind} status`);
  return found;
}

/** A good refresh at T0, then a failure of `kind` one minute later; returns the failed status. */
async function goodThenFailing(setupResult: ReturnType<typeof setup>, kind: BackendErrorKind, details: BackendError['details'] = {}): Promise<BackendStatus> {
  const { service, prom, clock } = setupResult;
  await service.refresh(checkout);
  clock.now = T0 + MIN;
  prom.answer = failWith(kind, details);
  return status(await service.refresh(checkout));
}

describe('services/refreshService readiness probe during backoff', () => {
  for (const kind of ['network', 'timeout', 'tls', 'badResponse'] as const) {
    it(`${kind}: one probe per refresh while backing off; a failed probe changes neither the status nor the backoff`, async () => {
      const rig = setup();
      const { service, prom, clock } = rig;
      const failed = await goodThenFailing(rig, kind);
      assert.equal(failed.retryAt, T0 + MIN + 30 * SEC);
      assert.equal(failed.probing, true);
      assert.equal(prom.fetches.length, 2);

      clock.now = failed.retryAt - 1;
      const waiting = await service.refresh(checkout);
      assert.equal(prom.probes.length, 1, 'one probe');
      assert.equal(prom.fetches.length, 2, 'no full fetch');
      const w = status(waiting);
      assert.deepEqual(
        [w.state, w.errorKind, w.error, w.lastAttempt, w.lastSuccess, w.retryAt, w.probing, w.lastProbe],
        ['error', kind, failed.error, failed.lastAttempt, T0, failed.retryAt, true, clock.now],
      );
      assert.equal(waiting.stale, true);
      assert.equal(waiting.current.throughput, 5, 'last good data kept');

      // At retryAt the full fetch goes out, and fails: the second failure in a row, 60 s, as without probes.
      clock.now = failed.retryAt!;
      const again = status(await service.refresh(checkout));
      assert.equal(prom.fetches.length, 3);
      assert.equal(prom.probes.length, 1, 'no probe at retryAt: the full fetch is the check');
      assert.equal(again.retryAt, clock.now + 60 * SEC, 'neither doubled nor reset by the failed probe');
      assert.equal(again.lastProbe, undefined, 'the full attempt is the latest news');
    });
  }

  for (const [kind, details] of [
    ['auth', { status: 401 }],
    ['notFound', { status: 404 }],
    ['rateLimited', { status: 429, retryAt: T0 + 20 * MIN }],
    ['cancelled', {}],
    ['config', {}],
    ['tooLarge', {}],
  ] as const) {
    it(`${kind}: no probe during backoff, nothing at all before retryAt`, async () => {
      const rig = setup();
      const { service, prom, clock } = rig;
      const failed = await goodThenFailing(rig, kind, details);
      assert.equal(failed.probing, undefined);
      for (let t = clock.now + MIN; t < failed.retryAt!; t += MIN) {
        clock.now = t;
        assert.equal(status(await service.refresh(checkout)).retryAt, failed.retryAt);
      }
      clock.now = failed.retryAt! - 1;
      await service.refresh(checkout);
      assert.equal(prom.probes.length, 0);
      assert.equal(prom.fetches.length, 2);
      if (kind === 'rateLimited') assert.equal(failed.retryAt, T0 + 20 * MIN, "Retry-After honoured: nothing before it");
    });
  }

  it('a probe that answers brings the full fetch into the same refresh: fresh data, backoff reset', async () => {
    const rig = setup();
    const { service, prom, clock, info } = rig;
    const failed = await goodThenFailing(rig, 'network');
    clock.now = failed.lastAttempt! + 10 * SEC;
    await service.refresh(checkout);
    clock.now = failed.retryAt! - 1;
    prom.probeAnswer = async () => {};
    prom.answer = () => ({ metrics: metrics(9) });
    const back = await service.refresh(checkout);
    assert.equal(prom.probes.length, 2);
    assert.equal(prom.fetches.length, 3, 'fetched in the refresh whose probe answered');
    assert.equal(back.stale, false);
    assert.equal(back.current.throughput, 9);
    const p = status(back);
    assert.deepEqual([p.state, p.lastSuccess, p.lastAttempt, p.retryAt, p.errorKind, p.probing, p.lastProbe], ['ok', clock.now, clock.now, undefined, undefined, undefined, undefined]);
    assert.deepEqual(info, ['Prometheus at http://prom:9090 answers again: refreshing it now.']);

    // A new failure starts the backoff from 30 s again.
    clock.now += MIN;
    prom.answer = failWith('network');
    assert.equal(status(await service.refresh(checkout)).retryAt, clock.now + 30 * SEC);
  });

  it('a probe that answers, then a full fetch that fails: the backoff doubles as after any failed attempt', async () => {
    const rig = setup();
    const { service, prom, clock } = rig;
    const failed = await goodThenFailing(rig, 'badResponse');
    clock.now = failed.retryAt! - 1;
    prom.probeAnswer = async () => {};
    const s = status(await service.refresh(checkout));
    assert.equal(prom.probes.length, 1);
    assert.equal(prom.fetches.length, 3);
    assert.deepEqual([s.state, s.errorKind, s.lastAttempt, s.retryAt], ['error', 'badResponse', clock.now, clock.now + 60 * SEC]);
  });

  it('a probe refused with 401 or 404 is an answer: the full fetch shows the real error, and probing stops', async () => {
    for (const [kind, code] of [['auth', 401], ['notFound', 404]] as const) {
      const rig = setup();
      const { service, prom, clock } = rig;
      const failed = await goodThenFailing(rig, 'network');
      clock.now = failed.retryAt! - 1;
      prom.probeAnswer = failWith(kind, { status: code });
      prom.answer = failWith(kind, { status: code });
      const s = status(await service.refresh(checkout));
      assert.equal(prom.probes.length, 1);
      assert.equal(prom.fetches.length, 3, `${kind}: the full fetch went out after the probe`);
      assert.deepEqual([s.errorKind, s.probing, s.retryAt], [kind, undefined, clock.now + 60 * SEC]);
      // Refused is not down: no probe until the next full attempt.
      clock.now += MIN - 1;
      await service.refresh(checkout);
      assert.equal(prom.probes.length, 1, `${kind}: not probed again`);
      assert.equal(prom.fetches.length, 3);
    }
  });

  it('a probe answered with 429 counts as still down: Retry-After is for the full fetch too', async () => {
    const rig = setup();
    const { service, prom, clock } = rig;
    const failed = await goodThenFailing(rig, 'network');
    clock.now = failed.retryAt! - 1;
    prom.probeAnswer = failWith('rateLimited', { status: 429 });
    const s = status(await service.refresh(checkout));
    assert.equal(prom.probes.length, 1);
    assert.equal(prom.fetches.length, 2, 'no full fetch into a rate limit');
    assert.deepEqual([s.errorKind, s.retryAt], ['network', failed.retryAt]);
  });

  it('force ignores the backoff as before: a full fetch, no probe', async () => {
    const rig = setup();
    const { service, prom } = rig;
    await goodThenFailing(rig, 'network');
    prom.answer = () => ({ metrics: metrics(7) });
    const s = await service.refresh(checkout, { force: true });
    assert.equal(prom.probes.length, 0);
    assert.equal(prom.fetches.length, 3);
    assert.equal(s.stale, false);
  });

  it('one probe per refresh, even with concurrent callers, and one for two services on the same backend', async () => {
    const rig = setup();
    const { service, prom, clock } = rig;
    await service.refresh(cart);
    const failed = await goodThenFailing(rig, 'network');
    assert.equal(status(await service.refresh(cart)).retryAt, failed.retryAt, 'cart shares the backoff of the same Prometheus');
    assert.equal(prom.fetches.length, 3);
    clock.now = failed.retryAt! - 1;
    let answer!: (up: boolean) => void;
    prom.probeAnswer = () => new Promise<void>((resolve, reject) => (answer = (up) => (up ? resolve() : reject(new BackendError('network', 'refused')))));
    const a = service.refresh(checkout);
    const b = service.refresh(checkout);
    const c = service.refresh(cart);
    assert.equal(prom.probes.length, 1, 'one probe in flight for all three');
    answer(false);
    const [sa, sb, sc] = await Promise.all([a, b, c]);
    assert.equal(sa, sb);
    assert.equal(prom.probes.length, 1);
    assert.equal(prom.fetches.length, 3);
    assert.equal(status(sa).lastProbe, clock.now);
    assert.equal(status(sc).lastProbe, clock.now);
  });

  it('probes keep 10 s from the last request: none right after a failed fetch, none for a refresh burst', async () => {
    const rig = setup();
    const { service, prom, clock } = rig;
    await goodThenFailing(rig, 'network');
    const failedAt = clock.now;
    await service.refresh(checkout);
    clock.now = failedAt + 10 * SEC - 1;
    await service.refresh(checkout);
    assert.equal(prom.probes.length, 0, 'less than 10 s after the failed fetch');
    clock.now = failedAt + 10 * SEC;
    await service.refresh(checkout);
    assert.equal(prom.probes.length, 1);
    clock.now += 5 * SEC;
    const s = await service.refresh(checkout);
    assert.equal(prom.probes.length, 1, 'a refresh 5 s after a probe sends none');
    assert.equal(status(s).lastProbe, failedAt + 10 * SEC);
    clock.now += 10 * SEC;
    await service.refresh(checkout);
    assert.equal(prom.probes.length, 2);
  });

  it('a probe has its own short deadline: a backend that never answers is still down after it, and nothing throws', async () => {
    const rig = setup({ probeTimeoutMs: 20 });
    const { service, prom, clock, debug } = rig;
    const failed = await goodThenFailing(rig, 'timeout');
    clock.now = failed.retryAt! - 1;
    // Answers only when its signal aborts, as the HTTP client does.
    prom.probeAnswer = (signal) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new BackendError('cancelled', 'the request was cancelled'))));
    const s = await service.refresh(checkout);
    assert.equal(prom.probes[0].aborted, true, 'the deadline aborted the probe');
    assert.deepEqual([status(s).errorKind, status(s).retryAt, status(s).lastProbe], ['timeout', failed.retryAt, clock.now]);
    assert.deepEqual(debug, ['Prometheus at http://prom:9090 is still down (readiness probe: no answer within 20 ms).']);
  });

  it("the probe's signal also follows the refresh's: dispose aborts a probe in flight", async () => {
    const rig = setup();
    const { service, prom, clock } = rig;
    const failed = await goodThenFailing(rig, 'network');
    clock.now = failed.retryAt! - 1;
    prom.probeAnswer = (signal) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new BackendError('cancelled', 'the request was cancelled'))));
    const pending = service.refresh(checkout);
    assert.equal(prom.probes.length, 1);
    service.dispose();
    assert.equal(prom.probes[0].aborted, true);
    assert.equal(status(await pending).errorKind, 'network');
  });

  it('a probe that throws, or rejects with a non-BackendError, counts as still down and never escapes', async () => {
    const rig = setup();
    const { service, prom, clock, debug } = rig;
    const failed = await goodThenFailing(rig, 'network');
    clock.now = failed.lastAttempt! + 10 * SEC;
    prom.probeAnswer = () => {
      throw new TypeError('x is undefined');
    };
    assert.equal((await service.refresh(checkout)).stale, true);
    clock.now += 10 * SEC;
    prom.probeAnswer = () => Promise.reject(new Error('token=secret'));
    assert.equal((await service.refresh(checkout)).stale, true);
    assert.equal(prom.probes.length, 2);
    assert.equal(prom.fetches.length, 2);
    assert.ok(debug.every((line) => !line.includes('secret')), debug.join('\n'));
  });

  it('a source without a probe (PagerDuty) backs off as before: nothing until retryAt', async () => {
    const pd = new FakeSource('pagerduty', 'https://api.pagerduty.com');
    const rig = setup({ sources: [pd] });
    const { service, clock } = rig;
    pd.answer = failWith('network');
    const failed = status(await service.refresh(checkout), 'pagerduty');
    assert.equal(failed.probing, undefined);
    clock.now = failed.retryAt! - 1;
    await service.refresh(checkout);
    assert.equal(pd.fetches.length, 1);
    clock.now = failed.retryAt!;
    await service.refresh(checkout);
    assert.equal(pd.fetches.length, 2);
  });
});
