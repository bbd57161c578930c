// Runs inside the real VS Code extension host against the fixture monorepo (no mocks of `vscode`).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, until, workspaceUri } from './util';

describe('extension: activation and contributions', () => {
  it('activates in the real extension host and returns the test API', async () => {
    const api = await activateExtension();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.equal(typeof api.statusBar, 'function');
  });

  it('registers every command declared in package.json', async () => {
    const declared: string[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(declared.length >= 7);
    for (const id of declared) assert.ok(registered.has(id), `${id} is not registered`);
  });

  it('resolves the activity-bar container and each of its views', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.prodlens');
    for (const view of ['prodlens.health', 'prodlens.incidents', 'prodlens.errors', 'prodlens.backends']) {
      // `<view>.focus` exists only for a contributed view that the workbench resolved.
      await vscode.commands.executeCommand(`${view}.focus`);
    }
    const api = await activateExtension();
    await until(() => api.container.health.lastPosted?.service, 'the Health webview to receive its first state');
  });
});

describe('extension: service detection drives the status bar', () => {
  it('finds both services of the monorepo with their evidence', async () => {
    const api = await activateExtension();
    await api.detect();
    const services = api.container.registry.services.map((s) => s.name);
    assert.deepEqual(services, ['checkout-api', 'billing']);
    const billing = api.container.registry.find('billing')!;
    assert.equal(billing.evidence[0].source, 'services/billing/pyproject.toml');
  });

  it('follows the active editor across the monorepo', async () => {
    const api = await activateExtension();
    await vscode.window.showTextDocument(workspaceUri('services/api/src/orders.ts'));
    let state = await until(() => api.statusBar().text.includes('checkout-api') && api.statusBar(), 'status bar to show checkout-api');
    assert.ok(state.visible);
    assert.match(state.text, /^\$\([a-z~-]+\) checkout-api · /);
    await vscode.window.showTextDocument(workspaceUri('services/billing/billing/views.py'));
    state = await until(() => api.statusBar().text.includes('billing') && api.statusBar(), 'status bar to show billing');
    assert.match(state.text, /billing · no backend/);
    assert.match(state.tooltip.replace(/&nbsp;/g, ' '), /No backend is connected/);
  });

  it('refreshes with the chosen time window when it changes', async () => {
    const api = await activateExtension();
    await vscode.window.showTextDocument(workspaceUri('services/api/src/orders.ts'));
    await vscode.commands.executeCommand('prodlens.selectTimeWindow', '6h');
    assert.equal(vscode.workspace.getConfiguration('prodlens').get('timeWindow'), '6h');
    await until(() => api.container.refresh.snapshot('checkout-api')?.window === '6h', 'a refresh over the 6h window');
    await until(() => /Window: last 6h/.test(api.statusBar().tooltip.replace(/&nbsp;/g, ' ')), 'the tooltip to name the 6h window');
    await vscode.commands.executeCommand('prodlens.selectTimeWindow', '1h');
    await until(() => api.container.refresh.snapshot('checkout-api')?.window === '1h', 'a refresh over the 1h window');
  });

  it('a dead backend shows as disconnected, with the backend and the reason', async () => {
    const api = await activateExtension();
    await vscode.window.showTextDocument(workspaceUri('services/api/src/orders.ts'));
    await vscode.commands.executeCommand('prodlens.refresh');
    const snapshot = api.container.refresh.snapshot('checkout-api');
    const prometheus = snapshot?.backends.find((b) => b.kind === 'prometheus');
    assert.equal(prometheus?.state, 'error');
    assert.equal(prometheus?.errorKind, 'network');
    const state = await until(() => api.statusBar().text.includes('$(debug-disconnect)') && api.statusBar(), 'the disconnected icon');
    assert.match(state.tooltip.replace(/&nbsp;/g, ' '), /Prometheus at http:\/\/127\.0\.0\.1:9 cannot be reached/);
    assert.equal(state.level, 'stale');
  });

  it('hides the status item when disabled in settings', async () => {
    const api = await activateExtension();
    await vscode.workspace.getConfiguration('prodlens').update('statusBar.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await until(() => !api.statusBar().visible, 'status bar to hide');
    } finally {
      await vscode.workspace.getConfiguration('prodlens').update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until(() => api.statusBar().visible, 'status bar to show again');
  });
});

describe('extension: tokens and diagnosis', () => {
  it('a token stored for the Sentry origin clears the diagnosis error and never shows in the report', async () => {
    const api = await activateExtension();
    await vscode.window.showTextDocument(workspaceUri('services/api/src/orders.ts'));
    type Diagnosis = { summary: { errors: number }; findings: { title: string }[] };
    const before = await vscode.commands.executeCommand<Diagnosis>('prodlens.showDiagnostics');
    assert.ok(before.findings.some((f) => /sentry at https:\/\/sentry\.example\.com .*no token/.test(f.title)));
    const secret = 'sntrys_extension_test_secret';
    await api.container.tokens.set('sentry', 'https://sentry.example.com/api/0', secret);
    try {
      const after = await vscode.commands.executeCommand<Diagnosis>('prodlens.showDiagnostics');
      assert.ok(after.findings.some((f) => /sentry at https:\/\/sentry\.example\.com .*token set/.test(f.title)));
      assert.equal(after.summary.errors, before.summary.errors - 1);
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.uri.scheme, 'prodlens-diagnostics');
      assert.ok(doc?.getText().includes('ProdLens diagnosis'));
      assert.ok(!doc?.getText().includes(secret));
      // Bound to the origin: another host never sees it.
      assert.equal(await api.container.tokens.get('sentry', 'https://evil.example.net'), undefined);
    } finally {
      await api.container.tokens.delete('sentry', 'https://sentry.example.com');
    }
  });

  it('Create .prodlens.json opens the existing file instead of overwriting it', async () => {
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('.prodlens.json')));
    await vscode.commands.executeCommand('prodlens.createConfig');
    const editor = await until(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('.prodlens.json') && vscode.window.activeTextEditor, 'the config to open');
    assert.equal(editor.document.getText(), before);
  });
});
