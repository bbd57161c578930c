import * as vscode from 'vscode';
import { Commands, Settings } from '../../host/ids';
import type { CommandDeps } from './deps';

export function registerToggleAnnotations(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.toggleAnnotations, async () => {
    // A personal preference: stored in user settings, not in the repository's.
    await deps.config.update(Settings.annotationsEnabled, !deps.config.annotationsEnabled, vscode.ConfigurationTarget.Global);
  });
}
