// Dead and misbehaving backends, against a real Prometheus and a real Alertmanager behind chaos proxies
// (chaosProxy.ts): slowed past the client's timeout, answering 500, reset mid-response, a closed port, a
// self-signed certificate, a host that does not resolve, and Prometheus killed mid-refresh then restarted on
// the same port. For each: the last good data stays and is marked stale, the failing backend's status says
// which backend and why, the other backend is unaffected, backoff holds the full refreshes to their schedule
// while it is dead and lets through one readiness probe per poll, and the first poll after it is back
// recovers, long before `retryAt`. Time is an injected clock; nothing sleeps (a probe's deadline is the one
// real timer, and only a test that lets it fire waits for it, through the refresh).
// Each case has its own RefreshService (own backoff, own clock) over the shared servers and proxies: a rig
// (chaosRig.ts, with the timings).
import assert from 'node:assert/strict';
import { AlertmanagerClient } from '../../src/backends/alertmanager/alertmanagerClient';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { BackendStatus, HealthSnapshot } from '../../src/core/model';
import { TEST_CA_PEM, TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from '../unit/backends/http/tlsFixture';
import { SELF_SIGNED_CERT_PEM, SELF_SIGNED_KEY_PEM, startChaosProxy, type ChaosProxy } from './chaosProxy';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, checkout, DNS_FAIL_URL, escape, isProbe, LABEL, makeRig, POLL_MS, PROBE_TARGET, PROBE_TIMEOUT_MS, SLOW_MS, status, type Rig } from './chaosRig';
import { postJson, requireBinaries, startAlertmanager, startPrometheus, type RunningServer } from './servers';
import { JOB, ROUTES, buildHistory, type History } from './trafficHistory';

describe('Chaos: dead and misbehaving Prometheus and Alertmanager', function () {
  let prom: RunningServer | undefined;
  let am: RunningServer | undefined;
  let history: History;
  let promProxy: ChaosProxy;
  let amProxy: ChaosProxy;
  let tlsFront: ChaosProxy;
  const proxies: ChaosProxy[] = [];
  const rigs: Rig[] = [];

  // Mocha re-emits an unhandled rejection from test code and passes the test anyway, so this file keeps its
  // own record and fails in `after`. Keyed by promise: mocha's re-emit delivers each one twice.
  const unhandled = new Map<Promise<unknown>, unknown>();
  const onUnhandled = (reason: unknown, promise: Promise<unknown>) => {
    unhandled.set(promise, reason);
  };

  /** A rig (chaosRig.ts) whose clock starts at the end of the history unless told otherwise; torn down in `after`. */
  function newRig(urls: { prometheus: string; alertmanager: string }, options: { caPem?: string; timeoutMs?: number; startMs?: number } = {}): Rig {
    const made = makeRig(urls, options.startMs ?? history.end * 1000, options);
    rigs.push(made);
    return made;
  }

  /** Both backends answer: nothing stale, metrics for every route, this service's two alerts. */
  async function goodRefresh(rig: Rig): Promise<HealthSnapshot> {
    const s = await rig.run();
    assert.equal(s.stale, false, JSON.stringify(s.backends));
    assert.deepEqual(s.backends.map((b) => [b.kind, b.state]), [['prometheus', 'ok'], ['alertmanager', 'ok']]);
    assert.deepEqual(s.routes.map((r) => r.name).sort(), ROUTES.map((r) => r.route).sort());
    assert.deepEqual(s.incidents.map((i) => i.title), ['CheckoutDown: checkout is down', 'CheckoutSlow: checkout is slow']);
    return s;
  }

  /** The failing backend's part is the last good one, marked stale; the other backend answered this refresh. */
  function assertStaleKept(s: HealthSnapshot, good: HealthSnapshot, rig: Rig, failing: 'prometheus' | 'alertmanager', errorKind: string, error: RegExp): BackendStatus {
    assert.equal(s.stale, true);
    const bad = status(s, failing);
    assert.equal(bad.state, 'error');
    assert.equal(bad.errorKind, errorKind, bad.error);
    assert.match(bad.error ?? '', error);
    assert.equal(bad.lastSuccess, status(good, failing).lastSuccess, 'lastSuccess is the last good answer');
    const healthy = status(s, failing === 'prometheus' ? 'alertmanager' : 'prometheus');
    assert.equal(healthy.state, 'ok');
    assert.equal(healthy.error, undefined);
    assert.equal(healthy.lastSuccess, rig.clock.now, 'the healthy backend answered this refresh');
    if (failing === 'prometheus') {
      assert.deepEqual(s.current, good.current);
      assert.deepEqual(s.routes, good.routes);
      assert.deepEqual(s.series, good.series);
      assert.deepEqual(s.incidents.map((i) => i.title), good.incidents.map((i) => i.title));
    } else {
      assert.deepEqual(s.incidents, good.incidents);
      assert.deepEqual(s.routes.map((r) => r.name).sort(), ROUTES.map((r) => r.route).sort());
    }
    return bad;
  }

  interface Chaos {
    failing: 'prometheus' | 'alertmanager';
    /** The URL the failing backend is configured with. */
    proxy: () => ChaosProxy;
    rigOptions?: { caPem?: string };
    breakIt(): Promise<void> | void;
    heal(): Promise<void> | void;
    errorKind: string;
    /** What follows "<Backend> at <origin> " in the status sentence. */
    error: RegExp;
    /** How far a failing attempt gets: an HTTP request, a connection (a refused TLS handshake), or nothing (a closed port). */
    reachesProxy: 'request' | 'connection' | 'nothing';
    /** How the probe sent while it is broken ends: its error kind, or `cancelled` when its own deadline ends it. */
    probeOutcome: string;
  }

  /** Where the rig's and the proxies' counters stand, to count what one refresh adds. */
  interface Marks {
    sent: number;
    requests: number;
    received: number;
    connections: number;
    other: number;
  }

  /**
   * Good refresh; one poll interval later the backend fails (stale, status, probing); a poll inside the 30 s
   * backoff sends it exactly one readiness probe, which fails and changes nothing; at `retryAt` the full
   * refresh fails again and the backoff doubles; it comes back, and the next poll, 30 s before the full retry
   * is due, probes, finds it back and recovers in the same refresh.
   */
  async function chaosStory(c: Chaos): Promise<void> {
    const proxy = c.proxy();
    const other = c.failing === 'prometheus' ? amProxy : promProxy;
    const rig = newRig(c.failing === 'prometheus' ? { prometheus: proxy.url, alertmanager: amProxy.url } : { prometheus: promProxy.url, alertmanager: proxy.url }, c.rigOptions);
    const good = await goodRefresh(rig);
    const error = new RegExp(`^${LABEL[c.failing]} at ${escape(proxy.url)} ${c.error.source}`);
    // Requests per refresh: Alertmanager 1, Prometheus 3 queries (its convention detected once, then cached).
    const perRefresh = (kind: 'prometheus' | 'alertmanager') => (kind === 'alertmanager' ? 1 : 3);
    const otherKind = c.failing === 'prometheus' ? 'alertmanager' : 'prometheus';
    const mark = (): Marks => ({ sent: rig.sent(proxy.url), requests: proxy.requests, received: proxy.received.length, connections: proxy.connections, other: other.requests });
    const sentSince = (m: Marks) => rig.log(proxy.url).slice(m.sent);

    rig.clock.now += POLL_MS;
    await c.breakIt();
    let counts = mark();
    const failed = await rig.run();
    const first = assertStaleKept(failed, good, rig, c.failing, c.errorKind, error);
    assert.equal(first.retryAt, rig.clock.now + BACKOFF_BASE_MS);
    assert.equal(first.probing, true, 'a backend that seems down is probed while it backs off');
    const attempt = sentSince(counts);
    assert.ok(attempt.length > 0, 'the failing backend was asked');
    assert.ok(attempt.every((r) => !isProbe(r)), 'with its refresh queries, not a probe');
    if (c.reachesProxy === 'request') assert.ok(proxy.requests > counts.requests, 'the request reached the proxy');
    if (c.reachesProxy === 'connection') {
      assert.ok(proxy.connections > counts.connections, 'the client connected');
      assert.equal(proxy.requests, counts.requests, 'but sent no request over a certificate it refused');
    }
    assert.equal(other.requests - counts.other, perRefresh(otherKind), 'the healthy backend is asked as usual');

    // Backing off: a poll before retryAt sends the dead backend one readiness probe, and nothing else.
    rig.clock.now = first.retryAt - 1;
    counts = mark();
    const waiting = await rig.run();
    const probes = sentSince(counts);
    assert.deepEqual(probes.map((r) => r.target), [PROBE_TARGET[c.failing]], 'exactly one request: the probe');
    assert.equal(probes[0].outcome, c.probeOutcome, 'the probe failed as the backend is broken');
    if (c.reachesProxy === 'request') {
      assert.deepEqual(proxy.received.slice(counts.received), [{ method: 'GET', url: PROBE_TARGET[c.failing] }], 'the probe, and only it, reached the proxy');
    } else {
      assert.equal(proxy.requests, counts.requests, 'no HTTP request got through');
      assert.equal(proxy.connections - counts.connections, c.reachesProxy === 'connection' ? 1 : 0, 'one connection at most, the probe\'s');
    }
    if (c.probeOutcome === 'cancelled') {
      // Ended by its own deadline, before the client's timeout: the refresh did not wait for the slow answer.
      assert.ok(rig.debug.includes(`${LABEL[c.failing]} at ${proxy.url} is still down (readiness probe: no answer within ${PROBE_TIMEOUT_MS} ms).`), rig.debug.join('\n'));
    }
    assert.equal(other.requests - counts.other, perRefresh(otherKind));
    assert.equal(waiting.stale, true);
    const w = status(waiting, c.failing);
    assert.deepEqual([w.retryAt, w.error, w.lastAttempt, w.lastProbe], [first.retryAt, first.error, first.lastAttempt, rig.clock.now], 'a failed probe changes neither the status nor the backoff');
    assertStaleKept(waiting, good, rig, c.failing, c.errorKind, error);

    // Still dead at retryAt: the full refresh, no probe, and the wait doubles.
    rig.clock.now = first.retryAt!;
    counts = mark();
    const again = await rig.run();
    const retried = sentSince(counts);
    assert.ok(retried.length > 0 && retried.every((r) => !isProbe(r)), 'retried at retryAt with the refresh queries');
    const second = assertStaleKept(again, good, rig, c.failing, c.errorKind, error);
    assert.equal(second.retryAt, rig.clock.now + 2 * BACKOFF_BASE_MS);

    // Back, inside the 60 s backoff: the next poll's probe finds it, and the same refresh recovers.
    await c.heal();
    rig.clock.now = first.retryAt + BACKOFF_BASE_MS;
    assert.ok(rig.clock.now < second.retryAt, 'a poll before the full retry is due');
    counts = mark();
    const back = await rig.run();
    assert.equal(back.stale, false, JSON.stringify(back.backends));
    const recovered = status(back, c.failing);
    assert.equal(recovered.state, 'ok');
    assert.equal(recovered.error, undefined);
    assert.equal(recovered.errorKind, undefined);
    assert.equal(recovered.retryAt, undefined);
    assert.equal(recovered.probing, undefined);
    assert.equal(recovered.lastSuccess, rig.clock.now);
    const recovery = sentSince(counts);
    assert.equal(recovery[0]?.target, PROBE_TARGET[c.failing], 'the probe first');
    assert.equal(recovery[0].outcome, 'ok');
    assert.equal(recovery.length, 1 + perRefresh(c.failing), 'then one full refresh');
    assert.ok(recovery.slice(1).every((r) => !isProbe(r) && r.outcome === 'ok'));
    assert.deepEqual(back.routes.map((r) => r.name).sort(), ROUTES.map((r) => r.route).sort());
    assert.deepEqual(back.incidents.map((i) => i.title), good.incidents.map((i) => i.title));
  }

  before(async function () {
    process.on('unhandledRejection', onUnhandled);
    requireBinaries(this, ['prometheus', 'promtool', 'alertmanager']);
    history = buildHistory(Math.floor(Date.now() / 1000));
    [prom, am] = await Promise.all([startPrometheus({ openMetrics: history.openMetrics }), startAlertmanager()]);
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    assert.equal(await postJson(`${am.url}/api/v2/alerts`, [
      { labels: { alertname: 'CheckoutDown', service: JOB, severity: 'critical' }, annotations: { summary: 'checkout is down' }, endsAt },
      { labels: { alertname: 'CheckoutSlow', service: JOB, severity: 'warning' }, annotations: { summary: 'checkout is slow' }, endsAt },
      { labels: { alertname: 'CartDown', service: 'cart', severity: 'critical' }, endsAt },
    ]), 200);
    const reader = new AlertmanagerClient({ baseUrl: am.url, http: createHttpClient({ version: 'chaos-test' }) });
    const deadline = Date.now() + 10_000;
    while ((await reader.rawAlerts()).length < 3) {
      assert.ok(Date.now() < deadline, 'Alertmanager never listed the posted alerts');
      await new Promise((r) => setTimeout(r, 50));
    }
    [promProxy, amProxy, tlsFront] = await Promise.all([
      startChaosProxy({ upstream: prom.url, slowDelayMs: SLOW_MS }),
      startChaosProxy({ upstream: am.url, slowDelayMs: SLOW_MS }),
      startChaosProxy({ upstream: prom.url, tls: { cert: TEST_SERVER_CERT_PEM, key: TEST_SERVER_KEY_PEM } }),
    ]);
    proxies.push(promProxy, amProxy, tlsFront);
  });

  // A failed case must not leave a proxy broken for the next one.
  afterEach(async () => {
    for (const p of proxies) {
      p.mode = 'pass';
      p.release();
      await p.reopen();
    }
    tlsFront?.setCertificate(TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM);
  });

  after(async () => {
    for (const r of rigs) r.refresh.dispose();
    await Promise.all(proxies.map((p) => p.close()));
    await Promise.all([prom?.stop(), am?.stop()]);
  });

  after('no unhandled promise rejection anywhere in this file', async () => {
    // Rejections are reported after the microtask queue drains: let one macrotask pass first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual([...unhandled.values()].map((r) => (r instanceof Error ? r.stack : String(r))), []);
  });

  it('Prometheus slowed past the client timeout: timeout, stale, backoff, a probe its own deadline cuts short, recovery at the next poll', async () => {
    await chaosStory({
      failing: 'prometheus',
      proxy: () => promProxy,
      breakIt: () => void (promProxy.mode = 'slow'),
      heal: () => void (promProxy.mode = 'pass'),
      errorKind: 'timeout',
      error: /did not answer in time/,
      reachesProxy: 'request',
      probeOutcome: 'cancelled',
    });
  });

  it('Prometheus answering 500: badResponse naming the status', async () => {
    await chaosStory({
      failing: 'prometheus',
      proxy: () => promProxy,
      breakIt: () => void (promProxy.mode = 'error500'),
      heal: () => void (promProxy.mode = 'pass'),
      errorKind: 'badResponse',
      error: /failed on its side \(HTTP 500\)/,
      reachesProxy: 'request',
      probeOutcome: 'badResponse',
    });
  });

  it('Prometheus connection reset mid-response (a gzip body cut in half): badResponse, cut off', async () => {
    await chaosStory({
      failing: 'prometheus',
      proxy: () => promProxy,
      breakIt: () => void (promProxy.mode = 'reset'),
      heal: () => void (promProxy.mode = 'pass'),
      errorKind: 'badResponse',
      error: /cut its answer off mid-way \(the answer was cut off or malformed at the HTTP level\)/,
      reachesProxy: 'request',
      probeOutcome: 'badResponse',
    });
  });

  it('Prometheus port closed: network, connection refused', async () => {
    await chaosStory({
      failing: 'prometheus',
      proxy: () => promProxy,
      breakIt: () => promProxy.refuse(),
      heal: () => promProxy.reopen(),
      errorKind: 'network',
      error: /cannot be reached \(connection refused\)/,
      reachesProxy: 'nothing',
      probeOutcome: 'network',
    });
  });

  it('Prometheus behind TLS whose certificate turns self-signed: tls, then trusted again', async () => {
    await chaosStory({
      failing: 'prometheus',
      proxy: () => tlsFront,
      // The user trusts the test CA (a private CA configured for this backend): the front starts with its leaf.
      rigOptions: { caPem: TEST_CA_PEM },
      breakIt: () => tlsFront.setCertificate(SELF_SIGNED_CERT_PEM, SELF_SIGNED_KEY_PEM),
      heal: () => tlsFront.setCertificate(TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM),
      errorKind: 'tls',
      error: /has a TLS certificate problem \(DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate\)/,
      reachesProxy: 'connection',
      probeOutcome: 'tls',
    });
  });

  it('Alertmanager slowed past the client timeout: timeout, last alerts kept, Prometheus unaffected, probe cut short by its deadline', async () => {
    await chaosStory({
      failing: 'alertmanager',
      proxy: () => amProxy,
      breakIt: () => void (amProxy.mode = 'slow'),
      heal: () => void (amProxy.mode = 'pass'),
      errorKind: 'timeout',
      error: /did not answer in time/,
      reachesProxy: 'request',
      probeOutcome: 'cancelled',
    });
  });

  it('Alertmanager answering 500: badResponse', async () => {
    await chaosStory({
      failing: 'alertmanager',
      proxy: () => amProxy,
      breakIt: () => void (amProxy.mode = 'error500'),
      heal: () => void (amProxy.mode = 'pass'),
      errorKind: 'badResponse',
      error: /failed on its side \(HTTP 500\)/,
      reachesProxy: 'request',
      probeOutcome: 'badResponse',
    });
  });

  it('Alertmanager connection reset mid-response: badResponse, cut off', async () => {
    await chaosStory({
      failing: 'alertmanager',
      proxy: () => amProxy,
      breakIt: () => void (amProxy.mode = 'reset'),
      heal: () => void (amProxy.mode = 'pass'),
      errorKind: 'badResponse',
      error: /cut its answer off mid-way \(the answer was cut off or malformed at the HTTP level\)/,
      reachesProxy: 'request',
      probeOutcome: 'badResponse',
    });
  });

  it('Alertmanager port closed: network, connection refused', async () => {
    await chaosStory({
      failing: 'alertmanager',
      proxy: () => amProxy,
      breakIt: () => amProxy.refuse(),
      heal: () => amProxy.reopen(),
      errorKind: 'network',
      error: /cannot be reached \(connection refused\)/,
      reachesProxy: 'nothing',
      probeOutcome: 'network',
    });
  });

  it('a Prometheus host that does not resolve: network naming the host, Alertmanager unaffected, backoff with one probe per poll', async () => {
    // A longer timeout: a resolver that is slow to say "no" must still read as DNS, not as a timeout.
    const rig = newRig({ prometheus: DNS_FAIL_URL, alertmanager: amProxy.url }, { timeoutMs: 10_000 });
    const s = await rig.run();
    // Prometheus never answered: nothing of it is shown (so nothing stale), and its metrics are said unknown.
    assert.equal(s.stale, false);
    assert.ok(s.statusReasons.includes('request metrics unknown: Prometheus has not answered'), s.statusReasons.join(' | '));
    const p = status(s, 'prometheus');
    assert.equal(p.errorKind, 'network');
    assert.match(p.error ?? '', /^Prometheus at http:\/\/prometheus\.invalid:9090 cannot be reached \((host not found|DNS lookup failed \(temporary\))\)/);
    assert.equal(p.lastSuccess, undefined, 'never reached');
    assert.equal(p.retryAt, rig.clock.now + BACKOFF_BASE_MS);
    assert.deepEqual(s.routes, []);
    assert.equal(status(s, 'alertmanager').state, 'ok');
    assert.deepEqual(s.incidents.map((i) => i.title), ['CheckoutDown: checkout is down', 'CheckoutSlow: checkout is slow']);

    rig.clock.now = p.retryAt - 1;
    const before = rig.sent(DNS_FAIL_URL);
    const amBefore = amProxy.requests;
    const waiting = await rig.run();
    assert.equal(waiting.stale, false, 'still nothing of Prometheus to show');
    assert.deepEqual(rig.log(DNS_FAIL_URL).slice(before).map((r) => r.target), [PROBE_TARGET.prometheus], 'one lookup during backoff, for the probe');
    assert.notEqual(rig.log(DNS_FAIL_URL)[before].outcome, 'ok');
    assert.equal(status(waiting, 'prometheus').retryAt, p.retryAt, 'the failed probe leaves the backoff alone');
    assert.equal(amProxy.requests - amBefore, 1);

    rig.clock.now = p.retryAt!;
    const again = await rig.run();
    const retried = rig.log(DNS_FAIL_URL).slice(before + 1);
    assert.equal(retried.length, 1, 'retried at retryAt (the detection query fails first)');
    assert.ok(!isProbe(retried[0]));
    assert.equal(status(again, 'prometheus').retryAt, rig.clock.now + 2 * BACKOFF_BASE_MS);
  });

  it('dead for 40 minutes of polling: full attempts at 0, 1, 2, 4, 8, 16, 26, 36 min, one probe at every other poll; backoff capped at 10 min; recovery at the first poll after the return', async () => {
    // Start 45 minutes before the history ends, so the recovery's queries still see the backfilled traffic.
    const rig = newRig({ prometheus: promProxy.url, alertmanager: amProxy.url }, { startMs: (history.end - 45 * 60) * 1000 });
    const start = rig.clock.now;
    await goodRefresh(rig);
    await promProxy.refuse();
    const attempts: number[] = [];
    const probes: number[] = [];
    const waits: number[] = [];
    const connectionsBefore = promProxy.connections;
    let amRequests = amProxy.requests;
    for (let t = 0; t <= 40 * 60_000; t += POLL_MS) {
      const minute = t / 60_000;
      rig.clock.now = start + POLL_MS + t;
      const before = rig.sent(promProxy.url);
      const s = await rig.run();
      const sent = rig.log(promProxy.url).slice(before);
      assert.equal(s.stale, true);
      assert.equal(amProxy.requests - amRequests, 1, 'Alertmanager is polled every interval');
      amRequests = amProxy.requests;
      const p = status(s, 'prometheus');
      assert.equal(p.errorKind, 'network');
      assert.equal(p.probing, true);
      if (sent.some(isProbe)) {
        assert.equal(sent.length, 1, `minute ${minute}: a poll between attempts sends the probe and nothing else`);
        assert.equal(sent[0].outcome, 'network');
        assert.ok(p.retryAt! > rig.clock.now, 'probed only while backing off');
        assert.equal(p.lastProbe, rig.clock.now);
        probes.push(minute);
      } else {
        assert.ok(sent.length > 0, `minute ${minute}: every poll asks something`);
        assert.equal(p.lastAttempt, rig.clock.now);
        attempts.push(minute);
        waits.push((p.retryAt! - rig.clock.now) / 1000);
      }
    }
    assert.equal(promProxy.connections, connectionsBefore, 'a closed port: nothing ever connected');
    assert.deepEqual(attempts, [0, 1, 2, 4, 8, 16, 26, 36], '8 full attempts in 41 polls, as without probes');
    const others = Array.from({ length: 41 }, (_, minute) => minute).filter((minute) => !attempts.includes(minute));
    assert.deepEqual(probes, others, 'one probe at each of the other 33 polls');
    assert.deepEqual(waits, [30, 60, 120, 240, 480, 600, 600, 600]);
    assert.ok(waits.every((w) => w * 1000 <= BACKOFF_CAP_MS));

    // Back at 40.5 min: the poll at 41 min recovers, 5 minutes before the full retry at 46 min was due.
    await promProxy.reopen();
    const retryAt = status(rig.refresh.snapshot(JOB)!, 'prometheus').retryAt!;
    rig.clock.now = start + POLL_MS + 41 * 60_000;
    assert.equal(retryAt - rig.clock.now, 5 * 60_000);
    const before = rig.sent(promProxy.url);
    const s = await rig.run();
    assert.equal(s.stale, false, JSON.stringify(s.backends));
    const p = status(s, 'prometheus');
    assert.deepEqual([p.state, p.lastSuccess, p.retryAt, p.probing], ['ok', rig.clock.now, undefined, undefined]);
    assert.deepEqual(s.routes.map((r) => r.name).sort(), ROUTES.map((r) => r.route).sort());
    const sent = rig.log(promProxy.url).slice(before);
    assert.equal(sent[0]?.target, PROBE_TARGET.prometheus, 'the probe first');
    // Then the full refresh: the convention, detected 42 minutes ago, has outlived its 10 min cache.
    assert.equal(sent.length, 1 + 1 + 3);
    assert.ok(sent.every((r) => r.outcome === 'ok'));
    assert.ok(sent.slice(1).every((r) => !isProbe(r)));
  });

  it('Prometheus killed mid-refresh and restarted on the same port: the refresh in flight ends stale, probes fail, then the next poll recovers', async () => {
    const rig = newRig({ prometheus: promProxy.url, alertmanager: amProxy.url });
    const good = await goodRefresh(rig);
    rig.clock.now += POLL_MS;

    // The refresh's three queries reach the proxy and wait there: they are in flight when Prometheus dies.
    promProxy.mode = 'hold';
    const arrived = promProxy.requests;
    const inFlight = rig.refresh.refresh(checkout);
    await promProxy.waitForRequests(arrived + 3);
    assert.equal(rig.refresh.isRefreshing(JOB), true);
    const port = prom!.port;
    await prom!.stop();
    promProxy.mode = 'pass';
    promProxy.release();
    const s = await inFlight;
    await rig.settled();
    const p = assertStaleKept(s, good, rig, 'prometheus', 'network', new RegExp(`^Prometheus at ${escape(promProxy.url)} cannot be reached \\(connection reset\\)`));
    assert.equal(p.retryAt, rig.clock.now + BACKOFF_BASE_MS);
    assert.equal(rig.refresh.isRefreshing(JOB), false);

    // Dead: during backoff one probe per poll reaches the proxy (which resets it); at retryAt the full
    // refresh is reset again and the wait doubles.
    rig.clock.now = p.retryAt - 1;
    let before = promProxy.received.length;
    const waiting = await rig.run();
    assert.equal(waiting.stale, true);
    assert.deepEqual(promProxy.received.slice(before), [{ method: 'GET', url: PROBE_TARGET.prometheus }]);
    assert.equal(status(waiting, 'prometheus').retryAt, p.retryAt);
    rig.clock.now = p.retryAt!;
    before = promProxy.received.length;
    const again = await rig.run();
    assert.ok(promProxy.received.length > before);
    assert.ok(promProxy.received.slice(before).every((r) => r.url !== PROBE_TARGET.prometheus), 'the full refresh, not a probe');
    const second = status(again, 'prometheus');
    assert.equal(second.errorKind, 'network');
    assert.equal(second.retryAt, rig.clock.now + 2 * BACKOFF_BASE_MS);

    // Restarted on the same port (with the same history): the next poll, 30 s before the full retry, recovers.
    prom = await startPrometheus({ openMetrics: history.openMetrics, port });
    assert.equal(prom.port, port);
    rig.clock.now = p.retryAt + BACKOFF_BASE_MS;
    assert.ok(rig.clock.now < second.retryAt);
    before = promProxy.received.length;
    const back = await rig.run();
    assert.equal(back.stale, false);
    assert.equal(status(back, 'prometheus').state, 'ok');
    assert.equal(status(back, 'prometheus').lastSuccess, rig.clock.now);
    const recovery = promProxy.received.slice(before);
    assert.equal(recovery[0]?.url, PROBE_TARGET.prometheus, 'the probe first');
    assert.equal(recovery.length, 1 + 3, 'then the three queries');
    assert.deepEqual(back.routes.map((r) => r.name).sort(), ROUTES.map((r) => r.route).sort());
  });
});
