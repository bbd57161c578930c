// Actions on production data, end to end. Each undoes what it changes, so the suites run in any order:
// acknowledging cannot be undone through PagerDuty's API, so it acts on an incident of a PagerDuty stand-in
// this file starts for a service it writes into the workspace; the silence on the demo's real Alertmanager
// is expired afterwards; Open Demo's production is stopped and its tokens deleted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Incident } from '../../../src/core/model';
import { PdIncidentBuilder, pagerDutyFixture } from '../../../src/demo/replay/pagerDutyBuilders';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { activateExtension, openSettled, until, withSetting, workspaceUri } from '../util';

const ORDERS = 'services/checkout-api/src/routes/orders.ts';
const withIncidents = () => openSettled(ORDERS, 'checkout-api', (s) => s.incidents.length > 0);

describe('demo: actions on the demo production', () => {
  it('copies an incident\'s details as plain text', async () => {
    const { api } = await withIncidents();
    const incidents = api.snapshot('checkout-api')!.incidents;
    const incident = incidents.find((i) => i.source === 'pagerduty');
    // Without an argument the command asks with a quick pick, which no test answers.
    assert.ok(incident, `a PagerDuty incident among ${incidents.map((i) => i.title).join(' | ')}`);
    const text = await vscode.commands.executeCommand<string>('prodlens.copyDetails', incident);
    assert.match(text, /^\[checkout-api\] 5xx ratio above 5% on POST \/api\/orders\nSeverity: critical · status: triggered/);
    assert.equal(await vscode.env.clipboard.readText(), text);
  });

  it('tests the connection of every backend and reports their latency', async () => {
    await withIncidents();
    const statuses = await vscode.commands.executeCommand<{ kind: string; state: string; latencyMs?: number }[]>('prodlens.testConnection');
    assert.deepEqual(statuses.map((s) => s.kind).sort(), ['alertmanager', 'pagerduty', 'prometheus', 'sentry']);
    for (const s of statuses) assert.equal(s.state, 'ok', s.kind);
  });

  it('silences an Alertmanager alert for an hour; the real Alertmanager then reports it suppressed', async () => {
    const { api } = await withIncidents();
    const alert = api.snapshot('checkout-api')!.incidents.find((i) => i.source === 'alertmanager' && i.title.startsWith('CartLatencyHigh')) as Incident;
    assert.equal(alert.status, 'firing');
    const id = await vscode.commands.executeCommand<string>('prodlens.silenceAlert', alert, { durationMs: 3_600_000, comment: 'known slow recommendations call', confirmed: true });
    assert.match(id, /^[0-9a-f-]{36}$/);
    try {
      await until(() => api.snapshot('checkout-api')?.incidents.find((i) => i.id === alert.id && i.status === 'suppressed'), 'the silenced alert to show as suppressed');
    } finally {
      // Alertmanager API v2: expiring the silence puts the alert back as the other suites expect it.
      const alertmanager = api.backends('checkout-api').find((b) => b.kind === 'alertmanager')!.url;
      const expired = await fetch(`${alertmanager}/api/v2/silence/${id}`, { method: 'DELETE' });
      assert.equal(expired.status, 200);
      await api.refreshNow('checkout-api');
    }
    assert.equal(api.snapshot('checkout-api')?.incidents.find((i) => i.id === alert.id)?.status, 'firing');
  });
});

describe('demo: acknowledging a PagerDuty incident', function () {
  this.timeout(60_000);
  const SERVICE = 'paging';
  const FOLDER = `services/${SERVICE}`;
  const TOKEN = 'pd-actions-test-token-3c4d5e';
  let replay: ReplayServer;

  before(async () => {
    const api = await activateExtension();
    replay = await startReplayServer({
      pagerduty: pagerDutyFixture({ token: TOKEN, incidents: [new PdIncidentBuilder('Paging queue backed up').service('PPAGING')] }),
    });
    await api.tokens().set('pagerduty', replay.url, TOKEN);
    await vscode.workspace.fs.writeFile(workspaceUri(`${FOLDER}/src/queue.ts`), new TextEncoder().encode('export const queue = [];\n'));
    await vscode.workspace.fs.writeFile(workspaceUri(`${FOLDER}/.prodlens.json`), new TextEncoder().encode(JSON.stringify({
      services: [{ name: SERVICE, backends: { pagerduty: { url: replay.url, serviceIds: ['PPAGING'] } } }],
    })));
    await api.detect();
    await until(() => api.services().some((s) => s.name === SERVICE), `the ${SERVICE} service to be detected`);
  });

  after(async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    if (replay) await api.tokens().delete('pagerduty', replay.url);
    await api.detect();
    await until(() => !api.services().some((s) => s.name === SERVICE), `the ${SERVICE} service to be gone`);
    await replay?.stop();
  });

  it('acknowledges it (From: the saved email) and the Incidents view shows it acknowledged', async () => {
    const { api } = await openSettled(`${FOLDER}/src/queue.ts`, SERVICE, (s) => s.incidents.length > 0);
    await withSetting('pagerduty.fromEmail', 'dev@example.com', vscode.ConfigurationTarget.Global, async () => {
      const incident = api.snapshot(SERVICE)!.incidents.find((i) => i.source === 'pagerduty') as Incident;
      assert.equal(incident.status, 'triggered');
      const updated = await vscode.commands.executeCommand<Incident>('prodlens.acknowledgeIncident', incident, { confirmed: true });
      assert.equal(updated?.status, 'acknowledged');
      const put = replay.requests.find((r) => r.method === 'PUT');
      assert.equal(put?.headers.from, 'dev@example.com');
      const after = await until(() => api.snapshot(SERVICE)?.incidents.find((i) => i.source === 'pagerduty' && i.status === 'acknowledged'), 'the acknowledged incident after refresh');
      const item = api.trees().incidents.getTreeItem(after);
      assert.match(String(item.description), /acknowledged · PagerDuty$/);
      assert.doesNotMatch(String(item.contextValue), /triggered/, 'no Acknowledge action on an acknowledged incident');
    });
  });
});

describe('demo: Open Demo from the walkthrough', () => {
  it('starts the bundled demo production, stores its token for loopback only and prepares the workspace', async function () {
    this.timeout(90_000);
    const api = await activateExtension();
    const result = await vscode.commands.executeCommand<{ urls: Record<string, string>; workspace: string; pid?: number } | undefined>('prodlens.openDemo', { openFolder: false });
    try {
      assert.ok(result, 'Open Demo returned nothing (see the ProdLens log)');
      assert.match(result.urls.prometheus, /^http:\/\/127\.0\.0\.1:\d+$/);
      const ready = await fetch(`${result.urls.prometheus}/-/ready`);
      assert.equal(ready.status, 200);
      assert.ok(await api.tokens().get('sentry', result.urls.sentry));
      const config = await vscode.workspace.fs.readFile(vscode.Uri.file(`${result.workspace}/.prodlens.json`));
      assert.match(new TextDecoder().decode(config), /"name": "checkout-api"/);
    } finally {
      await vscode.commands.executeCommand('prodlens.stopDemo');
      for (const kind of ['sentry', 'pagerduty']) if (result?.urls[kind]) await api.tokens().delete(kind, result.urls[kind]);
    }
  });
});
