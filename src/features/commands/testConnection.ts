import * as vscode from 'vscode';
import { fireAndLog } from '../../core/async';
import { Commands } from '../../host/ids';
import type { CommandDeps } from './deps';

/** Refreshes now (ignoring backoff) and reports how each backend of the active service answered. */
export function registerTestConnection(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.testConnection, async (arg?: { kind?: string; url?: string }) => {
    const snapshot = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ProdLens: testing backends…' }, () => deps.refreshActive(true));
    if (!snapshot) {
      vscode.window.showInformationMessage('ProdLens: the active service has no backend to test.');
      return undefined;
    }
    const statuses = snapshot.backends.filter((b) => !arg?.kind || (b.kind === arg.kind && (!arg.url || b.url === arg.url)));
    const failed = statuses.filter((b) => b.state === 'error');
    const summary = statuses.map((b) => (b.state === 'ok' ? `${b.kind}: ok in ${b.latencyMs} ms` : `${b.kind}: ${b.error}`)).join('\n');
    if (failed.length) fireAndLog(vscode.window.showWarningMessage(`ProdLens: ${failed.length} of ${statuses.length} backend(s) failed.`, { modal: false, detail: summary }, 'Show Diagnostics').then((c) => c && vscode.commands.executeCommand(Commands.showDiagnostics)), deps.log, 'Show Diagnostics');
    else vscode.window.showInformationMessage(`ProdLens: ${summary.replace(/\n/g, ' · ')}`);
    return statuses;
  });
}
