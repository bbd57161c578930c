// CodeLens over route handlers, optional Problems entries, and the walkthrough's Open Demo, in the real host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSettled, until, withSetting, workspaceUri } from '../util';

const settledOn = (path: string, service: string) => openSettled(path, service, (s) => s.routes.length > 0);

describe('demo: CodeLens over route handlers', () => {
  it('puts the Flask route\'s error ratio, p95 and rate above its handler, and a click reveals it in Health', async () => {
    const { api, editor } = await settledOn('services/billing/billing/app.py', 'billing');
    const lenses = await until(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      const ours = found.filter((l) => l.command?.command === 'prodlens.revealRoute');
      return ours.length > 0 && ours;
    }, 'ProdLens code lenses on app.py');
    const invoice = lenses.find((l) => l.range.start.line === 8);
    assert.ok(invoice, `a lens on line 9 (def get_invoice); got lines ${lenses.map((l) => l.range.start.line + 1).join(', ')}`);
    assert.match(invoice.command!.title, /^\$\(pulse\) \d(\.\d)?% errors · p95 \d+ ms · \d+(\.\d)? req\/s \(1h\)$/);
    await vscode.commands.executeCommand(invoice.command!.command, ...(invoice.command!.arguments ?? []));
    const state = await until(() => (api.healthPosted()?.focusRow ? api.healthPosted() : undefined), 'the Health view to focus the row');
    assert.equal(state.focusRow, 'route:GET:/invoices/<int:invoice_id>');
  });

  it('puts nothing on files without routes', async () => {
    const { editor } = await settledOn('services/billing/billing/invoices.py', 'billing');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
    assert.equal(lenses.filter((l) => l.command?.command === 'prodlens.revealRoute').length, 0);
  });
});

describe('demo: Problems panel entries (opt-in)', () => {
  it('adds a warning on the hot line only when enabled', async () => {
    await settledOn('services/checkout-api/src/routes/orders.ts', 'checkout-api');
    const uri = workspaceUri('services/checkout-api/src/routes/orders.ts');
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ProdLens');
    assert.equal(ours().length, 0, 'off by default');
    await withSetting('problems.enabled', true, vscode.ConfigurationTarget.Workspace, async () => {
      const [d] = await until(() => ours().length > 0 && ours(), 'a ProdLens diagnostic');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d.range.start.line, 23, 'on the working copy\'s line (24), where the deployed line 19 moved');
      assert.match(d.message, /^\d+× in production \(1h\): TypeError/);
    });
    await until(() => ours().length === 0, 'the diagnostics to go away');
  });
});
