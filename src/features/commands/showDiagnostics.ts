// "Why is nothing showing?": the shared diagnosis, rendered into a read-only virtual document.
import * as vscode from 'vscode';
import { diagnose, renderDiagnosis } from '../../core/diagnostics/report';
import { Commands, DiagnosticsScheme } from '../../host/ids';
import type { CommandDeps } from './deps';

const DOC_URI = vscode.Uri.from({ scheme: DiagnosticsScheme, path: '/ProdLens Diagnostics.txt' });

export function registerShowDiagnostics(deps: CommandDeps): vscode.Disposable {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let text = '';
  const provider: vscode.TextDocumentContentProvider = { onDidChange: changed.event, provideTextDocumentContent: () => text };
  const command = vscode.commands.registerCommand(Commands.showDiagnostics, async () => {
    await deps.registry.detect();
    await deps.overview.recompute();
    const diagnosis = diagnose({
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.name),
      detection: deps.registry.result,
      activeFile: deps.active.activeFile,
      activeService: deps.active.current,
      backendsByService: deps.overview.all,
      serviceOverride: deps.config.serviceOverride || undefined,
    });
    text = renderDiagnosis(diagnosis);
    changed.fire(DOC_URI);
    const doc = await vscode.workspace.openTextDocument(DOC_URI);
    await vscode.window.showTextDocument(doc, { preview: true });
    return diagnosis;
  });
  return vscode.Disposable.from(command, changed, vscode.workspace.registerTextDocumentContentProvider(DiagnosticsScheme, provider));
}
