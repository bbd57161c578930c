// Actions on production data, end to end against the demo production: they change its state (the
// PagerDuty stand-in and the real Alertmanager), so this file runs after the read-only suites.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Incident } from '../../../src/core/model';
import { activateExtension, until, workspaceUri } from '../util';

async function settled() {
  const api = await activateExtension();
  await vscode.window.showTextDocument(workspaceUri('services/checkout-api/src/routes/orders.ts'));
  await until(() => {
    const s = api.container.refresh.snapshot('checkout-api');
    return s && s.incidents.length > 0 && s.backends.every((b) => b.state === 'ok');
  }, 'checkout-api with incidents and every backend ok', 30_000);
  return api;
}

describe('demo: actions (last: they change the demo production)', () => {
  it('copies an incident\'s details as plain text', async () => {
    const api = await settled();
    const incident = api.container.refresh.snapshot('checkout-api')!.incidents[0];
    const text = await vscode.commands.executeCommand<string>('prodlens.copyDetails', incident);
    assert.match(text, /^\[checkout-api\] 5xx ratio above 5% on POST \/api\/orders\nSeverity: critical · status: triggered/);
    assert.equal(await vscode.env.clipboard.readText(), text);
  });

  it('tests the connection of every backend and reports their latency', async () => {
    await settled();
    const statuses = await vscode.commands.executeCommand<{ kind: string; state: string; latencyMs?: number }[]>('prodlens.testConnection');
    assert.deepEqual(statuses.map((s) => s.kind).sort(), ['alertmanager', 'pagerduty', 'prometheus', 'sentry']);
    for (const s of statuses) assert.equal(s.state, 'ok', s.kind);
  });

  it('acknowledges the PagerDuty incident (From: the saved email) and the view shows it acknowledged', async () => {
    const api = await settled();
    await vscode.workspace.getConfiguration('prodlens').update('pagerduty.fromEmail', 'dev@example.com', vscode.ConfigurationTarget.Global);
    const incident = api.container.refresh.snapshot('checkout-api')!.incidents.find((i) => i.source === 'pagerduty') as Incident;
    assert.equal(incident.status, 'triggered');
    const updated = await vscode.commands.executeCommand<Incident>('prodlens.acknowledgeIncident', incident, { confirmed: true });
    assert.equal(updated?.status, 'acknowledged');
    const after = await until(() => api.container.refresh.snapshot('checkout-api')?.incidents.find((i) => i.source === 'pagerduty' && i.status === 'acknowledged'), 'the acknowledged incident after refresh');
    const item = api.container.trees.incidents.getTreeItem(after);
    assert.match(String(item.description), /acknowledged · PagerDuty$/);
    assert.doesNotMatch(String(item.contextValue), /triggered/, 'no Acknowledge action on an acknowledged incident');
  });

  it('silences an Alertmanager alert for an hour; the real Alertmanager then reports it suppressed', async () => {
    const api = await settled();
    const alert = api.container.refresh.snapshot('checkout-api')!.incidents.find((i) => i.source === 'alertmanager' && i.title.startsWith('CartLatencyHigh')) as Incident;
    assert.equal(alert.status, 'firing');
    const id = await vscode.commands.executeCommand<string>('prodlens.silenceAlert', alert, { durationMs: 3_600_000, comment: 'known slow recommendations call', confirmed: true });
    assert.match(id, /^[0-9a-f-]{36}$/);
    await until(() => api.container.refresh.snapshot('checkout-api')?.incidents.find((i) => i.id === alert.id && i.status === 'suppressed'), 'the silenced alert to show as suppressed');
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
      assert.ok(await api.container.tokens.get('sentry', result.urls.sentry));
      const config = await vscode.workspace.fs.readFile(vscode.Uri.file(`${result.workspace}/.prodlens.json`));
      assert.match(new TextDecoder().decode(config), /"name": "checkout-api"/);
    } finally {
      await vscode.commands.executeCommand('prodlens.stopDemo');
    }
  });
});
