// RefreshService with fake sources and an injected clock: backoff, rate limits, staleness, persistence,
// settings changes and single flight, all without a server or a timer.
import assert from 'node:assert/strict';
import { BackendError } from '../../../src/backends/errors';
import type { DetectedService } from '../../../src/core/detect/services';
import type { Logger } from '../../../src/core/log';
import type { BackendKind, BackendStatus, HealthSnapshot, Incident } from '../../../src/core/model';
import { parseTimeWindow, type TimeWindow } from '../../../src/core/timeWindow';
import { RefreshService, type RefreshSettings, type SnapshotStore } from '../../../src/services/refreshService';
import type { BackendSource } from '../../../src/services/sources/types';
import { FakeSource, metrics } from './fakeSources';

const T0 = 1_767_225_600_000;
const SEC = 1000;
const MIN = 60 * SEC;

const alert: Incident = { id: 'a1', source: 'alertmanager', kind: 'alert', title: 'Down', severity: 'warning', status: 'firing', startedAt: '2026-01-01T00:00:00Z' };

class MemoryStore implements SnapshotStore {
  readonly saved: HealthSnapshot[] = [];
  loads = 0;
  constructor(
    private readonly stored?: HealthSnapshot,
    private readonly failLoad = false,
  ) {}
  async load(): Promise<HealthSnapshot | undefined> {
    this.loads++;
    if (this.failLoad) throw new Error('disk on fire');
    return this.stored;
  }
  async save(snapshot: HealthSnapshot): Promise<void> {
    this.saved.push(snapshot);
  }
}

const checkout: DetectedService = { name: 'checkout', folders: [''], environments: [], evidence: [] };

interface Setup {
  service: RefreshService;
  prom: FakeSource;
  am: FakeSource;
  clock: { now: number };
  settings: RefreshSettings;
  warnings: string[];
  store: MemoryStore;
}

function setup(options: { store?: MemoryStore; window?: TimeWindow } = {}): Setup {
  const prom = new FakeSource('prometheus', 'http://prom:9090');
  const am = new FakeSource('alertmanager', 'http://am:9093');
  prom.answer = () => ({ metrics: metrics(5) });
  am.answer = () => ({ incidents: [alert] });
  const clock = { now: T0 };
  const settings: RefreshSettings = { window: options.window ?? parseTimeWindow('1h')!, environment: 'production' };
  const warnings: string[] = [];
  const log: Logger = { error() {}, info() {}, debug() {}, warn: (m: string) => warnings.push(m) };
  const store = options.store ?? new MemoryStore();
  // A copy per call, as the configuration wrapper gives: a refresh keeps the settings it started with.
  const service = new RefreshService({ sourcesFor: () => [prom, am], settings: () => ({ ...settings }), store, log, now: () => clock.now });
  return { service, prom, am, clock, settings, warnings, store };
}

function status(s: HealthSnapshot, kind: BackendKind): BackendStatus {
  const found = s.backends.find((b) => b.kind === kind);
  assert.ok(found, `no ${kind} status`);
  return found;
}

const networkDown = () => Promise.reject(new BackendError('network', 'connection refused', { origin: 'http://prom:9090' }));

describe('services/refreshService RefreshService', () => {
  it('merges the sources into one snapshot and saves it', async () => {
    const { service, store } = setup();
    const s = await service.refresh(checkout);
    assert.equal(s.current.throughput, 5);
    assert.deepEqual(s.incidents, [alert]);
    assert.deepEqual(s.backends.map((b) => [b.kind, b.state, b.lastSuccess]), [['prometheus', 'ok', T0], ['alertmanager', 'ok', T0]]);
    assert.equal(s.stale, false);
    assert.equal(s.fetchedAt, T0);
    assert.equal(service.snapshot('checkout'), s);
    assert.deepEqual(store.saved, [], 'persisted after the refresh has answered, not on its path');
    await service.flushSaves();
    assert.deepEqual(store.saved, [s]);
  });

  it('persists once per burst: the newest snapshot, on the next turn of the event loop', async () => {
    const { service, store, prom } = setup();
    const first = await service.refresh(checkout);
    prom.answer = () => ({ metrics: metrics(9) });
    const second = await service.refresh(checkout, { force: true });
    assert.notEqual(first, second);
    assert.deepEqual(store.saved, []);
    // A 0 ms timer armed after the save's fires after it: the write has started by then.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(store.saved, [second]);
  });

  it('dispose still writes what was handed over before it', async () => {
    const { service, store } = setup();
    const s = await service.refresh(checkout);
    service.dispose();
    await service.flushSaves();
    assert.deepEqual(store.saved, [s]);
  });

  it('single flight: concurrent refreshes share one fetch per source; changes are announced at start and end', async () => {
    const { service, prom, am } = setup();
    const events: boolean[] = [];
    service.onDidChange((name) => name === 'checkout' && events.push(service.isRefreshing('checkout')));
    const a = service.refresh(checkout);
    const b = service.refresh(checkout);
    assert.equal(a, b);
    assert.equal(service.isRefreshing('checkout'), true);
    await Promise.all([a, b]);
    assert.equal(prom.fetches.length, 1);
    assert.equal(am.fetches.length, 1);
    assert.equal(service.isRefreshing('checkout'), false);
    assert.equal(events[0], true);
    assert.equal(events.at(-1), false);
    await service.refresh(checkout);
    assert.equal(prom.fetches.length, 2, 'a later refresh fetches again');
  });

  it('passes the window, environment, clock and a live signal to each source', async () => {
    const { service, prom } = setup();
    await service.refresh(checkout);
    const ctx = prom.fetches[0];
    assert.deepEqual([ctx.window.label, ctx.environment, ctx.now, ctx.service.name, ctx.signal.aborted], ['1h', 'production', T0, 'checkout', false]);
  });

  it('a failing backend keeps its last good data, marked stale, with a sentence naming it; the other is unaffected', async () => {
    const { service, prom, clock, warnings } = setup();
    await service.refresh(checkout);
    prom.answer = networkDown;
    clock.now = T0 + 5 * MIN;
    const s = await service.refresh(checkout);
    assert.equal(s.stale, true);
    assert.equal(s.current.throughput, 5, 'last good metrics kept');
    assert.deepEqual(s.incidents, [alert]);
    const p = status(s, 'prometheus');
    assert.deepEqual([p.state, p.errorKind, p.lastSuccess, p.lastAttempt], ['error', 'network', T0, T0 + 5 * MIN]);
    assert.equal(p.error, 'Prometheus at http://prom:9090 cannot be reached (connection refused): check the URL, VPN or proxy.');
    assert.equal(status(s, 'alertmanager').state, 'ok');
    assert.deepEqual(warnings, [`checkout: ${p.error}`]);
  });

  it('a non-BackendError failure becomes badResponse, not a crash', async () => {
    const { service, prom } = setup();
    prom.answer = () => Promise.reject(new TypeError('x is undefined'));
    const s = await service.refresh(checkout);
    assert.equal(status(s, 'prometheus').errorKind, 'badResponse');
    assert.match(status(s, 'prometheus').error!, /^Prometheus sent an answer ProdLens cannot read \(x is undefined\)/);
  });

  it('backoff doubles from 30 s to a 10 min cap; nothing is fetched before retryAt', async () => {
    const { service, prom, am, clock } = setup();
    prom.answer = networkDown;
    const delays = [30, 60, 120, 240, 480, 600, 600].map((s) => s * SEC);
    for (const [i, delay] of delays.entries()) {
      const attemptAt = clock.now;
      const s = await service.refresh(checkout);
      assert.equal(prom.fetches.length, i + 1);
      assert.equal(status(s, 'prometheus').retryAt, attemptAt + delay, `failure ${i + 1}`);
      clock.now = attemptAt + delay - 1;
      const waiting = await service.refresh(checkout);
      assert.equal(prom.fetches.length, i + 1, `no request 1 ms before retryAt (failure ${i + 1})`);
      assert.deepEqual([status(waiting, 'prometheus').state, status(waiting, 'prometheus').lastAttempt, status(waiting, 'prometheus').retryAt], ['error', attemptAt, attemptAt + delay]);
      // Prometheus never answered: nothing of it is shown, so nothing is stale (its metrics are unknown instead).
      assert.equal(waiting.stale, false);
      assert.ok(waiting.statusReasons.includes('request metrics unknown: Prometheus has not answered'), waiting.statusReasons.join(' | '));
      clock.now = attemptAt + delay;
    }
    assert.equal(am.fetches.length, 2 * delays.length, 'the healthy backend is asked every time');
  });

  it('a success resets the backoff', async () => {
    const { service, prom, clock } = setup();
    prom.answer = networkDown;
    await service.refresh(checkout);
    clock.now += 30 * SEC;
    await service.refresh(checkout);
    clock.now += 60 * SEC;
    prom.answer = () => ({ metrics: metrics(7) });
    const ok = await service.refresh(checkout);
    assert.equal(status(ok, 'prometheus').retryAt, undefined);
    assert.equal(ok.stale, false);
    prom.answer = networkDown;
    const again = await service.refresh(checkout);
    assert.equal(status(again, 'prometheus').retryAt, clock.now + 30 * SEC);
  });

  it("a rate limit's retryAt is honoured when later than the backoff, and the backoff when it is sooner", async () => {
    const { service, prom, clock } = setup();
    prom.answer = () => Promise.reject(new BackendError('rateLimited', 'slow down', { status: 429, retryAt: T0 + 3600 * SEC }));
    const s = await service.refresh(checkout);
    assert.equal(status(s, 'prometheus').retryAt, T0 + 3600 * SEC);
    assert.equal(status(s, 'prometheus').errorKind, 'rateLimited');
    clock.now = T0 + 10 * MIN;
    await service.refresh(checkout);
    assert.equal(prom.fetches.length, 1, 'still rate limited after the 30 s backoff');
    clock.now = T0 + 3600 * SEC;
    prom.answer = () => Promise.reject(new BackendError('rateLimited', 'slow down', { status: 429, retryAt: clock.now + 1 * SEC }));
    const soon = await service.refresh(checkout);
    assert.equal(prom.fetches.length, 2);
    assert.equal(status(soon, 'prometheus').retryAt, clock.now + 60 * SEC, 'second failure: 60 s backoff beats a 1 s retry-after');
  });

  it('force: true ignores the backoff', async () => {
    const { service, prom } = setup();
    prom.answer = networkDown;
    await service.refresh(checkout);
    await service.refresh(checkout);
    assert.equal(prom.fetches.length, 1);
    await service.refresh(checkout, { force: true });
    assert.equal(prom.fetches.length, 2);
  });

  it('a forced refresh does not join a non-forced one that skips a backend in backoff', async () => {
    const { service, prom, am } = setup();
    prom.answer = networkDown;
    await service.refresh(checkout);
    let release!: () => void;
    am.answer = () => new Promise((resolve) => (release = () => resolve({ incidents: [alert] })));
    const polling = service.refresh(checkout);
    prom.answer = () => ({ metrics: metrics(9) });
    const forced = service.refresh(checkout, { force: true });
    am.answer = () => ({ incidents: [alert] });
    release();
    await polling;
    const s = await forced;
    assert.equal(prom.fetches.length, 2, 'the user asked: the backend in backoff is tried');
    assert.equal(s.stale, false);
    assert.equal(s.current.throughput, 9);
  });

  it('restore: the persisted snapshot is shown as stale until the first refresh answers', async () => {
    const saved = { ...(await setup().service.refresh(checkout)), fetchedAt: T0 - 3600 * SEC };
    const { service, store, prom } = setup({ store: new MemoryStore(saved) });
    let changes = 0;
    service.onDidChange(() => changes++);
    await service.restore('checkout');
    const restored = service.snapshot('checkout')!;
    assert.equal(restored.stale, true);
    assert.equal(restored.fetchedAt, T0 - 3600 * SEC);
    assert.equal(restored.current.throughput, 5);
    assert.equal(changes, 1);
    assert.equal(saved.stale, false, 'the stored object is not modified');
    await service.restore('checkout');
    assert.equal(store.loads, 1, 'read once');
    prom.answer = () => ({ metrics: metrics(8) });
    const fresh = await service.refresh(checkout);
    assert.equal(fresh.stale, false);
    assert.equal(service.snapshot('checkout')?.current.throughput, 8);
  });

  it('restore never replaces a fresher snapshot, and a failing store is logged, not thrown', async () => {
    const older = { ...(await setup().service.refresh(checkout)), fetchedAt: 1 };
    const a = setup({ store: new MemoryStore(older) });
    const fresh = await a.service.refresh(checkout);
    await a.service.restore('checkout');
    assert.equal(a.service.snapshot('checkout'), fresh);
    const b = setup({ store: new MemoryStore(undefined, true) });
    await b.service.restore('checkout');
    assert.equal(b.service.snapshot('checkout'), undefined);
    assert.match(b.warnings[0], /^Could not read the saved snapshot of checkout:/);
  });

  it('a window change drops the parts fetched for the old window: a failure then shows no old-window data', async () => {
    const { service, prom, settings, clock } = setup();
    await service.refresh(checkout);
    settings.window = parseTimeWindow('6h')!;
    prom.answer = networkDown;
    clock.now += MIN;
    const s = await service.refresh(checkout);
    assert.equal(s.window, '6h');
    assert.equal(s.current.throughput, undefined, '1h metrics must not be shown as 6h');
    assert.deepEqual(s.routes, []);
    assert.deepEqual(s.incidents, [alert], 'the healthy backend answered for the new window');
    assert.equal(prom.fetches.at(-1)?.window.label, '6h');
  });

  it('an environment change drops the old parts too', async () => {
    const { service, prom, settings } = setup();
    await service.refresh(checkout);
    settings.environment = 'staging';
    prom.answer = networkDown;
    const s = await service.refresh(checkout, { force: true });
    assert.equal(s.environment, 'staging');
    assert.equal(s.current.throughput, undefined);
  });

  it('a refresh after a settings change does not join one still running with the old settings', async () => {
    const { service, prom, settings } = setup();
    let release!: () => void;
    prom.answer = () => new Promise((resolve) => (release = () => resolve({ metrics: metrics(1) })));
    const old = service.refresh(checkout);
    settings.window = parseTimeWindow('24h')!;
    prom.answer = () => ({ metrics: metrics(24) });
    const next = service.refresh(checkout, { force: true });
    release();
    assert.equal((await old).window, '1h');
    const s = await next;
    assert.equal(s.window, '24h');
    assert.equal(s.current.throughput, 24);
    assert.equal(service.snapshot('checkout'), s, 'the newest settings win');
    assert.equal(service.isRefreshing('checkout'), false);
  });

  it('a source that disappears from the configuration takes its data and status with it', async () => {
    const prom = new FakeSource('prometheus', 'http://prom:9090');
    const am = new FakeSource('alertmanager', 'http://am:9093');
    prom.answer = () => ({ metrics: metrics(5) });
    let sources: BackendSource[] = [prom, am];
    const service = new RefreshService({ sourcesFor: () => sources, settings: () => ({ window: parseTimeWindow('1h')!, environment: 'p' }), log: { error() {}, warn() {}, info() {}, debug() {} }, now: () => T0 });
    await service.refresh(checkout);
    sources = [am];
    const s = await service.refresh(checkout);
    assert.deepEqual(s.backends.map((b) => b.kind), ['alertmanager']);
    assert.equal(s.current.throughput, undefined);
  });

  it('dispose aborts the fetches in flight and stores nothing afterwards', async () => {
    const { service, prom, store } = setup();
    let seen: AbortSignal | undefined;
    prom.answer = (ctx) => {
      seen = ctx.signal;
      return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new BackendError('cancelled', 'cancelled'))));
    };
    const pending = service.refresh(checkout);
    service.dispose();
    assert.equal(seen?.aborted, true);
    const s = await pending;
    assert.equal(status(s, 'prometheus').errorKind, 'cancelled');
    assert.equal(service.snapshot('checkout'), undefined);
    assert.deepEqual(store.saved, []);
  });
});
