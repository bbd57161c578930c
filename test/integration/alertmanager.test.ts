import assert from 'node:assert/strict';
import { AlertmanagerClient } from '../../src/backends/alertmanager/alertmanagerClient';
import { codeLocationHint } from '../../src/backends/alertmanager/parse';
import type { AmMatcher } from '../../src/backends/alertmanager/types';
import { BackendError } from '../../src/backends/errors';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { Incident } from '../../src/core/model';
import { postJson, requireBinaries, startAlertmanager, type RunningServer } from './servers';

const http = createHttpClient({ version: 'integration-test' });

interface Injected {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const INJECTED: Injected[] = [
  {
    labels: { alertname: 'CheckoutErrors', service: 'checkout', severity: 'critical', code_filepath: '/app/src/orders.ts', code_lineno: '42' },
    annotations: { summary: '5xx above 5% on POST /api/orders', description: 'POST /api/orders fails 31% of requests' },
  },
  { labels: { alertname: 'CheckoutSlow', service: 'checkout', severity: 'info' }, annotations: { summary: 'p95 above 500 ms' } },
  { labels: { alertname: 'PaymentsDown', service: 'payments', severity: 'critical' }, annotations: {} },
];

const CHECKOUT: AmMatcher[] = [{ name: 'service', value: 'checkout' }];

/** Polls until `check` passes: Alertmanager applies new state asynchronously, so wait on it, never sleep. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Alertmanager 0.25 (real server, injected alerts)', function () {
  let am: RunningServer | undefined;
  let client: AlertmanagerClient;
  const startsAt = new Date(Date.now() - 60_000).toISOString();

  before(async function () {
    requireBinaries(this, ['alertmanager']);
    am = await startAlertmanager();
    client = new AlertmanagerClient({ baseUrl: am.url, http });
    const status = await postJson(
      `${am.url}/api/v2/alerts`,
      INJECTED.map((a) => ({ ...a, startsAt, generatorURL: 'http://prometheus.example/graph?g0.expr=up' })),
    );
    assert.equal(status, 200);
  });

  after(async () => {
    await am?.stop();
  });

  it('alerts(): service="checkout" matchers return exactly the injected checkout alerts as Incidents', async () => {
    const expected = INJECTED.filter((a) => a.labels.service === 'checkout');
    const incidents = await eventually(
      () => client.alerts({ matchers: CHECKOUT }),
      (list) => list.length === expected.length,
      'the injected alerts',
    );
    const byName = new Map(incidents.map((i) => [i.labels?.alertname, i]));
    for (const alert of expected) {
      const incident = byName.get(alert.labels.alertname) as Incident;
      assert.ok(incident, `missing ${alert.labels.alertname}`);
      assert.equal(incident.source, 'alertmanager');
      assert.equal(incident.kind, 'alert');
      assert.equal(incident.title, `${alert.labels.alertname}: ${alert.annotations.summary}`);
      assert.equal(incident.summary, alert.annotations.description ?? alert.annotations.summary);
      assert.equal(incident.severity, alert.labels.severity);
      assert.equal(incident.status, 'firing');
      assert.equal(Date.parse(incident.startedAt), Date.parse(startsAt));
      assert.equal(incident.url, 'http://prometheus.example/graph?g0.expr=up');
      assert.deepEqual(incident.labels, alert.labels);
      assert.match(incident.id, /^[0-9a-f]{16}$/);
    }
    const raw = await client.rawAlerts({ matchers: [{ name: 'alertname', value: 'CheckoutErrors' }] });
    assert.deepEqual(codeLocationHint(raw[0]), { path: '/app/src/orders.ts', line: 42 });
  });

  it('alerts(): regex and negative matchers are honoured by the server', async () => {
    const all = await client.alerts({ matchers: [{ name: 'alertname', value: 'Checkout.*', isRegex: true }, { name: 'severity', value: 'info', isEqual: false }] });
    assert.deepEqual(all.map((i) => i.labels?.alertname), ['CheckoutErrors']);
  });

  it('createSilence(): the silenced alert shows as suppressed, and silenced=false hides it', async () => {
    const id = await client.createSilence({
      matchers: [{ name: 'alertname', value: 'CheckoutErrors' }],
      durationMs: 3_600_000,
      createdBy: 'prodlens-integration-test',
      comment: 'deploying the fix',
    });
    assert.match(id, /^[0-9a-f-]{36}$/);
    const incidents = await eventually(
      () => client.alerts({ matchers: CHECKOUT }),
      (list) => list.some((i) => i.status === 'suppressed'),
      'the silence to apply',
    );
    const status = new Map(incidents.map((i) => [i.labels?.alertname, i.status]));
    assert.deepEqual(Object.fromEntries(status), { CheckoutErrors: 'suppressed', CheckoutSlow: 'firing' });
    const raw = await client.rawAlerts({ matchers: [{ name: 'alertname', value: 'CheckoutErrors' }] });
    assert.deepEqual(raw[0].status.silencedBy, [id]);
    const unsilenced = await client.alerts({ matchers: CHECKOUT, silenced: false });
    assert.deepEqual(unsilenced.map((i) => i.labels?.alertname), ['CheckoutSlow']);
  });

  it("createSilence(): Alertmanager's validation message comes back as badResponse", async () => {
    const err = await client
      .createSilence({ matchers: [{ name: 'alertname', value: '(', isRegex: true }], durationMs: 60_000, createdBy: 'x', comment: 'y' })
      .then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
    assert.ok(err instanceof BackendError);
    assert.equal(err.kind, 'badResponse');
    assert.equal(err.details.status, 400);
    assert.match(err.message, /invalid regular expression/);
  });
});

describe('Alertmanager (stopped server)', function () {
  before(function () {
    requireBinaries(this, ['alertmanager']);
  });

  it('a dead server gives BackendError network', async () => {
    const am = await startAlertmanager();
    const client = new AlertmanagerClient({ baseUrl: am.url, http });
    assert.deepEqual(await client.alerts(), []);
    await am.stop();
    const err = await client.alerts().then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof BackendError);
    assert.equal(err.kind, 'network');
    assert.equal(err.details.origin, am.url);
  });
});
