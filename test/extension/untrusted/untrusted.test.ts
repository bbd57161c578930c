// The demo workspace opened in restricted mode (workspace trust on, not granted): the backend URLs in its
// .prodlens.json must not be used, so no request and no token goes to a host the repository chose.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, until, workspaceUri } from '../util';

describe('untrusted workspace', () => {
  it('runs in restricted mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('detects the services but uses none of the backends the workspace names, and says why', async () => {
    const api = await activateExtension();
    await api.detect();
    await vscode.window.showTextDocument(workspaceUri('services/checkout-api/src/routes/orders.ts'));
    assert.deepEqual(api.services().map((s) => s.name), ['checkout-api', 'billing']);
    assert.deepEqual(api.backends('checkout-api'), []);
    assert.equal(api.ignoredUntilTrusted('checkout-api'), 4);
    assert.deepEqual(api.requestTargets('checkout-api'), []);
    const state = await until(() => api.statusBar().text.includes('checkout-api') && api.statusBar(), 'the status item');
    assert.equal(state.text, '$(shield) checkout-api · workspace not trusted');
    const { backends } = api.trees();
    const [notice] = backends.getChildren().map((n) => backends.getTreeItem(n));
    assert.match(String(typeof notice.label === 'object' ? notice.label.label : notice.label), /^Workspace not trusted: 4 backend\(s\) of \.prodlens\.json ignored$/);
    assert.equal(notice.command?.command, 'workbench.trust.manage');
  });

  it('refreshing makes no request (there is no source to ask)', async () => {
    const api = await activateExtension();
    const snapshot = await vscode.commands.executeCommand('prodlens.refresh');
    assert.equal(snapshot, undefined);
    assert.equal(api.snapshot('checkout-api'), undefined);
  });
});
