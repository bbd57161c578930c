// Silenced and inhibited alerts from a real Alertmanager 0.25: ProdLens asks for them (silenced=true,
// inhibited=true) so it can show them as such, and they never count as active incidents in the level.
import assert from 'node:assert/strict';
import { AlertmanagerClient } from '../../src/backends/alertmanager/alertmanagerClient';
import { createHttpClient } from '../../src/backends/http/httpClient';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { incidentStateText } from '../../src/core/statusSummary';
import { renderStatusText } from '../../src/cli/status';
import { buildSnapshot, partKey } from '../../src/services/snapshot';
import { AlertmanagerSource } from '../../src/services/sources/alertmanagerSource';
import { postJson, requireBinaries, startAlertmanager, type RunningServer } from './servers';

// The maintenance alert inhibits CheckoutErrors of the same service (Alertmanager's own inhibition).
const CONFIG = JSON.stringify({
  route: { receiver: 'null', group_wait: '1s', group_interval: '1s' },
  receivers: [{ name: 'null' }],
  inhibit_rules: [{ source_matchers: ['alertname="ClusterMaintenance"'], target_matchers: ['alertname="CheckoutErrors"'], equal: ['service'] }],
});

const ALERTS = [
  { labels: { alertname: 'CheckoutDown', service: 'checkout', severity: 'critical' }, annotations: { summary: 'checkout is down' } },
  { labels: { alertname: 'CheckoutErrors', service: 'checkout', severity: 'critical' }, annotations: { summary: '5xx above 5%' } },
  { labels: { alertname: 'ClusterMaintenance', service: 'checkout', severity: 'info' }, annotations: { summary: 'node drain in progress' } },
];

describe('Alertmanager 0.25: silenced and inhibited alerts are shown as such and never raise the level', function () {
  let am: RunningServer | undefined;
  const http = createHttpClient({ version: 'integration-test' });

  before(async function () {
    requireBinaries(this, ['alertmanager']);
    am = await startAlertmanager({ config: CONFIG });
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    assert.equal(await postJson(`${am.url}/api/v2/alerts`, ALERTS.map((a) => ({ ...a, startsAt }))), 200);
    await new AlertmanagerClient({ baseUrl: am.url, http }).createSilence({
      matchers: [{ name: 'alertname', value: 'CheckoutDown' }],
      durationMs: 3_600_000,
      createdBy: 'prodlens-integration-test',
      comment: 'known outage, fix deploying',
    });
  });

  after(async () => {
    await am?.stop();
  });

  it('the source returns all three; the snapshot is degraded by the open info alert, not critical', async () => {
    const source = new AlertmanagerSource(am!.url, new AlertmanagerClient({ baseUrl: am!.url, http }), undefined);
    const window = parseTimeWindow('1h')!;
    const service = { name: 'checkout', folders: [''], environments: ['production'], evidence: [] };
    // Alertmanager applies silences and inhibitions asynchronously: wait for its state, never sleep.
    const deadline = Date.now() + 15_000;
    let incidents = (await source.fetch({ service, window, environment: 'production', now: Date.now(), signal: new AbortController().signal, deadline: Date.now() + 10_000 })).incidents!;
    while (incidents.filter((i) => i.status === 'suppressed').length < 2) {
      assert.ok(Date.now() < deadline, `suppression never applied: ${JSON.stringify(incidents.map((i) => [i.title, i.status]))}`);
      await new Promise((r) => setTimeout(r, 100));
      incidents = (await source.fetch({ service, window, environment: 'production', now: Date.now(), signal: new AbortController().signal, deadline: Date.now() + 10_000 })).incidents!;
    }
    const byName = new Map(incidents.map((i) => [i.labels?.alertname, i]));
    const silenced = byName.get('CheckoutDown')!;
    const inhibited = byName.get('CheckoutErrors')!;
    assert.equal(silenced.status, 'suppressed');
    assert.equal(silenced.suppressedBy?.silences.length, 1);
    assert.equal(incidentStateText(silenced), 'silenced');
    assert.equal(inhibited.status, 'suppressed');
    assert.equal(inhibited.suppressedBy?.inhibitors.length, 1, 'the inhibiting alert fingerprint');
    assert.equal(inhibited.suppressedBy?.inhibitors[0], byName.get('ClusterMaintenance')!.id);
    assert.equal(incidentStateText(inhibited), 'inhibited');
    assert.equal(byName.get('ClusterMaintenance')!.status, 'firing');

    const now = Date.now();
    const snapshot = buildSnapshot({
      service: 'checkout',
      environment: 'production',
      window: '1h',
      windowMs: window.seconds * 1000,
      now,
      parts: [{ key: partKey('alertmanager', am!.url), kind: 'alertmanager', result: { incidents }, at: now }],
      backends: [{ kind: 'alertmanager', url: am!.url, state: 'ok' }],
    });
    assert.equal(snapshot.status, 'degraded', 'two critical alerts are silenced or inhibited; only the info alert is open');
    assert.deepEqual(snapshot.statusReasons, ['1 open incident or alert']);
    assert.equal(snapshot.incidents[0].labels?.alertname, 'ClusterMaintenance', 'open alerts first, whatever the severity of the quiet ones');
    const text = renderStatusText([snapshot], now);
    assert.match(text, /! info +ClusterMaintenance: node drain in progress/);
    assert.doesNotMatch(text, /! critical/);
    assert.match(text, /2 alerts (silenced, inhibited|inhibited, silenced): not counted in the status/);
  });
});
