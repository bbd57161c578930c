// ProdLens: Open Stack Trace in the real extension host, on a copy of demo/ with its history: a pasted trace (of the working copy: no --rev here) opens the crash
// frame's line, fills the Stack Trace view with every frame and its state, highlights the frames' lines until
// Dismiss; the terminal link provider maps deployed paths printed in a real terminal.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StackNode } from '../../../src/features/stackTrace/stackTraceTree';
import type { ProdlensTestApi } from '../../../src/testApi';
import { activateExtension, until } from '../util';

const ORDERS = 'services/checkout-api/src/routes/orders.ts';
const INVOICES = 'services/billing/billing/invoices.py';

const NODE_TRACE = [
  '2024-05-01T10:22:03.123Z [checkout-api] error: unhandled error in POST /api/orders',
  "TypeError: Cannot read properties of undefined (reading 'tier')",
  '    at ordersRouter.post (/usr/src/app/src/routes/orders.ts:24:29)',
  '    at Array.map (<anonymous>)',
  '    at chargeCard (/opt/build/payments.ts:12:3)',
  '    at Cache.get (/usr/src/app/src/lib/cache.ts:4:2)',
  '    at Layer.handle [as handle_request] (/usr/src/app/node_modules/express/lib/router/layer.js:95:5)',
  '    at next (/usr/src/app/node_modules/express/lib/router/route.js:149:13)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  '2024-05-01T10:22:03.130Z [checkout-api] info: POST /api/orders 500 7ms',
].join('\n');

const PYTHON_TRACE = [
  '[2024-05-01 10:00:00 +0000] [7] [ERROR] Exception on /invoices/42 [GET]',
  'Traceback (most recent call last):',
  '  File "/srv/billing/billing/app.py", line 10, in get_invoice',
  '    return jsonify(build_invoice(invoice_id))',
  '  File "/srv/billing/billing/invoices.py", line 10, in build_invoice',
  '    tax = net * TAX_RATES[country]',
  "KeyError: 'PL'",
  '',
  'During handling of the above exception, another exception occurred:',
  '',
  'Traceback (most recent call last):',
  '  File "/usr/local/lib/python3.12/site-packages/flask/app.py", line 1473, in wsgi_app',
  '    response = self.handle_exception(e)',
  '  File "/usr/local/lib/python3.12/site-packages/flask/app.py", line 802, in handle_exception',
  '    server_error = InternalServerError(original_exception=e)',
  'werkzeug.exceptions.InternalServerError: 500 Internal Server Error',
].join('\r\n');

interface ItemState {
  label: string;
  description: string | undefined;
  /** `path:line` of a vscode.open command, `none` without a command. */
  opens: string;
  icon: string | undefined;
  dimmed: boolean;
  collapsible: vscode.TreeItemCollapsibleState | undefined;
}

function stateOf(item: vscode.TreeItem): ItemState {
  const [uri, options] = (item.command?.arguments ?? []) as [vscode.Uri | undefined, { selection?: vscode.Range } | undefined];
  const folder = vscode.workspace.workspaceFolders![0].uri.path;
  const opens = item.command
    ? `${item.command.command} ${uri?.path.slice(folder.length + 1)}:${(options?.selection?.start.line ?? -2) + 1}:${(options?.selection?.start.character ?? -2) + 1}`
    : 'none';
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  return {
    label: String(typeof item.label === 'object' ? item.label.label : item.label),
    description: typeof item.description === 'string' ? item.description : undefined,
    opens,
    icon: icon?.id,
    dimmed: icon?.color?.id === 'disabledForeground',
    collapsible: item.collapsibleState,
  };
}

function view(api: ProdlensTestApi, node?: StackNode): { node: StackNode; state: ItemState }[] {
  const tree = api.trees().stackTrace;
  return tree.getChildren(node).map((n) => ({ node: n, state: stateOf(tree.getTreeItem(n)) }));
}

function relativeActive(): { file: string; line: number; character: number } {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'an editor is active');
  const folder = vscode.workspace.workspaceFolders![0].uri.path;
  return { file: editor.document.uri.path.slice(folder.length + 1), line: editor.selection.active.line + 1, character: editor.selection.active.character + 1 };
}

const { None, Collapsed, Expanded } = vscode.TreeItemCollapsibleState;

describe('demo: Open Stack Trace (stack trace view, highlights, terminal links)', () => {
  let api: ProdlensTestApi;

  before(async () => {
    api = await activateExtension();
    await api.detect();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('prodlens.dismissStackTrace');
  });

  it('opens the Node crash frame at its line and column, and lists every frame with its state', async () => {
    await vscode.commands.executeCommand('prodlens.openStackTrace', NODE_TRACE);
    assert.deepEqual(relativeActive(), { file: ORDERS, line: 24, character: 29 });
    // The view is declared `when: prodlens.hasStackTrace`: it appears only now, without taking the focus.
    await until(() => api.stackTrace().visible, 'the Stack Trace view to show');
    assert.equal(vscode.window.activeTextEditor?.document.uri.path.endsWith(ORDERS), true);

    const items = view(api);
    assert.deepEqual(items.map((i) => i.state), [
      { label: 'ordersRouter.post', description: `${ORDERS}:24`, opens: `vscode.open ${ORDERS}:24:29`, icon: 'debug-stackframe-focused', dimmed: false, collapsible: None },
      { label: 'Array.map', description: '<anonymous> · library', opens: 'none', icon: 'library', dimmed: true, collapsible: None },
      { label: 'chargeCard', description: '/opt/build/payments.ts:12:3 · 2 candidates', opens: 'none', icon: 'files', dimmed: false, collapsible: Collapsed },
      { label: 'Cache.get', description: '/usr/src/app/src/lib/cache.ts:4:2 · not in this workspace', opens: 'none', icon: 'question', dimmed: false, collapsible: None },
      { label: 'Layer.handle [as handle_request]', description: '/usr/src/app/node_modules/express/lib/router/layer.js:95:5 · library', opens: 'none', icon: 'library', dimmed: true, collapsible: None },
      { label: 'next', description: '/usr/src/app/node_modules/express/lib/router/route.js:149:13 · library', opens: 'none', icon: 'library', dimmed: true, collapsible: None },
      { label: 'process.processTicksAndRejections', description: 'node:internal/process/task_queues:95:5 · library', opens: 'none', icon: 'library', dimmed: true, collapsible: None },
    ]);
    // The unmapped frames say why in their tooltip, in full.
    const cacheTooltip = api.trees().stackTrace.getTreeItem(items[3].node).tooltip as vscode.MarkdownString;
    assert.match(cacheTooltip.value.replace(/&nbsp;/g, ' ').replace(/\\/g, ''), /services\/checkout-api\/src\/lib\/cache\.ts, which is not in the workspace/);
    assert.equal(cacheTooltip.isTrusted, false);

    // The ambiguous frame expands to its candidates, each opening that file at the frame's line.
    const candidates = view(api, items[2].node).map((i) => i.state);
    assert.deepEqual(candidates.map((c) => [c.label, c.opens]), [
      ['services/checkout-api/src/lib/payments.ts', 'vscode.open services/checkout-api/src/lib/payments.ts:12:3'],
      ['services/checkout-api/src/routes/payments.ts', 'vscode.open services/checkout-api/src/routes/payments.ts:12:3'],
    ]);
    assert.match(api.stackTrace().message ?? '', /^1 of 7 frames in this workspace · TypeError: Cannot read properties of undefined/);

    // The mapped line is highlighted in the editor, as the crash frame.
    const uri = vscode.window.activeTextEditor.document.uri.toString();
    assert.deepEqual(api.traceHighlights().get(uri), [{ line: 24, frame: 0, crash: true }]);
  });

  it('a Python chain replaces it: grouped by exception in printed order, opening the root cause\'s innermost frame', async () => {
    await vscode.commands.executeCommand('prodlens.openStackTrace', PYTHON_TRACE);
    assert.deepEqual(relativeActive(), { file: INVOICES, line: 10, character: 1 });

    const groups = view(api);
    assert.deepEqual(groups.map((g) => [g.state.label, g.state.description, g.state.collapsible, g.state.opens]), [
      ["KeyError: 'PL'", '2 frames · 2 in this workspace', Expanded, 'none'],
      ['during handling: werkzeug.exceptions.InternalServerError: 500 Internal Server Error', '2 frames · 0 in this workspace', Expanded, 'none'],
    ]);
    assert.deepEqual(view(api, groups[0].node).map((i) => i.state), [
      { label: 'get_invoice', description: 'services/billing/billing/app.py:10', opens: 'vscode.open services/billing/billing/app.py:10:1', icon: 'debug-stackframe', dimmed: false, collapsible: None },
      { label: 'build_invoice', description: `${INVOICES}:10`, opens: `vscode.open ${INVOICES}:10:1`, icon: 'debug-stackframe-focused', dimmed: false, collapsible: None },
    ]);
    assert.deepEqual(view(api, groups[1].node).map((i) => [i.state.label, i.state.description, i.state.dimmed, i.state.opens]), [
      ['wsgi_app', '/usr/local/lib/python3.12/site-packages/flask/app.py:1473 · library', true, 'none'],
      ['handle_exception', '/usr/local/lib/python3.12/site-packages/flask/app.py:802 · library', true, 'none'],
    ]);

    const highlights = api.traceHighlights();
    assert.deepEqual(highlights.get(vscode.window.activeTextEditor!.document.uri.toString()), [{ line: 10, frame: 1, crash: true }]);
    assert.ok(![...highlights.keys()].some((k) => k.endsWith('orders.ts')), 'the previous trace\'s highlights are gone');
    // Opening another frame's file shows its highlight too.
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'services/billing/billing/app.py'));
    const appPy = await until(() => [...api.traceHighlights().entries()].find(([k]) => k.endsWith('app.py'))?.[1], 'app.py highlighted');
    assert.deepEqual(appPy, [{ line: 10, frame: 0, crash: false }]);
  });

  it('without an argument takes the selection, else the clipboard', async () => {
    const scratch = await vscode.workspace.openTextDocument({ content: `notes from the incident\n${PYTHON_TRACE}\nend of notes\n`, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(scratch);
    const first = scratch.lineAt(1).range.start;
    editor.selection = new vscode.Selection(first, scratch.lineAt(scratch.lineCount - 3).range.end);
    await vscode.env.clipboard.writeText(NODE_TRACE);
    await vscode.commands.executeCommand('prodlens.openStackTrace');
    assert.deepEqual(relativeActive(), { file: INVOICES, line: 10, character: 1 }, 'the selection wins over the clipboard');

    // The editor now active has an empty selection: the clipboard (an in-memory stand-in here) is next.
    assert.ok(vscode.window.activeTextEditor?.selection.isEmpty);
    await vscode.commands.executeCommand('prodlens.openStackTrace');
    assert.deepEqual(relativeActive(), { file: ORDERS, line: 24, character: 29 });
    assert.equal(api.stackTrace().located?.trace.language, 'node');
    // Leave no dirty untitled editor behind for the suites that close all editors.
    await vscode.window.showTextDocument(scratch);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Dismiss clears the view and the highlights', async () => {
    await vscode.commands.executeCommand('prodlens.openStackTrace', NODE_TRACE);
    assert.ok(api.trees().stackTrace.getChildren().length > 0);
    assert.ok(api.traceHighlights().size > 0);
    await vscode.commands.executeCommand('prodlens.dismissStackTrace');
    assert.deepEqual(api.trees().stackTrace.getChildren(), []);
    assert.equal(api.stackTrace().located, undefined);
    assert.equal(api.traceHighlights().size, 0);
    assert.equal(api.stackTrace().message, undefined);
    await until(() => !api.stackTrace().visible, 'the Stack Trace view to go away');
  });

  it('terminal links: a deployed path printed in a real terminal maps and opens the workspace line', async () => {
    const terminal = vscode.window.createTerminal({ name: 'ProdLens stack trace test' });
    try {
      const provider = api.terminalLinks();
      const token = new vscode.CancellationTokenSource().token;
      const line = 'checkout-api-1  |     at ordersRouter.post (/usr/src/app/src/routes/orders.ts:24:29)';
      const links = await provider.provideTerminalLinks({ line, terminal }, token);
      assert.equal(links.length, 1);
      assert.equal(line.slice(links[0].startIndex, links[0].startIndex + (links[0].length ?? 0)), '/usr/src/app/src/routes/orders.ts:24:29');
      assert.match(links[0].tooltip ?? '', /services\/checkout-api\/src\/routes\/orders\.ts:24/);
      const python = '  File "/srv/billing/billing/invoices.py", line 10, in build_invoice';
      const [pythonLink] = await provider.provideTerminalLinks({ line: python, terminal }, token);
      assert.equal(python.slice(pythonLink.startIndex, pythonLink.startIndex + (pythonLink.length ?? 0)), 'File "/srv/billing/billing/invoices.py", line 10');

      for (const unmapped of ['    at next (/usr/src/app/node_modules/express/lib/router/route.js:149:13)', '    at Cache.get (/usr/src/app/src/lib/cache.ts:4:2)', 'npm notice run `npm audit` for details']) {
        assert.deepEqual(await provider.provideTerminalLinks({ line: unmapped, terminal }, token), [], unmapped);
      }

      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await provider.handleTerminalLink(links[0]);
      assert.deepEqual(relativeActive(), { file: ORDERS, line: 24, character: 29 });
    } finally {
      terminal.dispose();
    }
  });
});
