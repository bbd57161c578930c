import * as vscode from 'vscode';
import { safeWebUrl } from '../../core/markdown';
import { Commands } from '../../host/ids';
import type { CommandDeps } from './deps';
import { pickTarget, targetOf, type Target } from './targets';

function urlOf(t: Target): string | undefined {
  return safeWebUrl(t.kind === 'incident' ? t.incident.url : t.group.permalink);
}

export function registerOpenInBackend(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.openInBackend, async (arg?: unknown) => {
    const target = targetOf(arg) ?? (await pickTarget(deps, 'Open in Backend', (t) => urlOf(t) !== undefined));
    const url = target && urlOf(target);
    if (!url) {
      if (target) vscode.window.showWarningMessage('ProdLens: the backend gave no http(s) link for this item.');
      return false;
    }
    // Only http(s) links reach openExternal: a backend cannot make ProdLens open a command or file URI.
    return vscode.env.openExternal(vscode.Uri.parse(url, true));
  });
}
