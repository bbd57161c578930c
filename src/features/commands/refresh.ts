import * as vscode from 'vscode';
import { Commands } from '../../host/ids';
import type { CommandDeps } from './deps';

export function registerRefresh(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.refresh, () =>
    vscode.window.withProgress({ location: { viewId: 'prodlens.backends' }, title: 'ProdLens: refreshing' }, async () => {
      await deps.registry.detect();
      await deps.overview.recompute();
      return deps.refreshActive(true);
    }));
}
