// "Why is nothing showing?": the shared diagnosis, rendered into a read-only virtual document. The active
// service's last refresh (or a first one, when there is none yet) adds what its backends answered and how its
// signals mapped to the code, with the same derived fixes as `prodlens doctor`.
import * as vscode from 'vscode';
import { diagnose, renderDiagnosis, type ServiceRuntimeFacts } from '../../core/diagnostics/report';
import { Commands, DiagnosticsScheme } from '../../host/ids';
import { serviceRuntimeFacts } from '../../services/diagnosisFacts';
import type { CommandDeps } from './deps';

async function activeRuntime(deps: CommandDeps): Promise<Record<string, ServiceRuntimeFacts> | undefined> {
  const service = deps.active.current;
  if (!service) return undefined;
  const snapshot = deps.production.snapshot(service.name) ?? (await deps.refreshActive(false));
  if (!snapshot || snapshot.service !== service.name) return undefined;
  let index;
  try {
    index = await deps.production.fileIndex();
  } catch (err) {
    deps.log.warn('Diagnosis without the file index:', err);
  }
  return { [service.name]: serviceRuntimeFacts(service, snapshot, index) };
}

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
      surface: 'editor',
      runtime: await activeRuntime(deps),
    });
    text = renderDiagnosis(diagnosis);
    changed.fire(DOC_URI);
    const doc = await vscode.workspace.openTextDocument(DOC_URI);
    await vscode.window.showTextDocument(doc, { preview: true });
    return diagnosis;
  });
  return vscode.Disposable.from(command, changed, vscode.workspace.registerTextDocumentContentProvider(DiagnosticsScheme, provider));
}
